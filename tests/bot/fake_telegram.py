"""A strict, local stand-in for the Telegram Bot API, served over real HTTP on 127.0.0.1.

python-telegram-bot talks to it exactly as to api.telegram.org (``base_url``). It is strict
where Telegram is: it refuses malformed HTML, texts over 4096 characters (counted as Telegram
does, in UTF-16 units after entity parsing), empty texts, edits of unknown messages, edits that
change nothing, unknown chats, replies to messages that are not there (unless
``allow_sending_without_reply``), a button press answered twice, and menus for chats the bot has
never seen; it forgets updates once a later offset confirms them, delivers only the update types
subscribed to, and answers 429 (with ``retry_after``) or 5xx on demand.

With a webhook set (``setWebhook``), it delivers updates as Telegram does: each POSTed as JSON to
the URL with the ``X-Telegram-Bot-Api-Secret-Token`` header, up to ``max_connections`` at once,
again (after :attr:`FakeTelegram.webhook_retry` seconds) until the webhook answers 2xx; and
``getUpdates`` answers 409 Conflict meanwhile.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Callable

import aiohttp
from aiohttp import web

TOKEN = "123456789:AAF-fake_token_for_tests_only_0123456789"
BOT_ID = 123456789
BOT_USERNAME = "briefing_test_bot"
MAX_TEXT = 4096
STALL = 7.0

_ALLOWED_TAGS = {
    "b": set(), "strong": set(), "i": set(), "em": set(), "u": set(), "ins": set(), "s": set(),
    "strike": set(), "del": set(), "a": {"href"}, "code": {"class"}, "pre": set(), "span": {"class"},
    "tg-spoiler": set(), "blockquote": {"expandable"}, "tg-emoji": {"emoji-id"},
}
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


class _StrictHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag \"{tag}\"")
        for name, _ in attrs:
            if name not in _ALLOWED_TAGS[tag]:
                raise ApiError(400, f"Bad Request: can't parse entities: Unsupported attribute \"{name}\"")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise ApiError(400, f"Bad Request: can't parse entities: Unexpected end tag \"{tag}\"")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> str:
    """The plain text Telegram would show, or :class:`ApiError` where Telegram would refuse."""
    for m in re.finditer(r"<", text):
        if not _TAG.match(text, m.start()):
            raise ApiError(400, f"Bad Request: can't parse entities: Unexpected character '<' at offset {m.start()}")
    for m in re.finditer(r"&", text):
        if not _ENTITY.match(text, m.start()):
            raise ApiError(400, f"Bad Request: can't parse entities: Unsupported entity at offset {m.start()}")
    parser = _StrictHtml()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise ApiError(400, f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{parser.stack[-1]}\"")
    return "".join(parser.text)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Sent:
    """A message the bot sent (or edited), as the fake recorded it."""

    chat_id: int
    message_id: int
    text: str
    plain: str
    parse_mode: str | None
    reply_to: int | None
    reply_markup: dict | None
    edits: list[str] = field(default_factory=list)
    at: float = field(default_factory=time.perf_counter)
    """When the server received it (``time.perf_counter``), for latency measurements."""


@dataclass
class Fault:
    method: str
    status: int | str
    """An HTTP status, ``"reset"`` (the connection is dropped without an answer) or ``"stall"``
    (no answer for :data:`STALL` seconds, longer than the client waits, then a 504)."""
    retry_after: int | None = None
    after_effect: bool = False
    """Answer with the error although the request took effect (a lost response)."""
    when: Callable[[dict], bool] | None = None
    """Only calls whose parameters this accepts fail (default: every call of ``method``)."""


class FakeTelegram:
    """The fake server. Use as ``async with FakeTelegram() as tg:``."""

    def __init__(self, *, long_poll_cap: float = 0.2, webhook_retry: float = 0.5, webhook_timeout: float = 30.0) -> None:
        self.long_poll_cap = long_poll_cap
        self.webhook_retry = webhook_retry
        """Seconds before an update the webhook did not take (no 2xx) is delivered again."""
        self.webhook_timeout = webhook_timeout
        """Seconds a webhook has to answer before the delivery counts as failed."""
        self.webhook: dict | None = None
        """The webhook set: ``url``, ``secret_token``, ``max_connections``, ``allowed_updates``."""
        self.deliveries: dict[int, int] = {}
        """Delivery attempts (POSTs to the webhook) per update id."""
        self.webhook_answers: list[tuple[int, int | str]] = []
        """(update id, the webhook's HTTP status or the error's name), per attempt, in order."""
        self.delivered: list[int] = []
        """Update ids the webhook took (answered 2xx), in the order it answered."""
        self.delivered_at: dict[int, float] = {}
        """When the webhook answered 2xx (``time.perf_counter``), per update id."""
        self._delivering: dict[int, asyncio.Task] = {}
        self._connections: asyncio.Semaphore | None = None
        self._session: aiohttp.ClientSession | None = None
        self.updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self.chats: dict[int, dict] = {}
        self.sent: list[Sent] = []
        self.messages: dict[tuple[int, int], Sent] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.commands: list[dict] | None = None
        self.allowed_updates: list[str] | None = None
        self.scoped_commands: dict[int, list[dict]] = {}
        self.user_messages: set[tuple[int, int]] = set()
        """(chat id, message id) of the messages users sent: replies may point at them."""
        """Command menus set for one chat (``BotCommandScopeChat``), by chat id."""
        """The update types the bot subscribed to (getUpdates' ``allowed_updates``), once it has."""
        self.callback_answers: dict[str, dict] = {}
        self.requests: list[tuple[str, dict]] = []
        self.refused: list[tuple[str, str]] = []
        self.faults: list[Fault] = []
        self.pushed_at: dict[int, float] = {}
        self.files: dict[str, bytes] = {}
        self.file_paths: dict[str, str] = {}
        """``file_path`` getFile answers for a file id, where a test wants an odd one."""
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle -------------------------------------------------------------------
    async def __aenter__(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._delivering.values():
            task.cancel()
        await asyncio.gather(*self._delivering.values(), return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ---- what tests do ----------------------------------------------------------------
    def fail(self, method: str, status: int | str, *, times: int = 1, retry_after: int | None = None,
             after_effect: bool = False, when: Callable[[dict], bool] | None = None) -> None:
        """Answer the next ``times`` calls of ``method`` with ``status`` (see :class:`Fault`);
        with ``after_effect`` the call takes effect first (the answer is what gets lost); with
        ``when``, only the calls whose parameters it accepts."""
        self.faults.extend(Fault(method, status, retry_after, after_effect, when) for _ in range(times))

    def _chat(self, chat_id: int, chat_type: str, title: str | None) -> dict:
        chat = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = f"User{chat_id}"
        else:
            chat["title"] = title or f"Group {chat_id}"
        self.chats[chat_id] = chat
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    async def _push(self, update: dict) -> dict:
        update["update_id"] = next(self._update_ids)
        self.pushed_at[update["update_id"]] = time.perf_counter()
        async with self._changed:
            self.updates.append(update)
            self._changed.notify_all()
        if self.webhook is not None:
            self._deliver_soon(update)
        return update

    # ---- webhook delivery -------------------------------------------------------------------
    def _deliver_soon(self, update: dict) -> None:
        uid = update["update_id"]
        if uid not in self._delivering:
            self._delivering[uid] = asyncio.create_task(self._deliver(update), name=f"deliver-{uid}")

    async def _deliver(self, update: dict) -> None:
        """POST ``update`` to the webhook until it answers 2xx (or the webhook is removed)."""
        uid = update["update_id"]
        try:
            while (hook := self.webhook) is not None:
                if hook["allowed_updates"] and not set(update) - {"update_id"} <= set(hook["allowed_updates"]):
                    self.updates = [u for u in self.updates if u["update_id"] != uid]  # never delivered
                    return
                assert self._connections is not None
                async with self._connections:
                    status = await self._post_update(hook, update)
                self.webhook_answers.append((uid, status))
                async with self._changed:
                    if isinstance(status, int) and 200 <= status < 300:
                        self.updates = [u for u in self.updates if u["update_id"] != uid]
                        self.delivered.append(uid)
                        self.delivered_at[uid] = time.perf_counter()
                        self._changed.notify_all()
                        return
                    hook["last_error_date"] = int(time.time())
                    hook["last_error_message"] = (f"Wrong response from the webhook: {status}"
                                                  if isinstance(status, int) else f"Connection failed: {status}")
                    self._changed.notify_all()
                await asyncio.sleep(self.webhook_retry)
        finally:
            self._delivering.pop(uid, None)

    async def _post_update(self, hook: dict, update: dict) -> int | str:
        uid = update["update_id"]
        self.deliveries[uid] = self.deliveries.get(uid, 0) + 1
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]} if hook["secret_token"] else {}
        try:
            async with self._session.post(hook["url"], json=update, headers=headers,
                                          timeout=aiohttp.ClientTimeout(total=self.webhook_timeout)) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:  # refused, reset, too slow
            return type(exc).__name__

    async def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        reply_to: int | None = None,
        is_bot: bool = False,
        extra: dict | None = None,
    ) -> dict:
        """A user writes ``text``; bot commands and @mentions get their entities as Telegram sets them."""
        message = self._message(user_id, chat_id, chat_type, reply_to, is_bot)
        message["text"] = text
        entities = []
        for m in re.finditer(r"(?<![\w/])/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?", text):
            if m.start() == 0:
                entities.append({"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())})
        for m in re.finditer(r"(?<!\w)@[A-Za-z0-9_]{5,32}", text):
            if not any(e["offset"] <= utf16_len(text[: m.start()]) < e["offset"] + e["length"] for e in entities):
                entities.append({"type": "mention", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())})
        if entities:
            message["entities"] = sorted(entities, key=lambda e: e["offset"])
        message.update(extra or {})
        return await self._push({"message": message})

    async def send_other(self, user_id: int, kind: str, *, chat_id: int | None = None, chat_type: str = "private") -> dict:
        """A non-text message: ``sticker``, ``photo`` or ``voice``."""
        message = self._message(user_id, chat_id, chat_type, None, False)
        if kind == "sticker":
            message["sticker"] = {"file_id": "stk", "file_unique_id": "stk1", "width": 512, "height": 512,
                                  "is_animated": False, "is_video": False, "type": "regular"}
        elif kind == "photo":
            message["photo"] = [{"file_id": "ph", "file_unique_id": "ph1", "width": 90, "height": 90}]
        elif kind == "voice":
            message["voice"] = {"file_id": "vc", "file_unique_id": "vc1", "duration": 2}
        else:
            raise ValueError(kind)
        return await self._push({"message": message})

    async def send_document(self, user_id: int, file_name: str, data: bytes, *, mime_type: str | None = None,
                            chat_id: int | None = None, chat_type: str = "private") -> dict:
        """A user sends a file; the bot can fetch it with getFile and a download, like Telegram's."""
        message = self._message(user_id, chat_id, chat_type, None, False)
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = data
        message["document"] = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
                               "mime_type": mime_type or "application/octet-stream", "file_size": len(data)}
        return await self._push({"message": message})

    async def send_raw(self, body: dict) -> dict:
        """An update exactly as given (plus its ``update_id``): for ones the library cannot read."""
        return await self._push(dict(body))

    async def edit_text(self, update: dict, new_text: str) -> dict:
        message = dict(update["message"], text=new_text, edit_date=int(time.time()))
        return await self._push({"edited_message": message})

    async def press(self, user_id: int, sent: Sent, data: str, *, message: str = "accessible") -> dict:
        """A user presses an inline button with ``data`` under the bot's message ``sent``.

        ``message="inaccessible"`` sends the message as Telegram does once it is too old to
        reach (date 0, no content); ``message="none"`` sends none, as under an inline message.
        """
        chat = self.chats[sent.chat_id]
        query = {
            "id": f"cb{next(self._update_ids)}",
            "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
            "chat_instance": "ci",
            "data": data,
        }
        if message == "accessible":
            query["message"] = {"message_id": sent.message_id, "date": int(time.time()), "chat": chat,
                                "from": self._bot_user(), "text": sent.plain}
        elif message == "inaccessible":
            query["message"] = {"message_id": sent.message_id, "date": 0, "chat": chat}
        elif message == "none":
            query["inline_message_id"] = f"inline{sent.message_id}"
        else:
            raise ValueError(message)
        return await self._push({"callback_query": query})

    def _message(self, user_id: int, chat_id: int | None, chat_type: str, reply_to: int | None, is_bot: bool) -> dict:
        chat_id = user_id if chat_id is None else chat_id
        chat = self._chat(chat_id, chat_type, None)
        message_id = self._next_message_id(chat_id)
        self.user_messages.add((chat_id, message_id))
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": is_bot, "first_name": f"User{user_id}", "username": f"user{user_id}"},
        }
        if reply_to is not None:
            original = self.messages.get((chat_id, reply_to))
            if original is None:
                raise ValueError(f"no message {reply_to} in chat {chat_id} to reply to")
            message["reply_to_message"] = {"message_id": reply_to, "date": int(time.time()), "chat": chat,
                                           "from": self._bot_user(), "text": original.plain}
        return message

    def replies_to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked whenever the bot calls the API)."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not (result := predicate()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out; bot sent: {[s.plain[:80] for s in self.sent]}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except asyncio.TimeoutError:
                    pass
            return result

    async def settle(self, seconds: float = 0.5) -> None:
        """Let the bot work for a moment (to check that it does *not* reply)."""
        await asyncio.sleep(seconds)

    # ---- the API ----------------------------------------------------------------------
    def _bot_user(self) -> dict:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Briefing", "username": BOT_USERNAME}

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != TOKEN:
            return self._error(ApiError(401, "Unauthorized"))
        params = dict(await request.post()) if request.can_read_body else {}
        params.update(request.query)
        self.requests.append((method, params))
        fault = next((f for f in self.faults
                      if f.method.lower() == method.lower() and (f.when is None or f.when(params))), None)
        if fault and not fault.after_effect:
            self.faults.remove(fault)
            return await self._fault(fault, request)
        try:
            handler = getattr(self, f"api_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
        except ApiError as exc:
            self.refused.append((method, exc.description))
            async with self._changed:
                self._changed.notify_all()
            return self._error(exc)
        if fault:
            self.faults.remove(fault)
            async with self._changed:
                self._changed.notify_all()
            return await self._fault(fault, request)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.Response(status=401)
        file_id = request.match_info["path"].removeprefix("documents/")
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])

    async def _fault(self, fault: Fault, request: web.Request) -> web.Response:
        if fault.status == "reset":
            request.transport.close()  # the client sees the connection dropped mid-request
            return web.Response(status=500)
        if fault.status == "stall":
            await asyncio.sleep(STALL)
            return self._error(ApiError(504, "Gateway Timeout"))
        if fault.status == 429:
            return self._error(ApiError(429, f"Too Many Requests: retry after {fault.retry_after or 1}",
                                        {"retry_after": fault.retry_after or 1}))
        return self._error(ApiError(fault.status, {500: "Internal Server Error", 502: "Bad Gateway"}.get(fault.status, "Error")))

    @staticmethod
    def _error(exc: ApiError) -> web.Response:
        body = {"ok": False, "error_code": exc.code, "description": exc.description}
        if exc.parameters:
            body["parameters"] = exc.parameters
        return web.json_response(body, status=exc.code)

    def _chat_of(self, params: dict) -> dict:
        try:
            chat_id = int(params["chat_id"])
        except (KeyError, ValueError):
            raise ApiError(400, "Bad Request: chat_id is empty") from None
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self.chats[chat_id]

    def _check_text(self, params: dict) -> tuple[str, str]:
        text = params.get("text", "")
        parse_mode = params.get("parse_mode")
        plain = parse_html(text) if parse_mode == "HTML" else text
        if parse_mode not in (None, "HTML"):
            raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return text, plain

    @staticmethod
    def _markup(params: dict) -> dict | None:
        if "reply_markup" not in params:
            return None
        try:
            markup = json.loads(params["reply_markup"])
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object") from None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    async def api_getme(self, params: dict) -> dict:
        return {**self._bot_user(), "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def api_setwebhook(self, params: dict) -> bool:
        url = params.get("url", "")
        if not url:  # as Telegram: an empty URL removes the webhook
            return await self.api_deletewebhook(params)
        if not re.fullmatch(r"https?://[^/\s]+(/\S*)?", url):
            raise ApiError(400, "Bad Request: bad webhook: Failed to resolve host: Name or service not known")
        secret = params.get("secret_token") or None
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        max_connections = int(params.get("max_connections") or 40)
        if not 1 <= max_connections <= 100:
            raise ApiError(400, "Bad Request: bad webhook: max_connections must be between 1 and 100")
        allowed = json.loads(params["allowed_updates"]) if params.get("allowed_updates") else None
        if allowed is not None:
            self.allowed_updates = allowed
        if params.get("drop_pending_updates") in ("true", "True", True):
            self.updates = []
        if self.webhook is None or self.webhook["max_connections"] != max_connections:
            self._connections = asyncio.Semaphore(max_connections)
        self.webhook = {"url": url, "secret_token": secret, "max_connections": max_connections,
                        "allowed_updates": self.allowed_updates}
        for update in list(self.updates):  # those waiting are delivered now
            self._deliver_soon(update)
        return True

    async def api_deletewebhook(self, params: dict) -> bool:
        self.webhook = None  # deliveries under way stop after their current attempt
        if params.get("drop_pending_updates") in ("true", "True", True):
            self.updates = []
        return True

    async def api_getwebhookinfo(self, params: dict) -> dict:
        if self.webhook is None:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self.updates)}
        info = {"url": self.webhook["url"], "has_custom_certificate": False,
                "pending_update_count": len(self.updates), "max_connections": self.webhook["max_connections"]}
        if self.webhook["allowed_updates"]:
            info["allowed_updates"] = self.webhook["allowed_updates"]
        for key in ("last_error_date", "last_error_message"):
            if key in self.webhook:
                info[key] = self.webhook[key]
        return info

    async def api_getupdates(self, params: dict) -> list[dict]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
                                "to delete the webhook first")
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), self.long_poll_cap)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        if params.get("allowed_updates"):
            self.allowed_updates = json.loads(params["allowed_updates"])
        async with self._changed:
            if offset:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if self.allowed_updates:  # as Telegram: types not subscribed to are never delivered
                self.updates = [u for u in self.updates if set(u) - {"update_id"} <= set(self.allowed_updates)]
            while not self.updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    break
            return self.updates[:limit]

    async def api_sendmessage(self, params: dict) -> dict:
        chat = self._chat_of(params)
        text, plain = self._check_text(params)
        markup = self._markup(params)
        reply_to = None
        without_reply = False
        if "reply_parameters" in params:
            reply = json.loads(params["reply_parameters"])
            reply_to, without_reply = reply.get("message_id"), bool(reply.get("allow_sending_without_reply"))
        elif "reply_to_message_id" in params:
            reply_to = int(params["reply_to_message_id"])
            without_reply = params.get("allow_sending_without_reply") in ("true", "True", True)
        if reply_to is not None and (chat["id"], reply_to) not in self.messages and (chat["id"], reply_to) not in self.user_messages:
            if not without_reply:  # as Telegram: a reply to a message that is not there is refused
                raise ApiError(400, "Bad Request: message to be replied not found")
            reply_to = None
        message_id = self._next_message_id(chat["id"])
        sent = Sent(chat["id"], message_id, text, plain, params.get("parse_mode"), reply_to, markup)
        self.sent.append(sent)
        self.messages[(chat["id"], message_id)] = sent
        result = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": self._bot_user(), "text": plain}
        if markup:
            result["reply_markup"] = markup
        return result

    async def api_editmessagetext(self, params: dict) -> dict:
        chat = self._chat_of(params)
        try:
            key = (chat["id"], int(params["message_id"]))
        except (KeyError, ValueError):
            raise ApiError(400, "Bad Request: message identifier is not specified") from None
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        text, plain = self._check_text(params)
        markup = self._markup(params)
        sent = self.messages[key]
        if text == sent.text and markup == sent.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                "markup are exactly the same as a current content and reply markup of the message")
        sent.edits.append(sent.text)
        sent.text, sent.plain, sent.reply_markup = text, plain, markup
        return {"message_id": key[1], "date": int(time.time()), "chat": chat, "from": self._bot_user(),
                "text": plain, "edit_date": int(time.time())}

    async def api_editmessagereplymarkup(self, params: dict) -> dict:
        chat = self._chat_of(params)
        key = (chat["id"], int(params.get("message_id") or 0))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = self._markup(params)
        sent = self.messages[key]
        if markup == sent.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        sent.reply_markup = markup
        return {"message_id": key[1], "date": int(time.time()), "chat": chat, "from": self._bot_user(), "text": sent.plain}

    async def api_getfile(self, params: dict) -> dict:
        file_id = params.get("file_id", "")
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(self.files[file_id]) > 20 * 2**20:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files[file_id]),
                "file_path": self.file_paths.get(file_id, f"documents/{file_id}")}

    async def api_sendchataction(self, params: dict) -> bool:
        chat = self._chat_of(params)
        self.chat_actions.append((chat["id"], params.get("action", "")))
        return True

    async def api_setmycommands(self, params: dict) -> bool:
        commands = json.loads(params.get("commands", "[]"))
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c.get("command", "")) or not 1 <= len(c.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        scope = json.loads(params.get("scope") or '{"type": "default"}')
        if scope.get("type") == "chat":
            chat_id = int(scope.get("chat_id", 0))
            if chat_id not in self.chats:
                raise ApiError(400, "Bad Request: chat not found")
            self.scoped_commands[chat_id] = commands
        elif scope.get("type") == "default":
            self.commands = commands
        else:
            raise ApiError(400, f"Bad Request: unsupported scope {scope.get('type')}")
        return True

    async def api_answercallbackquery(self, params: dict) -> bool:
        query_id = params.get("callback_query_id", "")
        if not query_id.startswith("cb") or query_id in self.callback_answers:  # unknown, or answered already
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(params.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[params["callback_query_id"]] = params
        return True
