"""Starting and stopping the Discord bot: logging, signals, and token problems in one clear line."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any

import discord
from discord.ext import commands

from bot.client import create_bot
from bot.endpoints import use_endpoints
from bot.services import Services
from bot.settings import Secret, Settings
from bot.state import BotState
from index import LibraryWatcher, open_index

log = logging.getLogger("briefbot")


Session = Callable[[Services, str], Coroutine[Any, Any, None]]


def run_bot(settings: Settings, token: Secret, watcher: LibraryWatcher) -> int:
    """Serve the index `watcher` has open until SIGINT/SIGTERM; return the process exit code."""
    return _run(settings, token, watcher, _serve)


def sync_commands(settings: Settings, token: Secret) -> int:
    """Log in, publish the slash commands whatever the stored hash says, and leave."""
    watcher = open_index(settings.seeds, settings.db, rebuild_if_stale=True)
    return _run(settings, token, watcher, _sync_once)


def _run(settings: Settings, token: Secret, watcher: LibraryWatcher, session: Session) -> int:
    if not logging.getLogger().handlers:  # `briefbot` (cli.main) has set logging up already
        discord.utils.setup_logging(level=getattr(logging, settings.log_level), root=True)
    use_endpoints(settings.api_base, settings.gateway_url)
    services = Services(
        settings=settings,
        seeds=settings.seeds,
        db=settings.db,
        watcher=watcher,
        state=BotState(settings.state_db),
    )
    try:
        asyncio.run(session(services, token.reveal()))
    except discord.LoginFailure:
        print("briefbot: Discord rejected DISCORD_TOKEN; check the token in .env", file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "briefbot: BRIEFBOT_ASK_CHANNEL_IDS needs the Message Content intent: enable it in the "
            "Developer Portal (Bot → Privileged Gateway Intents) or clear that setting",
            file=sys.stderr,
        )
        return 1
    except (discord.GatewayNotFound, discord.ConnectionClosed, OSError) as problem:
        print(
            f"briefbot: cannot reach Discord ({type(problem).__name__}: {problem})", file=sys.stderr
        )
        return 1
    finally:
        services.state.close()
    return 0


async def _serve(services: Services, token: str) -> None:
    bot = create_bot(services)
    _close_on_signals(bot)
    async with bot:
        await bot.start(token)
    log.info("Briefbot stopped")


async def _sync_once(services: Services, token: str) -> None:
    bot = create_bot(services, force_sync=True)
    async with bot:
        await bot.login(token)


def _close_on_signals(bot: commands.Bot) -> None:
    loop = asyncio.get_running_loop()

    closing: set[asyncio.Task[None]] = set()

    def close() -> None:
        log.info("Shutting down")
        task = loop.create_task(bot.close())
        closing.add(task)
        task.add_done_callback(closing.discard)

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, close)
