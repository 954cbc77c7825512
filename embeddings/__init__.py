"""Vectors: the sentence encoder and the vector store. Knows nothing of meetings or Telegram."""
