"""The edge: Telegram and the command line. Turns domain errors into sentences for people."""
