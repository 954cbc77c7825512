"""The Telegram handlers, one module per feature; :mod:`bot.wiring` registers them in order."""
