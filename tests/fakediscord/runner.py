"""Helpers to run a real discord.py client against FakeDiscord without leaking global state."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TypeVar

import discord
import discord.http
import yarl
from discord.gateway import DiscordWebSocket

ClientT = TypeVar("ClientT", bound=discord.Client)


@contextlib.contextmanager
def preserve_discord_endpoints() -> Iterator[None]:
    """Restore discord.py's class-level API base and gateway URL on exit.

    Product code that honours DISCORD_API_BASE / DISCORD_GATEWAY_URL mutates these globals;
    wrapping each test in this keeps one test's fake from leaking into the next.
    """
    base = discord.http.Route.BASE
    gateway = DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield
    finally:
        discord.http.Route.BASE = base
        DiscordWebSocket.DEFAULT_GATEWAY = gateway


@contextlib.contextmanager
def discord_endpoints(api_base: str, gateway_url: str) -> Iterator[None]:
    """Point discord.py at (api_base, gateway_url) for the duration of the block."""
    with preserve_discord_endpoints():
        discord.http.Route.BASE = api_base.rstrip("/")
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        yield


async def _shutdown(bot: discord.Client, task: asyncio.Task[None], timeout: float) -> None:
    if not bot.is_closed():
        await asyncio.wait_for(bot.close(), timeout)
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@contextlib.asynccontextmanager
async def running_bot(
    bot: ClientT,
    token: str,
    *,
    ready_timeout: float = 10.0,
    close_timeout: float = 5.0,
) -> AsyncIterator[ClientT]:
    """Start `bot` in a task, wait until it is ready, yield it, then close it.

    Errors during startup (e.g. discord.LoginFailure) are raised here instead of hanging;
    an error the bot task raised while the test ran is re-raised on exit.
    """
    task = asyncio.create_task(bot.start(token), name="fakediscord-bot")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ready_timeout
    try:
        while not bot.is_ready():
            if task.done():
                task.result()  # raises the startup error
                raise RuntimeError("bot.start() returned before the bot became ready")
            if loop.time() > deadline:
                raise TimeoutError(f"bot not ready after {ready_timeout}s")
            await asyncio.sleep(0.01)
        yield bot
    except BaseException:
        await _shutdown(bot, task, close_timeout)
        raise
    await _shutdown(bot, task, close_timeout)
    if task.done() and not task.cancelled() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]
