"""Starting and stopping the Discord bot: logging, signals, and token problems in one clear line."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import discord
from discord.ext import commands

from bot.client import create_bot
from bot.endpoints import use_endpoints
from bot.services import Services
from bot.settings import Settings
from bot.state import BotState
from index import open_index

log = logging.getLogger("briefbot")


def run_bot(settings: Settings, seeds: Path, db: Path) -> int:
    """Run until SIGINT/SIGTERM; return the process exit code."""
    return _run(settings, seeds, db, _serve)


def sync_commands(settings: Settings, seeds: Path, db: Path) -> int:
    """Log in, publish the slash commands whatever the stored hash says, and leave."""
    return _run(settings, seeds, db, _sync_once)


def _run(
    settings: Settings, seeds: Path, db: Path, session: Callable[[Services], Awaitable[None]]
) -> int:
    if not logging.getLogger().handlers:  # `briefbot` (cli.main) has set logging up already
        discord.utils.setup_logging(level=getattr(logging, settings.log_level), root=True)
    use_endpoints(settings.api_base, settings.gateway_url)
    services = Services(
        settings=settings,
        seeds=seeds,
        db=db,
        watcher=open_index(seeds, db, rebuild_if_stale=True),
        state=BotState(settings.state_db),
    )
    try:
        asyncio.run(session(services))
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


async def _serve(services: Services) -> None:
    bot = create_bot(services)
    _close_on_signals(bot)
    async with bot:
        await bot.start(services.settings.token.reveal())  # type: ignore[union-attr]
    log.info("Briefbot stopped")


async def _sync_once(services: Services) -> None:
    bot = create_bot(services, force_sync=True)
    async with bot:
        await bot.login(services.settings.token.reveal())  # type: ignore[union-attr]


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
