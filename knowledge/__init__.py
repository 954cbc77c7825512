"""Meetings: documents, cleaning and splitting into passages, the index refresh, and answering."""
