"""A loopback fake of Discord's REST API and gateway that the real discord.py client can talk to.

Tests run an unmodified `discord.Client`/`commands.Bot` against it, inject gateway events
(slash commands, autocomplete, button presses, messages) and assert on the HTTP calls the
bot makes in response. See README.md in this folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import socket
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from aiohttp import WSMsgType, web

from . import payloads as p
from .cdn import FakeCdn, is_attachment
from .payloads import Json

log = logging.getLogger("fakediscord")

T = TypeVar("T")
GuildRef = int | None | Literal["default"]

API_PREFIX = "/api/v10"
CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE = 8
CALLBACK_MODAL = 9

INTERACTION_PING = 1
INTERACTION_COMMAND = 2
INTERACTION_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4
INTERACTION_MODAL_SUBMIT = 5

_ALLOWED_CALLBACKS: dict[int, set[int]] = {
    INTERACTION_PING: {1},
    INTERACTION_COMMAND: {CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE, CALLBACK_MODAL},
    INTERACTION_COMPONENT: {
        CALLBACK_MESSAGE,
        CALLBACK_DEFERRED_MESSAGE,
        CALLBACK_DEFERRED_UPDATE,
        CALLBACK_UPDATE_MESSAGE,
        CALLBACK_MODAL,
    },
    INTERACTION_AUTOCOMPLETE: {CALLBACK_AUTOCOMPLETE},
    INTERACTION_MODAL_SUBMIT: {
        CALLBACK_MESSAGE,
        CALLBACK_DEFERRED_MESSAGE,
        CALLBACK_DEFERRED_UPDATE,
        CALLBACK_UPDATE_MESSAGE,
    },
}


class FakeDiscordTimeout(AssertionError):
    """A wait on the fake timed out; an AssertionError so pytest shows it as a test failure."""


# ---------------------------------------------------------------------------
# Records that tests inspect
# ---------------------------------------------------------------------------


class _ErrorResponse(Exception):
    """Raised by a route helper: the error response Discord would send instead."""

    def __init__(self, status: int, body: Json) -> None:
        super().__init__(status, body)
        self.status, self.body = status, body


@dataclass
class RecordedRequest:
    """One HTTP request the bot made, with the fake's answer."""

    index: int
    method: str
    path: str  # relative to the API base, e.g. "/channels/1/messages"
    query: dict[str, str]
    json: Any  # parsed JSON body (multipart: the payload_json part), None if no body
    files: list[Json]  # multipart files: {"field", "filename", "content_type", "data"}
    headers: dict[str, str]
    status: int = 0
    response: Any = None
    at: float = field(default_factory=time.monotonic)

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


@dataclass
class GatewayRecord:
    """One gateway payload, sent ("send") by the fake or received ("recv") from the bot."""

    index: int
    direction: Literal["send", "recv"]
    connection_id: int
    shard_id: int | None
    op: int | None
    t: str | None
    s: int | None
    d: Any


@dataclass
class _Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: Json
    times: int


class GatewaySession:
    """A gateway session (what RESUME resumes): sequence numbers and an event history."""

    def __init__(self, session_id: str, shard: tuple[int, int], identify: Json) -> None:
        self.session_id = session_id
        self.shard_id, self.shard_count = shard
        self.identify = identify
        self.intents: int = int(identify.get("intents") or 0)
        self.sharded: bool = "shard" in identify
        self.seq = 0
        self.history: deque[Json] = deque(maxlen=2000)
        self.connection: GatewayConnection | None = None
        self.alive = True
        self.presence: Json | None = identify.get("presence")
        self.lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"<GatewaySession {self.session_id} shard={self.shard_id}/{self.shard_count}>"


class GatewayConnection:
    """One websocket connection; owns the zlib-stream context when the client asked for it."""

    def __init__(
        self, server: FakeDiscord, conn_id: int, ws: web.WebSocketResponse, request: web.Request
    ) -> None:
        self.server = server
        self.id = conn_id
        self.ws = ws
        self.path = request.path
        self.query: dict[str, str] = dict(request.query)
        self.compress = self.query.get("compress")
        self._zlib = zlib.compressobj() if self.compress == "zlib-stream" else None
        self._zstd: Any = None
        if self.compress == "zstd-stream":
            with contextlib.suppress(ImportError):
                import zstandard  # type: ignore[import-not-found]

                self._zstd = (zstandard.ZstdCompressor().compressobj(), zstandard)
        self.session: GatewaySession | None = None
        self.closed = False
        self.dropped_by_server = False
        self.close_code: int | None = None
        self.heartbeats = 0
        self._lock = asyncio.Lock()

    @property
    def shard_id(self) -> int | None:
        return self.session.shard_id if self.session else None

    async def send(self, payload: Json) -> None:
        """Serialize, compress like Discord does, and record the payload."""
        data = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            if self.ws.closed:
                raise ConnectionResetError("gateway websocket is closed")
            if self._zlib is not None:
                await self.ws.send_bytes(
                    self._zlib.compress(data.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                )
            elif self._zstd is not None:
                cobj, zstd = self._zstd
                await self.ws.send_bytes(
                    cobj.compress(data.encode()) + cobj.flush(zstd.COMPRESSOBJ_FLUSH_BLOCK)
                )
            else:
                await self.ws.send_str(data)
        self.server._record_gateway("send", self, payload)


# ---------------------------------------------------------------------------
# Handles returned to tests
# ---------------------------------------------------------------------------


class InteractionHandle:
    """An interaction the fake dispatched; collects the bot's callback, followups and edits."""

    def __init__(self, server: FakeDiscord, payload: Json) -> None:
        self.server = server
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.channel_id = int(payload["channel_id"])
        self.guild_id = int(payload["guild_id"]) if payload.get("guild_id") else None
        self.dispatched_at = time.monotonic()
        self.callback: RecordedRequest | None = None
        self.followups: list[RecordedRequest] = []
        self.edits: list[RecordedRequest] = []
        self.deletes: list[RecordedRequest] = []
        self.requests: list[RecordedRequest] = []  # every accepted request on this token, in order
        self.original_message_id: int | None = None

    def __repr__(self) -> str:
        return f"<InteractionHandle id={self.id} type={self.type} callback={self.callback_type}>"

    @property
    def callback_type(self) -> int | None:
        """The callback type the bot chose (4 message, 5 defer, 6/7 update, 8 autocomplete)."""
        return self.callback.json.get("type") if self.callback else None

    @property
    def callback_data(self) -> Json:
        """The `data` of the callback body ({} when absent)."""
        return (self.callback.json.get("data") or {}) if self.callback else {}

    @property
    def ephemeral(self) -> bool:
        """True if the first response (message or defer) was ephemeral."""
        return bool(int(self.callback_data.get("flags") or 0) & p.FLAG_EPHEMERAL)

    @property
    def original(self) -> Json | None:
        """The fake's current copy of the @original response message."""
        if self.original_message_id is None:
            return None
        return self.server.messages.get(self.original_message_id)

    async def wait_callback(self, timeout: float = 5.0) -> Json:
        """Wait for the callback POST; returns its body `{"type": ..., "data": ...}`."""
        req = await self.server._wait_until(
            lambda: self.callback, timeout, f"interaction {self.id} callback"
        )
        return req.json

    async def wait_followup(self, index: int = 0, timeout: float = 5.0) -> Json:
        """Wait for the index-th followup (POST /webhooks/{app}/{token}); returns its body."""
        return await self._wait_nth(self.followups, index, timeout, "followup")

    async def wait_edit(self, index: int = 0, timeout: float = 5.0) -> Json:
        """Wait for the index-th PATCH of a response message; returns its body."""
        return await self._wait_nth(self.edits, index, timeout, "edit")

    async def _wait_nth(
        self, requests: list[RecordedRequest], index: int, timeout: float, what: str
    ) -> Json:
        req = await self.server._wait_until(
            lambda: requests[index] if len(requests) > index else None,
            timeout,
            f"{what} #{index} of interaction {self.id}",
        )
        return req.json

    async def wait_choices(self, timeout: float = 5.0) -> list[Json]:
        """Wait for an autocomplete result; returns the choices list."""
        body = await self.wait_callback(timeout)
        assert body.get("type") == CALLBACK_AUTOCOMPLETE, f"not an autocomplete result: {body}"
        return list((body.get("data") or {}).get("choices") or [])

    async def wait_reply(self, timeout: float = 5.0) -> Json:
        """Wait for the first message the user actually sees; returns its body.

        That is the callback's data for type 4/7, otherwise (after a defer) the first
        followup or edit of the original.
        """

        def find() -> Json | None:
            if self.callback is None:
                return None
            kind = self.callback_type
            if kind in (CALLBACK_MESSAGE, CALLBACK_UPDATE_MESSAGE, CALLBACK_AUTOCOMPLETE):
                return self.callback_data
            for req in self.requests:
                if req is not self.callback and req.method in ("POST", "PATCH"):
                    return req.json
            return None

        return await self.server._wait_until(find, timeout, f"reply to interaction {self.id}")


class MessageHandle:
    """A MESSAGE_CREATE the fake dispatched; finds the bot's replies in that channel."""

    def __init__(self, server: FakeDiscord, message: Json, mark: int) -> None:
        self.server = server
        self.message = message
        self.id = int(message["id"])
        self.channel_id = int(message["channel_id"])
        self.mark = mark

    def _replies(self) -> list[RecordedRequest]:
        path = f"/channels/{self.channel_id}/messages"
        return [
            r
            for r in self.server.requests[self.mark :]
            if r.method == "POST" and r.path == path and 200 <= r.status < 300
        ]

    @property
    def replies(self) -> list[Json]:
        """Messages the bot has posted in this channel since the message was dispatched."""
        return [r.response for r in self._replies()]

    async def wait_reply(self, index: int = 0, timeout: float = 5.0) -> Json:
        """Wait for the bot's index-th message in this channel; returns the created message."""
        req = await self.server._wait_until(
            lambda: r[index] if len(r := self._replies()) > index else None,
            timeout,
            f"bot reply #{index} in channel {self.channel_id}",
        )
        return req.response


# ---------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------

Handler = Callable[..., Any]


class FakeDiscord:
    """Fake Discord REST + gateway on 127.0.0.1; use as `async with FakeDiscord() as server:`."""

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        bot_name: str = "Briefbot",
        shard_count: int = 1,
        heartbeat_interval_ms: int = 41250,
        callback_deadline: float | None = 3.0,
        strict_commands: bool = False,
        emulate_message_content_intent: bool = True,
        enabled_privileged_intents: int = p.PRIVILEGED_INTENTS,
        create_default_guild: bool = True,
    ) -> None:
        self.token = token
        self.shard_count = shard_count
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.callback_deadline = callback_deadline
        self.strict_commands = strict_commands
        self.emulate_message_content_intent = emulate_message_content_intent
        self.enabled_privileged_intents = enabled_privileged_intents
        # Switches tests flip at runtime.
        self.reject_token = False  # GET /users/@me (and every authed route) answers 401
        self.ack_heartbeats = True
        self.allow_resume = True

        self.application_id = p.snowflake()
        self.bot_user = p.make_user(bot_name, user_id=self.application_id, bot=True)
        self.bot_user.update({"verified": True, "mfa_enabled": False, "email": None})
        self.owner = p.make_user("owner")
        self.user = p.make_user("tester")
        self.application_flags = (1 << 13) | (1 << 15) | (1 << 19) | (1 << 23)
        self.bot_permissions = p.DEFAULT_BOT_PERMISSIONS

        self.guilds: dict[int, Json] = {}
        self.dm_channels: dict[str, Json] = {}  # by recipient user id
        self.messages: dict[int, Json] = {}
        self.commands: dict[int | None, list[Json]] = {}  # None = global
        self.requests: list[RecordedRequest] = []
        self.unknown_requests: list[RecordedRequest] = []
        self.errors: list[str] = []
        self.gateway_log: list[GatewayRecord] = []
        self.connections: list[GatewayConnection] = []
        self.sessions: dict[str, GatewaySession] = {}
        self.interactions: dict[str, InteractionHandle] = {}
        self.cdn = FakeCdn()
        self._failures: list[_Failure] = []
        self._cond = asyncio.Condition()
        self._conn_ids = 0
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes = self._build_routes()

        self._default_guild_id: int | None = None
        if create_default_guild:
            guild = self.add_guild(p.make_guild(owner_id=self.owner["id"]), members=[self.user])
            self._default_guild_id = int(guild["id"])

    # -- lifecycle -----------------------------------------------------------

    async def start(self) -> FakeDiscord:
        """Bind a free loopback port and start serving."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_get("/gateway/resume", self._gateway_handler)
        app.router.add_get("/ephemeral-attachments/{application}/{id}/{filename}", self.cdn.handle)
        app.router.add_route("*", "/api/v{version:\\d+}/{tail:.*}", self._rest_handler)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def close(self) -> None:
        """Close every websocket and stop the server (bounded in time)."""
        for conn in list(self.connections):
            if not conn.ws.closed:
                conn.dropped_by_server = True
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.ws.close(code=1001, message=b"server stopping"), 2)
        if self._runner is not None:
            await asyncio.wait_for(self._runner.cleanup(), 5)
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for discord.http.Route.BASE / DISCORD_API_BASE."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """Value for DiscordWebSocket.DEFAULT_GATEWAY / DISCORD_GATEWAY_URL."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/resume"

    def env(self) -> dict[str, str]:
        """Environment a product bot needs to target this fake."""
        return {
            "DISCORD_API_BASE": self.api_base,
            "DISCORD_GATEWAY_URL": self.gateway_url,
            "DISCORD_TOKEN": self.token,
        }

    # -- world configuration --------------------------------------------------

    @property
    def guild(self) -> Json:
        """The default guild."""
        assert self._default_guild_id is not None, "no default guild configured"
        return self.guilds[self._default_guild_id]

    @property
    def guild_id(self) -> int:
        return int(self.guild["id"])

    @property
    def channel(self) -> Json:
        """The default guild's first text channel."""
        return self.guild["channels"][0]

    @property
    def channel_id(self) -> int:
        return int(self.channel["id"])

    def add_guild(self, guild: Json, *, members: Sequence[Json] = ()) -> Json:
        """Register a guild (see payloads.make_guild); the bot is added as a member."""
        self.guilds[int(guild["id"])] = guild
        self.add_member(int(guild["id"]), self.bot_user)
        for user in members:
            self.add_member(int(guild["id"]), user)
        return guild

    def add_member(self, guild_id: int, user: Json, *, roles: Sequence[int | str] = ()) -> Json:
        """Add (or replace) a guild member."""
        guild = self.guilds[guild_id]
        guild["members"] = [m for m in guild["members"] if m["user"]["id"] != user["id"]]
        member = p.make_member(user, roles=roles)
        guild["members"].append(member)
        guild["member_count"] = len(guild["members"])
        return member

    def add_role(self, guild_id: int, name: str, *, permissions: int = 0) -> Json:
        """Add a role to a guild; returns the role."""
        guild = self.guilds[guild_id]
        role = p.make_role(name, permissions=permissions, position=len(guild["roles"]))
        guild["roles"].append(role)
        return role

    def add_channel(self, guild_id: int, name: str) -> Json:
        """Add a text channel to a guild; returns the channel."""
        guild = self.guilds[guild_id]
        channel = p.make_text_channel(name, guild_id=guild_id, position=len(guild["channels"]))
        guild["channels"].append(channel)
        return channel

    async def join_guild(self, guild: Json, *, members: Sequence[Json] = ()) -> Json:
        """Add a guild at runtime and dispatch GUILD_CREATE, as when the bot is invited."""
        self.add_guild(guild, members=members)
        await self.dispatch("GUILD_CREATE", guild, guild_id=int(guild["id"]))
        return guild

    def dm_channel(self, user: Json) -> Json:
        """The DM channel between the bot and `user` (created on first use)."""
        if user["id"] not in self.dm_channels:
            self.dm_channels[user["id"]] = p.make_dm_channel(user)
        return self.dm_channels[user["id"]]

    def find_channel(self, channel_id: int | str) -> tuple[Json | None, Json | None]:
        """(channel, guild or None) for a channel id, or (None, None)."""
        cid = str(channel_id)
        for guild in self.guilds.values():
            for channel in guild["channels"]:
                if channel["id"] == cid:
                    return channel, guild
        for channel in self.dm_channels.values():
            if channel["id"] == cid:
                return channel, None
        return None, None

    def synced_commands(self, guild_id: int | None = None) -> list[Json]:
        """The command set last bulk-overwritten globally (or for a guild)."""
        return list(self.commands.get(guild_id, []))

    def channel_messages(self, channel_id: int) -> list[Json]:
        """Messages the fake holds for a channel (bot messages and dispatched user messages)."""
        return [m for m in self.messages.values() if m["channel_id"] == str(channel_id)]

    def fail_next(
        self,
        method: str,
        path_regex: str,
        *,
        status: int = 403,
        body: Json | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` matching REST calls fail (403 Missing Permissions by default)."""
        if body is None:
            body = (
                {"message": "You are being rate limited.", "retry_after": 0.05, "global": False}
                if status == 429
                else {"message": "Missing Permissions", "code": 50013}
            )
        self._failures.append(_Failure(method.upper(), re.compile(path_regex), status, body, times))

    # -- waiting and querying ---------------------------------------------------

    async def _notify(self) -> None:
        async with self._cond:
            self._cond.notify_all()

    async def _wait_until(self, predicate: Callable[[], T | None], timeout: float, what: str) -> T:
        found = predicate()
        if found:
            return found
        try:
            async with asyncio.timeout(timeout), self._cond:
                return await self._cond.wait_for(predicate)  # type: ignore[return-value]
        except TimeoutError:
            recent = ", ".join(repr(r) for r in self.requests[-8:]) or "none"
            raise FakeDiscordTimeout(
                f"timed out after {timeout}s waiting for {what}; last requests: {recent}; "
                f"errors: {self.errors or 'none'}"
            ) from None

    def mark(self) -> int:
        """Position in `requests`; pass as `since=` to only see later requests."""
        return len(self.requests)

    def gateway_mark(self) -> int:
        """Position in `gateway_log`; pass as `since=` to only see later payloads."""
        return len(self.gateway_log)

    def find_requests(
        self, method: str, path_regex: str, *, since: int = 0
    ) -> list[RecordedRequest]:
        """Recorded requests with this method whose path fully matches `path_regex`."""
        pattern = re.compile(path_regex)
        return [
            r
            for r in self.requests[since:]
            if r.method == method.upper() and pattern.fullmatch(r.path)
        ]

    async def wait_for_request(
        self,
        method: str,
        path_regex: str,
        *,
        timeout: float = 5.0,
        since: int = 0,
        predicate: Callable[[RecordedRequest], bool] | None = None,
    ) -> RecordedRequest:
        """Wait for a request matching method + path regex (+ predicate); returns it."""

        def find() -> RecordedRequest | None:
            for r in self.find_requests(method, path_regex, since=since):
                if predicate is None or predicate(r):
                    return r
            return None

        return await self._wait_until(find, timeout, f"{method} {path_regex}")

    async def wait_for_gateway(
        self,
        *,
        op: int | None = None,
        t: str | None = None,
        direction: Literal["send", "recv"] = "send",
        since: int = 0,
        timeout: float = 5.0,
    ) -> GatewayRecord:
        """Wait for a gateway payload (e.g. t="RESUMED", or op=2 direction="recv")."""

        def find() -> GatewayRecord | None:
            for rec in self.gateway_log[since:]:
                wanted_op = op is None or rec.op == op
                if rec.direction == direction and wanted_op and (t is None or rec.t == t):
                    return rec
            return None

        return await self._wait_until(find, timeout, f"gateway {direction} op={op} t={t}")

    async def wait_for_sessions(self, count: int = 1, timeout: float = 5.0) -> list[GatewaySession]:
        """Wait until `count` live sessions are attached to an open connection."""

        def find() -> list[GatewaySession] | None:
            live = [
                s
                for s in self.sessions.values()
                if s.alive and s.connection is not None and not s.connection.closed
            ]
            return live if len(live) >= count else None

        return await self._wait_until(find, timeout, f"{count} gateway session(s)")

    @property
    def identifies(self) -> list[Json]:
        """Every IDENTIFY payload received (token included)."""
        return [r.d for r in self.gateway_log if r.direction == "recv" and r.op == 2]

    # -- gateway control ------------------------------------------------------

    def live_sessions(self, shard_id: int | None = None) -> list[GatewaySession]:
        """Sessions that can still receive events (connected or awaiting RESUME)."""
        return [
            s
            for s in self.sessions.values()
            if s.alive and (shard_id is None or s.shard_id == shard_id)
        ]

    def open_connections(self, shard_id: int | None = None) -> list[GatewayConnection]:
        """Gateway websockets currently open."""
        return [
            c
            for c in self.connections
            if not c.closed and (shard_id is None or c.shard_id == shard_id)
        ]

    async def drop_connection(
        self, shard_id: int | None = None, *, code: int = 4000, reason: str = "dropped"
    ) -> int:
        """Close open gateway websockets (all, or one shard's); returns how many were closed.

        With a resumable code (the default 4000) discord.py reconnects to resume_gateway_url
        and RESUMEs; events dispatched meanwhile are replayed on resume, as Discord does.
        """
        conns = self.open_connections(shard_id)
        for conn in conns:
            conn.dropped_by_server = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=code, message=reason.encode()), 2)
        return len(conns)

    async def send_reconnect(self, shard_id: int | None = None) -> None:
        """Send op 7 RECONNECT, asking the client to reconnect and resume."""
        for conn in self.open_connections(shard_id):
            conn.dropped_by_server = True
            with contextlib.suppress(ConnectionResetError):
                await conn.send({"op": 7, "d": None})

    async def invalidate_session(
        self, shard_id: int | None = None, *, resumable: bool = False
    ) -> None:
        """Send op 9 INVALID_SESSION; non-resumable forces a fresh IDENTIFY."""
        for conn in self.open_connections(shard_id):
            if conn.session and not resumable:
                conn.session.alive = False
            conn.dropped_by_server = True
            with contextlib.suppress(ConnectionResetError):
                await conn.send({"op": 9, "d": resumable})

    def _target_sessions(self, guild_id: int | None) -> list[GatewaySession]:
        result = []
        for s in self.sessions.values():
            if not s.alive:
                continue
            shard = 0 if guild_id is None else p.shard_for(guild_id, s.shard_count)
            if s.shard_id == shard:
                result.append(s)
        return result

    async def dispatch(self, event: str, data: Json, *, guild_id: int | None = None) -> int:
        """Dispatch an event to the session(s) owning `guild_id` (shard 0 for DMs)."""
        sessions = self._target_sessions(guild_id)
        for session in sessions:
            await self._dispatch_to_session(session, event, data)
        return len(sessions)

    async def _dispatch_to_session(self, session: GatewaySession, event: str, data: Any) -> None:
        async with session.lock:
            session.seq += 1
            payload = {"op": 0, "t": event, "s": session.seq, "d": data}
            session.history.append(payload)
            conn = session.connection
            if conn is not None and not conn.closed:
                # On failure the payload is replayed from history when the client resumes.
                with contextlib.suppress(ConnectionResetError, RuntimeError):
                    await conn.send(payload)
        await self._notify()

    def _record_gateway(
        self, direction: Literal["send", "recv"], conn: GatewayConnection, payload: Any
    ) -> None:
        payload = payload if isinstance(payload, dict) else {}
        self.gateway_log.append(
            GatewayRecord(
                index=len(self.gateway_log),
                direction=direction,
                connection_id=conn.id,
                shard_id=conn.shard_id,
                op=payload.get("op"),
                t=payload.get("t"),
                s=payload.get("s"),
                d=payload.get("d"),
            )
        )

    # -- gateway protocol -------------------------------------------------------

    async def _gateway_handler(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(timeout=2.0, compress=False, max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        self._conn_ids += 1
        conn = GatewayConnection(self, self._conn_ids, ws, request)
        self.connections.append(conn)
        try:
            if request.query.get("encoding", "json") != "json":
                await ws.close(code=4002, message=b"only encoding=json is emulated")
                return ws
            await conn.send(
                {
                    "op": 10,
                    "d": {
                        "heartbeat_interval": self.heartbeat_interval_ms,
                        "_trace": ["fakediscord"],
                    },
                    "s": None,
                    "t": None,
                }
            )
            await self._notify()
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    await ws.close(code=4002, message=b"expected text frames")
                    break
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"decode error")
                    break
                self._record_gateway("recv", conn, payload)
                try:
                    await self._on_gateway_payload(conn, payload)
                except ConnectionResetError:
                    break
                except Exception as exc:
                    log.exception("fakediscord gateway handler failed")
                    self.errors.append(f"gateway: {exc!r}")
                    await ws.close(code=4000, message=b"fake internal error")
                    break
                await self._notify()
        finally:
            conn.closed = True
            conn.close_code = ws.close_code
            session = conn.session
            if session is not None and session.connection is conn:
                session.connection = None
                if not conn.dropped_by_server and ws.close_code in (1000, 1001):
                    session.alive = False  # a clean client close ends the session, as on Discord
            await self._notify()
        return ws

    async def _on_gateway_payload(self, conn: GatewayConnection, payload: Json) -> None:
        op = payload.get("op")
        data = payload.get("d")
        if op == 1:
            conn.heartbeats += 1
            if self.ack_heartbeats:
                await conn.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._on_identify(conn, data or {})
        elif op == 6:
            await self._on_resume(conn, data or {})
        elif conn.session is None:
            await conn.ws.close(code=4003, message=b"Not authenticated.")
        elif op == 3:
            conn.session.presence = data
        elif op == 4:
            pass  # voice state updates are accepted and ignored
        elif op == 8:
            await self._on_request_members(conn, data or {})
        else:
            await conn.ws.close(code=4001, message=b"Unknown opcode.")

    def _shard_guilds(self, shard_id: int, shard_count: int) -> list[Json]:
        return [g for gid, g in self.guilds.items() if p.shard_for(gid, shard_count) == shard_id]

    async def _on_identify(self, conn: GatewayConnection, data: Json) -> None:
        if conn.session is not None:
            await conn.ws.close(code=4005, message=b"Already authenticated.")
            return
        if data.get("token") != self.token or self.reject_token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = data.get("shard") or [0, 1]
        shard_id, shard_count = int(shard[0]), int(shard[1])
        if not 0 <= shard_id < shard_count:
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return
        intents = int(data.get("intents") or 0)
        if intents & p.PRIVILEGED_INTENTS & ~self.enabled_privileged_intents:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        session = GatewaySession(secrets.token_hex(16), (shard_id, shard_count), data)
        self.sessions[session.session_id] = session
        conn.session = session
        session.connection = conn
        guilds = self._shard_guilds(shard_id, shard_count)
        ready: Json = {
            "v": 10,
            "user": self.bot_user,
            "user_settings": {},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fake"],
            "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(self.application_id), "flags": self.application_flags},
            "auth": {},
            "_trace": ["fakediscord"],
        }
        if session.sharded:
            ready["shard"] = [shard_id, shard_count]
        await self._dispatch_to_session(session, "READY", ready)
        for guild in guilds:
            await self._dispatch_to_session(session, "GUILD_CREATE", guild)

    async def _on_resume(self, conn: GatewayConnection, data: Json) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if (
            not self.allow_resume
            or session is None
            or not session.alive
            or data.get("token") != self.token
        ):
            await conn.send({"op": 9, "d": False, "s": None, "t": None})
            return
        old = session.connection
        if old is not None and old is not conn and not old.closed:
            old.dropped_by_server = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(old.ws.close(code=4000, message=b"superseded"), 2)
        conn.session = session
        last_seq = int(data.get("seq") or 0)
        async with session.lock:
            session.connection = conn
            for payload in list(session.history):
                if payload["s"] > last_seq:
                    await conn.send(payload)
            session.seq += 1
            resumed = {"op": 0, "t": "RESUMED", "s": session.seq, "d": {"_trace": ["fakediscord"]}}
            session.history.append(resumed)
            await conn.send(resumed)

    async def _on_request_members(self, conn: GatewayConnection, data: Json) -> None:
        guild_ids = data.get("guild_id")
        for gid in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            guild = self.guilds.get(int(gid))
            if guild is None:
                continue
            members = guild["members"]
            user_ids = data.get("user_ids")
            if user_ids:
                wanted = {str(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])}
                members = [m for m in members if m["user"]["id"] in wanted]
            elif data.get("query"):
                q = str(data["query"]).lower()
                members = [m for m in members if m["user"]["username"].lower().startswith(q)]
            limit = int(data.get("limit") or 0)
            if limit:
                members = members[:limit]
            chunk: Json = {
                "guild_id": str(gid),
                "members": members,
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if data.get("nonce") is not None:
                chunk["nonce"] = data["nonce"]
            assert conn.session is not None
            await self._dispatch_to_session(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    # -- injecting events ------------------------------------------------------

    def _resolve_guild(self, guild_id: GuildRef) -> Json | None:
        if guild_id == "default":
            return self.guild if self._default_guild_id is not None else None
        if guild_id is None:
            return None
        return self.guilds[int(guild_id)]

    def _pick_channel(self, guild: Json | None, user: Json, channel_id: int | None) -> Json:
        """The explicit channel, else the guild's first channel, else the user's DM channel."""
        if channel_id is not None:
            channel, _ = self.find_channel(channel_id)
            assert channel is not None, f"unknown channel {channel_id}"
            return channel
        return guild["channels"][0] if guild is not None else self.dm_channel(user)

    def _find_command(self, name: str, ctype: int, guild_id: int | None) -> Json | None:
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name and int(cmd.get("type", 1)) == ctype:
                    return cmd
        return None

    async def send_interaction(
        self,
        interaction_type: int,
        data: Json,
        *,
        user: Json | None = None,
        guild_id: GuildRef = "default",
        channel_id: int | None = None,
        permissions: int | str | None = None,
        roles: Sequence[int | str] = (),
        message: Json | None = None,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """Dispatch INTERACTION_CREATE; the low-level form of the send_* helpers below.

        `permissions` is the invoker's `member.permissions` bit set (e.g. 0x8 for admin);
        by default it is computed from the guild's roles. `guild_id=None` means a DM.
        """
        user = user or self.user
        guild = self._resolve_guild(guild_id)
        payload: Json = {
            "id": str(p.snowflake()),
            "application_id": str(self.application_id),
            "type": interaction_type,
            "data": data,
            "token": f"fake-interaction-{secrets.token_urlsafe(24)}",
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(self.bot_permissions),
        }
        channel = self._pick_channel(guild, user, channel_id)
        if guild is not None:
            gid: int | None = int(guild["id"])
            perms = (
                p.member_permissions(guild, roles, user_id=user["id"])
                if permissions is None
                else int(permissions)
            )
            member = p.make_member(user, roles=roles)
            member["permissions"] = str(perms)
            payload.update(
                guild_id=str(gid),
                guild={
                    "id": str(gid),
                    "locale": guild.get("preferred_locale", "en-US"),
                    "features": guild.get("features", []),
                },
                guild_locale=guild.get("preferred_locale", "en-US"),
                member=member,
                context=0,
                authorizing_integration_owners={"0": str(gid)},
            )
        else:
            gid = None
            payload.update(user=user, context=1, authorizing_integration_owners={"1": user["id"]})
        payload["channel_id"] = channel["id"]
        payload["channel"] = {**channel, "permissions": str(self.bot_permissions)}
        if message is not None:
            payload["message"] = message
        if not self._target_sessions(gid):
            raise AssertionError("no live gateway session to dispatch to; is the bot connected?")
        handle = InteractionHandle(self, payload)
        self.interactions[handle.token] = handle
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=gid)
        handle.dispatched_at = time.monotonic()
        return handle

    def _command_data(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Json] | None,
        guild_id: GuildRef,
        focused: str | None = None,
    ) -> Json:
        guild = self._resolve_guild(guild_id)
        gid = int(guild["id"]) if guild else None
        cmd = self._find_command(name, 1, gid)
        if cmd is None and self.strict_commands:
            raise AssertionError(f"/{name} was never registered (strict_commands=True)")
        attachments: Json = {}
        if options is None:
            opts: list[Json] = []
        elif isinstance(options, Mapping):
            declared = {o["name"]: o for o in (cmd or {}).get("options") or []}
            opts = [
                {
                    "name": k,
                    "type": int(declared[k]["type"]) if k in declared else _option_type(v),
                    "value": v["id"] if is_attachment(v) else v,
                }
                for k, v in options.items()
            ]
            attachments = {v["id"]: v for v in options.values() if is_attachment(v)}
        else:
            opts = [dict(o) for o in options]
        if focused is not None:
            hit = [o for o in opts if o["name"] == focused]
            assert hit, f"focused option {focused!r} not among options"
            hit[0]["focused"] = True
            hit[0]["type"] = hit[0].get("type", 3)
            hit[0]["value"] = str(hit[0]["value"]) if hit[0]["type"] == 3 else hit[0]["value"]
        data: Json = {
            "id": cmd["id"] if cmd else str(p.snowflake()),
            "name": name,
            "type": 1,
            "options": opts,
        }
        if cmd is not None and cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        if attachments:
            data["resolved"] = {"attachments": attachments}
        return data

    def add_attachment(
        self, filename: str, data: bytes, content_type: str = "text/plain; charset=utf-8"
    ) -> Json:
        """A file a member attaches to a command: pass it as an option value to send_*."""
        base = f"http://127.0.0.1:{self.port}"
        return self.cdn.add(base, self.application_id, filename, data, content_type)

    async def send_slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Json] | None = None,
        **kwargs: Any,
    ) -> InteractionHandle:
        """Invoke `/name` with options given as {name: value} (or raw option dicts).

        Keyword arguments are those of send_interaction (user, guild_id, channel_id,
        permissions, roles, locale).
        """
        data = self._command_data(name, options, kwargs.get("guild_id", "default"))
        return await self.send_interaction(INTERACTION_COMMAND, data, **kwargs)

    async def send_autocomplete(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Json],
        focused: str,
        **kwargs: Any,
    ) -> InteractionHandle:
        """Ask for autocomplete of option `focused` of `/name` with the partial input in options."""
        data = self._command_data(name, options, kwargs.get("guild_id", "default"), focused)
        return await self.send_interaction(INTERACTION_AUTOCOMPLETE, data, **kwargs)

    def find_message_with_component(self, custom_id: str) -> Json | None:
        """The newest stored message that has a component with this custom_id."""
        for msg in reversed(list(self.messages.values())):
            if custom_id in set(_custom_ids(msg.get("components") or [])):
                return msg
        return None

    async def send_component(
        self,
        custom_id: str,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        message: Json | None = None,
        **kwargs: Any,
    ) -> InteractionHandle:
        """Press a button (type 2) or pick select values (type 3+) on a bot message.

        `message` defaults to the newest message carrying `custom_id`; its channel is used.
        """
        message = message or self.find_message_with_component(custom_id)
        assert message is not None, f"no bot message has a component with custom_id={custom_id!r}"
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        kwargs.setdefault("channel_id", int(message["channel_id"]))
        if "guild_id" not in kwargs:
            kwargs["guild_id"] = int(message["guild_id"]) if message.get("guild_id") else None
        return await self.send_interaction(INTERACTION_COMPONENT, data, message=message, **kwargs)

    async def send_modal_submit(
        self, custom_id: str, fields: Mapping[str, str], **kwargs: Any
    ) -> InteractionHandle:
        """Submit a modal with text inputs {custom_id: value}."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in fields.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return await self.send_interaction(INTERACTION_MODAL_SUBMIT, data, **kwargs)

    async def send_message(
        self,
        content: str,
        *,
        author: Json | None = None,
        guild_id: GuildRef = "default",
        channel_id: int | None = None,
        mention_bot: bool = False,
        mentions: Sequence[Json] = (),
        roles: Sequence[int | str] = (),
        embeds: Sequence[Json] = (),
        attachments: Sequence[Json] = (),
        message_reference: Json | None = None,
        with_referenced: bool = True,
    ) -> MessageHandle:
        """Dispatch MESSAGE_CREATE from a user; `mention_bot` adds (and prefixes) <@bot>.

        A reply (`message_reference`) carries the message it replies to as
        `referenced_message`, as Discord sends it, unless not `with_referenced` (Discord may
        leave it out: the client then fetches it).

        Without the MESSAGE_CONTENT intent, content/embeds/attachments are blanked for
        guild messages that do not mention the bot, as Discord does.
        """
        author = author or self.user
        guild = self._resolve_guild(guild_id)
        mention_list = list(mentions)
        if mention_bot:
            tag = f"<@{self.bot_user['id']}>"
            if tag not in content:
                content = f"{tag} {content}"
            mention_list.append(self.bot_user)
        gid = int(guild["id"]) if guild is not None else None
        channel = self._pick_channel(guild, author, channel_id)
        mention_payload = []
        for u in mention_list:
            entry = dict(u)
            if guild is not None:
                member = next((m for m in guild["members"] if m["user"]["id"] == u["id"]), None)
                if member is not None:
                    entry["member"] = {k: v for k, v in member.items() if k != "user"}
            mention_payload.append(entry)
        msg = p.message_payload(
            channel_id=channel["id"],
            author=author,
            content=content,
            guild_id=gid,
            embeds=embeds,
            attachments=attachments,
            mentions=mention_payload,
            message_reference=message_reference,
        )
        if guild is not None:
            member = p.make_member(author, roles=roles)
            msg["member"] = {k: v for k, v in member.items() if k != "user"}
        if message_reference and with_referenced:
            # A reply carries the message it replies to, or null if that one was deleted.
            msg["referenced_message"] = self.messages.get(int(message_reference["message_id"]))
        self.messages[int(msg["id"])] = msg
        sessions = self._target_sessions(gid)
        if not sessions:
            raise AssertionError("no live gateway session to dispatch to; is the bot connected?")
        handle = MessageHandle(self, msg, self.mark())
        mentioned = any(u["id"] == self.bot_user["id"] for u in mention_list)
        for session in sessions:
            data = msg
            if (
                self.emulate_message_content_intent
                and gid is not None
                and not session.intents & p.INTENT_MESSAGE_CONTENT
                and not mentioned
                and author["id"] != self.bot_user["id"]
            ):
                data = {**msg, "content": "", "embeds": [], "attachments": [], "components": []}
            await self._dispatch_to_session(session, "MESSAGE_CREATE", data)
        return handle

    # -- REST ---------------------------------------------------------------------

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Handler, bool]]:
        app = r"(?P<app>\d+)"
        tok = r"(?P<token>[^/]+)"
        cmds_g = rf"/applications/{app}/commands"
        cmds_guild = rf"/applications/{app}/guilds/(?P<guild>\d+)/commands"
        wh_msg = rf"/webhooks/{app}/{tok}/messages/(?P<mid>@original|\d+)"
        ch_msg = r"/channels/(?P<ch>\d+)/messages/(?P<mid>\d+)"
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", r"/users/@me", self._r_get_me, True),
            ("GET", r"/oauth2/applications/@me", self._r_get_application, True),
            ("GET", r"/applications/@me", self._r_get_application, True),
            ("GET", r"/gateway", self._r_get_gateway, False),
            ("GET", r"/gateway/bot", self._r_get_gateway_bot, True),
            ("PUT", cmds_g, self._r_bulk_commands, True),
            ("PUT", cmds_guild, self._r_bulk_commands, True),
            ("GET", cmds_g, self._r_get_commands, True),
            ("GET", cmds_guild, self._r_get_commands, True),
            ("POST", cmds_g, self._r_upsert_command, True),
            ("POST", cmds_guild, self._r_upsert_command, True),
            ("DELETE", cmds_g + r"/(?P<cmd>\d+)", self._r_delete_command, True),
            ("DELETE", cmds_guild + r"/(?P<cmd>\d+)", self._r_delete_command, True),
            ("POST", r"/interactions/(?P<iid>\d+)/" + tok + "/callback", self._r_callback, False),
            ("POST", rf"/webhooks/{app}/{tok}", self._r_followup, False),
            ("GET", wh_msg, self._r_webhook_get, False),
            ("PATCH", wh_msg, self._r_webhook_edit, False),
            ("DELETE", wh_msg, self._r_webhook_delete, False),
            ("POST", r"/channels/(?P<ch>\d+)/messages", self._r_create_message, True),
            ("GET", ch_msg, self._r_get_message, True),
            ("PATCH", ch_msg, self._r_edit_message, True),
            ("DELETE", ch_msg, self._r_delete_message, True),
            ("POST", r"/channels/(?P<ch>\d+)/typing", self._r_no_content, True),
            ("PUT", ch_msg + r"/reactions/[^/]+/@me", self._r_no_content, True),
            ("DELETE", ch_msg + r"/reactions/[^/]+/@me", self._r_no_content, True),
            ("GET", r"/channels/(?P<ch>\d+)", self._r_get_channel, True),
            ("POST", r"/users/@me/channels", self._r_create_dm, True),
            ("GET", r"/users/(?P<uid>\d+)", self._r_get_user, True),
            ("GET", r"/guilds/(?P<guild>\d+)", self._r_get_guild, True),
            ("GET", r"/guilds/(?P<guild>\d+)/members/(?P<uid>\d+)", self._r_get_member, True),
        ]
        return [(m, re.compile(rx), h, auth) for m, rx, h, auth in table]

    async def _rest_handler(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await _read_body(request)
        rec = RecordedRequest(
            index=len(self.requests),
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body,
            files=files,
            headers=dict(request.headers),
        )
        status, response, extra_headers = await self._route(request, rec)
        rec.status, rec.response = status, response
        self.requests.append(rec)
        await self._notify()
        if status == 204 or response is None:
            return web.Response(status=status, headers=extra_headers)
        # discord.py only decodes JSON when Content-Type is exactly "application/json".
        headers = {"Content-Type": "application/json", **extra_headers}
        return web.Response(status=status, body=json.dumps(response).encode(), headers=headers)

    async def _route(
        self, request: web.Request, rec: RecordedRequest
    ) -> tuple[int, Any, dict[str, str]]:
        for method, pattern, handler, needs_auth in self._routes:
            match = pattern.fullmatch(rec.path)
            if method != rec.method or match is None:
                continue
            if needs_auth and (
                self.reject_token or request.headers.get("Authorization") != f"Bot {self.token}"
            ):
                return 401, {"message": "401: Unauthorized", "code": 0}, {}
            for failure in self._failures:
                if (
                    failure.times > 0
                    and failure.method == rec.method
                    and failure.pattern.fullmatch(rec.path)
                ):
                    failure.times -= 1
                    # discord.py retries a 429 only if it has a Via header (else: Cloudflare ban).
                    headers = {"Via": "1.1 google"} if failure.status == 429 else {}
                    return failure.status, failure.body, headers
            try:
                status, response = await handler(rec, **match.groupdict())
            except _ErrorResponse as error:
                return error.status, error.body, {}
            except Exception as exc:
                log.exception("fakediscord REST handler failed")
                self.errors.append(f"{rec.method} {rec.path}: {exc!r}")
                # 400 rather than 500: discord.py retries 5xx with multi-second sleeps.
                return 400, {"message": f"fakediscord internal error: {exc!r}", "code": 0}, {}
            return status, response, {}
        self.unknown_requests.append(rec)
        self.errors.append(f"unknown route {rec.method} {rec.path}")
        return (
            404,
            {"message": f"Unknown route {rec.method} {rec.path} (fakediscord)", "code": 0},
            {},
        )

    # Identity and gateway discovery.

    async def _r_get_me(self, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, self.bot_user

    async def _r_get_application(self, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {
            "id": str(self.application_id),
            "name": self.bot_user["username"],
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": self.application_flags,
            "owner": self.owner,
            "team": None,
            "bot": self.bot_user,
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "tags": [],
            "approximate_guild_count": len(self.guilds),
        }

    async def _r_get_gateway(self, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _r_get_gateway_bot(self, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {
            "url": self.gateway_url,
            "shards": self.shard_count,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14_400_000,
                "max_concurrency": 1,
            },
        }

    # Application commands.

    def _check_app(self, app: str) -> tuple[int, Any] | None:
        if int(app) != self.application_id:
            return 403, {"message": "Missing Access", "code": 50001}
        return None

    def _normalize_command(self, cmd: Json, guild: str | None, cid: str | None) -> Json:
        out: Json = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            **cmd,
            "id": cid or str(p.snowflake()),
            "application_id": str(self.application_id),
            "version": str(p.snowflake()),
        }
        if guild is not None:
            out["guild_id"] = guild
        return out

    async def _r_bulk_commands(
        self, rec: RecordedRequest, app: str, guild: str | None = None
    ) -> tuple[int, Any]:
        if err := self._check_app(app):
            return err
        body = rec.json or []
        if error := p.validate_commands(body):
            return 400, error
        scope = int(guild) if guild else None
        existing = {
            (c["name"], int(c.get("type", 1))): c["id"] for c in self.commands.get(scope, [])
        }
        result = [
            self._normalize_command(
                cmd, guild, existing.get((cmd["name"], int(cmd.get("type", 1))))
            )
            for cmd in body
        ]
        self.commands[scope] = result
        return 200, result

    async def _r_get_commands(
        self, rec: RecordedRequest, app: str, guild: str | None = None
    ) -> tuple[int, Any]:
        if err := self._check_app(app):
            return err
        return 200, self.commands.get(int(guild) if guild else None, [])

    async def _r_upsert_command(
        self, rec: RecordedRequest, app: str, guild: str | None = None
    ) -> tuple[int, Any]:
        if err := self._check_app(app):
            return err
        if error := p.validate_commands([rec.json]):
            return 400, error
        scope = int(guild) if guild else None
        current = self.commands.setdefault(scope, [])
        key = (rec.json["name"], int(rec.json.get("type", 1)))
        old = next((c for c in current if (c["name"], int(c.get("type", 1))) == key), None)
        cmd = self._normalize_command(rec.json, guild, old["id"] if old else None)
        if old is not None:
            current[current.index(old)] = cmd
        else:
            current.append(cmd)
        return (200 if old else 201), cmd

    async def _r_delete_command(
        self, rec: RecordedRequest, app: str, cmd: str, guild: str | None = None
    ) -> tuple[int, Any]:
        if err := self._check_app(app):
            return err
        scope = int(guild) if guild else None
        self.commands[scope] = [c for c in self.commands.get(scope, []) if c["id"] != cmd]
        return 204, None

    # Interactions.

    async def _r_callback(self, rec: RecordedRequest, iid: str, token: str) -> tuple[int, Any]:
        handle = self.interactions.get(token)
        if handle is None or handle.id != int(iid):
            return 404, {"message": "Unknown interaction", "code": 10062}
        if handle.callback is not None:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        elapsed = time.monotonic() - handle.dispatched_at
        if self.callback_deadline is not None and elapsed > self.callback_deadline:
            self.errors.append(f"interaction {iid} answered after {elapsed:.2f}s (deadline)")
            return 404, {"message": "Unknown interaction", "code": 10062}
        body = rec.json or {}
        ctype = int(body.get("type", 0))
        data = body.get("data") or {}
        if ctype not in _ALLOWED_CALLBACKS.get(handle.type, set()):
            return 400, p.form_error(
                [("type", "INTERACTION_RESPONSE_TYPE_INVALID", f"Invalid type {ctype}.")]
            )
        if ctype in (CALLBACK_MESSAGE, CALLBACK_UPDATE_MESSAGE):
            error = p.validate_message_body(data, has_files=bool(rec.files))
            if error and not (ctype == CALLBACK_UPDATE_MESSAGE and error.get("code") == 50006):
                return 400, error
        if ctype == CALLBACK_AUTOCOMPLETE and (
            error := p.validate_autocomplete_choices(data.get("choices") or [])
        ):
            return 400, error

        handle.callback = rec
        handle.requests.append(rec)
        flags = int(data.get("flags") or 0)
        message: Json | None = None
        if ctype == CALLBACK_MESSAGE:
            message = self._store_interaction_message(handle, data, rec, flags & ~p.FLAG_LOADING)
            handle.original_message_id = int(message["id"])
        elif ctype == CALLBACK_DEFERRED_MESSAGE:
            message = self._store_interaction_message(
                handle, {}, rec, (flags & p.FLAG_EPHEMERAL) | p.FLAG_LOADING
            )
            handle.original_message_id = int(message["id"])
        elif ctype in (CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE_MESSAGE) and handle.payload.get(
            "message"
        ):
            target = int(handle.payload["message"]["id"])
            handle.original_message_id = target
            stored = self.messages.setdefault(target, dict(handle.payload["message"]))
            if ctype == CALLBACK_UPDATE_MESSAGE:
                _apply_edit(stored, data, rec)
            message = stored
        if rec.query.get("with_response") not in ("1", "true", "True"):
            return 204, None
        info: Json = {"id": str(handle.id), "type": handle.type}
        resource: Json = {"type": ctype}
        if message is not None:
            info["response_message_id"] = message["id"]
            info["response_message_loading"] = bool(message["flags"] & p.FLAG_LOADING)
            info["response_message_ephemeral"] = bool(message["flags"] & p.FLAG_EPHEMERAL)
            if ctype != CALLBACK_DEFERRED_UPDATE:
                resource["message"] = message
        return 200, {"interaction": info, "resource": resource}

    def _store_interaction_message(
        self, handle: InteractionHandle, data: Json, rec: RecordedRequest, flags: int
    ) -> Json:
        user = handle.payload.get("member", {}).get("user") or handle.payload.get("user")
        msg = p.message_payload(
            channel_id=handle.channel_id,
            author=self.bot_user,
            content=str(data.get("content") or ""),
            guild_id=handle.guild_id,
            embeds=data.get("embeds") or [],
            components=data.get("components") or [],
            attachments=_attachments(data, rec),
            flags=flags,
            extra={
                "webhook_id": str(self.application_id),
                "application_id": str(self.application_id),
                "type": 20 if handle.type == INTERACTION_COMMAND else 0,
                "interaction_metadata": {
                    "id": str(handle.id),
                    "type": handle.type,
                    "user": user,
                    "authorizing_integration_owners": handle.payload.get(
                        "authorizing_integration_owners", {}
                    ),
                },
            },
        )
        self.messages[int(msg["id"])] = msg
        return msg

    def _webhook_handle(self, app: str, token: str) -> InteractionHandle | None:
        handle = self.interactions.get(token)
        if handle is None or int(app) != self.application_id:
            return None
        return handle

    def _webhook_target(self, app: str, token: str, mid: str) -> tuple[InteractionHandle, Json]:
        """The interaction and message a webhook route names; raises the 404 Discord would send."""
        handle = self._webhook_handle(app, token)
        if handle is None:
            raise _ErrorResponse(404, {"message": "Unknown Webhook", "code": 10015})
        msg = self._webhook_message(handle, mid)
        if msg is None:
            raise _ErrorResponse(404, {"message": "Unknown Message", "code": 10008})
        return handle, msg

    def _webhook_message(self, handle: InteractionHandle, mid: str) -> Json | None:
        if mid == "@original":
            return handle.original
        msg = self.messages.get(int(mid))
        if msg is None or msg.get("interaction_metadata", {}).get("id") != str(handle.id):
            return None
        return msg

    async def _r_followup(self, rec: RecordedRequest, app: str, token: str) -> tuple[int, Any]:
        handle = self._webhook_handle(app, token)
        if handle is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        if handle.callback is None:
            return 400, {"message": "Interaction has not been acknowledged.", "code": 40060}
        body = rec.json or {}
        if error := p.validate_message_body(body, has_files=bool(rec.files)):
            return 400, error
        handle.followups.append(rec)
        handle.requests.append(rec)
        flags = int(body.get("flags") or 0) & ~p.FLAG_LOADING
        if handle.callback_type == CALLBACK_DEFERRED_MESSAGE and handle.original is not None:
            original = handle.original
            if original["flags"] & p.FLAG_LOADING:
                # The first followup after a defer replaces the "thinking" message.
                _apply_edit(original, body, rec)
                original["flags"] = original["flags"] & ~p.FLAG_LOADING
                original["edited_timestamp"] = None
                return 200, original
        msg = self._store_interaction_message(handle, body, rec, flags)
        return 200, msg

    async def _r_webhook_get(
        self, rec: RecordedRequest, app: str, token: str, mid: str
    ) -> tuple[int, Any]:
        _, msg = self._webhook_target(app, token, mid)
        return 200, msg

    async def _r_webhook_edit(
        self, rec: RecordedRequest, app: str, token: str, mid: str
    ) -> tuple[int, Any]:
        handle, msg = self._webhook_target(app, token, mid)
        body = rec.json or {}
        merged = {k: body.get(k, msg.get(k)) for k in ("content", "embeds", "components")}
        if error := p.validate_message_body(
            merged, has_files=bool(rec.files or msg["attachments"])
        ):
            return 400, error
        handle.edits.append(rec)
        handle.requests.append(rec)
        was_loading = bool(msg["flags"] & p.FLAG_LOADING)
        _apply_edit(msg, body, rec)
        msg["flags"] = msg["flags"] & ~p.FLAG_LOADING
        if was_loading:
            msg["edited_timestamp"] = None
        return 200, msg

    async def _r_webhook_delete(
        self, rec: RecordedRequest, app: str, token: str, mid: str
    ) -> tuple[int, Any]:
        handle, msg = self._webhook_target(app, token, mid)
        handle.deletes.append(rec)
        handle.requests.append(rec)
        self.messages.pop(int(msg["id"]), None)
        return 204, None

    # Channels and messages.

    async def _r_create_message(self, rec: RecordedRequest, ch: str) -> tuple[int, Any]:
        channel, guild = self.find_channel(ch)
        if channel is None:
            return 404, {"message": "Unknown Channel", "code": 10003}
        body = rec.json or {}
        if error := p.validate_message_body(body, has_files=bool(rec.files)):
            return 400, error
        ref = body.get("message_reference")
        msg = p.message_payload(
            channel_id=ch,
            author=self.bot_user,
            content=str(body.get("content") or ""),
            guild_id=guild["id"] if guild else None,
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            attachments=_attachments(body, rec),
            flags=int(body.get("flags") or 0),
            message_reference=(
                {k: str(ref[k]) for k in ("message_id", "channel_id", "guild_id") if ref.get(k)}
                if ref
                else None
            ),
        )
        if body.get("nonce") is not None:
            msg["nonce"] = body["nonce"]
        self.messages[int(msg["id"])] = msg
        return 200, msg

    async def _r_get_message(self, rec: RecordedRequest, ch: str, mid: str) -> tuple[int, Any]:
        msg = self.messages.get(int(mid))
        if msg is None or msg["channel_id"] != ch:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 200, msg

    async def _r_edit_message(self, rec: RecordedRequest, ch: str, mid: str) -> tuple[int, Any]:
        msg = self.messages.get(int(mid))
        if msg is None or msg["channel_id"] != ch:
            return 404, {"message": "Unknown Message", "code": 10008}
        if msg["author"]["id"] != self.bot_user["id"]:
            return 403, {"message": "Cannot edit a message authored by another user", "code": 50005}
        _apply_edit(msg, rec.json or {}, rec)
        return 200, msg

    async def _r_delete_message(self, rec: RecordedRequest, ch: str, mid: str) -> tuple[int, Any]:
        msg = self.messages.get(int(mid))
        if msg is None or msg["channel_id"] != ch:
            return 404, {"message": "Unknown Message", "code": 10008}
        del self.messages[int(mid)]
        return 204, None

    async def _r_no_content(self, rec: RecordedRequest, **_: str) -> tuple[int, Any]:
        return 204, None

    async def _r_get_channel(self, rec: RecordedRequest, ch: str) -> tuple[int, Any]:
        channel, _ = self.find_channel(ch)
        if channel is None:
            return 404, {"message": "Unknown Channel", "code": 10003}
        return 200, channel

    async def _r_create_dm(self, rec: RecordedRequest) -> tuple[int, Any]:
        uid = str((rec.json or {}).get("recipient_id"))
        user = self._find_user(uid)
        if user is None:
            return 400, {"message": "Invalid Recipient(s)", "code": 50033}
        return 200, self.dm_channel(user)

    def _find_user(self, uid: str) -> Json | None:
        for user in (self.bot_user, self.owner, self.user):
            if user["id"] == uid:
                return user
        for guild in self.guilds.values():
            for member in guild["members"]:
                if member["user"]["id"] == uid:
                    return member["user"]
        for channel in self.dm_channels.values():
            if channel["recipients"][0]["id"] == uid:
                return channel["recipients"][0]
        return None

    async def _r_get_user(self, rec: RecordedRequest, uid: str) -> tuple[int, Any]:
        user = self._find_user(uid)
        return (200, user) if user else (404, {"message": "Unknown User", "code": 10013})

    async def _r_get_guild(self, rec: RecordedRequest, guild: str) -> tuple[int, Any]:
        data = self.guilds.get(int(guild))
        if data is None:
            return 403, {"message": "Missing Access", "code": 50001}
        skip = {"channels", "members", "threads", "voice_states", "presences"}
        return 200, {k: v for k, v in data.items() if k not in skip}

    async def _r_get_member(self, rec: RecordedRequest, guild: str, uid: str) -> tuple[int, Any]:
        data = self.guilds.get(int(guild))
        if data is None:
            return 403, {"message": "Missing Access", "code": 50001}
        for member in data["members"]:
            if member["user"]["id"] == uid:
                return 200, member
        return 404, {"message": "Unknown Member", "code": 10007}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _option_type(value: Any) -> int:
    """Slash option type of a value (STRING=3, INTEGER=4, BOOLEAN=5, NUMBER=10, ATTACHMENT=11)."""
    if is_attachment(value):
        return 11
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def _custom_ids(components: Sequence[Json]) -> Iterator[str]:
    for comp in components:
        if comp.get("custom_id"):
            yield comp["custom_id"]
        yield from _custom_ids(comp.get("components") or [])
        if isinstance(comp.get("accessory"), dict):
            yield from _custom_ids([comp["accessory"]])


def _attachments(body: Json, rec: RecordedRequest) -> list[Json]:
    """Attachment objects for uploaded files, in the order discord.py declared them."""
    result = []
    for i, f in enumerate(rec.files):
        att_id = p.snowflake()
        result.append(
            {
                "id": str(att_id),
                "filename": f["filename"],
                "size": len(f["data"]),
                "content_type": f["content_type"],
                "url": f"https://cdn.fake/attachments/{att_id}/{f['filename']}",
                "proxy_url": f"https://media.fake/attachments/{att_id}/{f['filename']}",
                "description": ((body.get("attachments") or [{}] * (i + 1))[i] or {}).get(
                    "description"
                ),
            }
        )
    return result


def _apply_edit(msg: Json, body: Json, rec: RecordedRequest) -> None:
    """Apply a message edit body (content/embeds/components/attachments/flags) in place."""
    for key in ("content", "embeds", "components"):
        if key in body and body[key] is not None:
            msg[key] = body[key]
        elif key in body:
            msg[key] = "" if key == "content" else []
    if rec.files:
        kept = [a for a in msg.get("attachments", []) if "attachments" not in body]
        msg["attachments"] = kept + _attachments(body, rec)
    elif "attachments" in body:
        keep = {str(a.get("id")) for a in body["attachments"] or []}
        msg["attachments"] = [a for a in msg.get("attachments", []) if a["id"] in keep]
    if "flags" in body and body["flags"] is not None:
        msg["flags"] = (msg["flags"] & (p.FLAG_EPHEMERAL | p.FLAG_LOADING)) | int(body["flags"])
    msg["edited_timestamp"] = p.iso_now()


async def _read_body(request: web.Request) -> tuple[Any, list[Json]]:
    """Parse JSON or multipart (payload_json + files[n]) bodies as discord.py sends them."""
    files: list[Json] = []
    if not request.body_exists:
        return None, files
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            name = getattr(part, "name", None)
            data = await part.read()  # type: ignore[union-attr]
            if name == "payload_json":
                payload = json.loads(data)
            else:
                files.append(
                    {
                        "field": name,
                        "filename": getattr(part, "filename", None),
                        "content_type": part.headers.get("Content-Type"),
                        "data": bytes(data),
                    }
                )
        return payload, files
    raw = await request.read()
    if not raw:
        return None, files
    try:
        return json.loads(raw), files
    except ValueError:
        return raw.decode(errors="replace"), files
