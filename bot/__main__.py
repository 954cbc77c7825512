"""``python -m bot`` does what the ``briefing-bot`` console script does."""

from bot.cli import main

if __name__ == "__main__":
    main()
