"""What the cogs share: settings, the index being served, the bot's own state, the re-index lock."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import Settings
from bot.state import BotState
from index import Library, LibraryWatcher


@dataclass
class Services:
    settings: Settings
    seeds: Path
    db: Path
    watcher: LibraryWatcher
    state: BotState
    reindex_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def library(self) -> Library:
        """The newest index: picks up a re-index done here or by another process."""
        return self.watcher.current()
