"""The gate every update passes first: only messages addressed to the bot by someone allowed."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, BotCommand, BotCommandScopeChat, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.access import Rate, Role
from bot.menu import COMMANDS
from bot.sending import answer_callback, reply_html, with_retry
from bot.state import BotState, state

log = logging.getLogger(__name__)

REFUSAL = (
    "Sorry, this bot answers staff only. If you should have access, send a maintainer your "
    "Telegram user id: <code>{user_id}</code>."
)
SLOW_DOWN = "You are sending questions faster than I can answer them; please wait a minute before the next one."
SLOW_DOWN_BUTTONS = "You are pressing buttons faster than I can keep up; please wait a minute."
EXPIRED = "This button has expired."


def _command_target(message: Message) -> tuple[str, str | None] | None:
    """``("reindex", "otherbot")`` for "/reindex@otherbot ...", ``None`` if not a command."""
    entity = next((e for e in message.entities if e.type == MessageEntity.BOT_COMMAND and e.offset == 0), None)
    if entity is None:
        return None
    command = message.parse_entity(entity)[1:]
    name, _, target = command.partition("@")
    return name.lower(), (target or None)


def _mentions_bot(message: Message, username: str, bot_id: int) -> bool:
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and text[1:].lower() == username.lower():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
    return False


def is_addressed(message: Message, username: str, bot_id: int) -> bool:
    """Whether a message is meant for the bot: any private message; in a group, a command for
    it, a mention of its @username, or a reply to one of its messages."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    if message.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return False
    command = _command_target(message)
    if command is not None:
        name, target = command
        if target is not None:
            return target.lower() == username.lower()
        return name in {c for c, _ in COMMANDS} | {"start"}
    if message.reply_to_message and message.reply_to_message.from_user:
        if message.reply_to_message.from_user.id == bot_id:
            return True
    return _mentions_bot(message, username, bot_id)


def _from_a_bot(message: Message) -> bool:
    """Sent through an inline bot, or forwarded from a bot's message: not a person asking."""
    origin = message.forward_origin
    sender = getattr(origin, "sender_user", None)
    return message.via_bot is not None or (sender is not None and sender.is_bot)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let through only updates addressed to the bot by someone allowed; refuse strangers once."""
    s = state(context)
    user = update.effective_user
    chat = update.effective_chat
    query = update.callback_query
    if query is not None:
        if user is None or s.access.role(user.id, chat.id if chat else None) is Role.NONE:
            await answer_callback(context, query, "This bot answers staff only.")
            raise ApplicationHandlerStop
        await _within_rate(s, user.id, "button press", lambda: answer_callback(context, query, SLOW_DOWN_BUTTONS))
        if query.message is None or not query.message.is_accessible:  # too old, or under an inline message
            log.info("User %s pressed a button under a message the bot cannot reach (%s)", user.id,
                     "none" if query.message is None else "inaccessible")
            await answer_callback(context, query, EXPIRED)
            raise ApplicationHandlerStop
        return
    message = update.message  # edited messages, channel posts and the like are not questions
    if message is None or user is None or user.is_bot or _from_a_bot(message):
        raise ApplicationHandlerStop
    if not is_addressed(message, context.bot.username, context.bot.id):
        raise ApplicationHandlerStop
    role = s.access.role(user.id, message.chat_id)
    if role is Role.ADMIN and user.id not in s.maintainer_menus:  # not reachable at start: set it now
        context.application.create_task(set_maintainer_menu(context.bot, s, user.id))
    if role is Role.NONE:
        log.info("Refused user %s in chat %s", user.id, message.chat_id)
        if s.access.should_tell_refusal(user.id):
            await reply_html(update, context, REFUSAL.format(user_id=user.id))
        raise ApplicationHandlerStop
    await _within_rate(s, user.id, "message", lambda: reply_html(update, context, SLOW_DOWN))


async def _within_rate(s: BotState, user_id: int, what: str, notify: Callable[[], Awaitable[object]]) -> None:
    """Let one more message or button press from ``user_id`` through the per-user rate limit; over
    it, log, ``notify`` the user when the limit says to (once a minute), and stop the update."""
    verdict = s.rate.check(user_id)
    if verdict is Rate.ALLOW:
        return
    log.info("User %s is over the rate limit (%d a minute); %s %s", user_id, s.rate.per_minute, what,
             "answered with a notice" if verdict is Rate.TELL else "ignored")
    if verdict is Rate.TELL:
        await notify()
    raise ApplicationHandlerStop


async def is_maintainer(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> bool:
    """Whether the sender is a maintainer, checked on every call; others are told so."""
    if state(context).access.role(update.effective_user.id, update.effective_chat.id) is Role.ADMIN:
        return True
    await reply_html(update, context, f"{command} is for maintainers.")
    return False


async def set_maintainer_menu(bot: Bot, s: BotState, user_id: int) -> None:
    """Show maintainer ``user_id`` every command, maintainers' ones included, in their chat
    with the bot; staff's menu (the default) lacks them. Telegram refuses this for a user who
    has not yet written to the bot: then it is done at their first message."""
    try:
        await with_retry(lambda: bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS],
                                                     scope=BotCommandScopeChat(user_id)), s.calls)
    except (BadRequest, Forbidden) as exc:
        log.info("Maintainer %s gets the maintainers' menu at their first message (%s)", user_id, exc)
        return
    s.maintainer_menus.add(user_id)
