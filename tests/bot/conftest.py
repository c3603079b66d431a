"""Fixtures of the bot tests: a private briefing, the fake Discord, and the product bot on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord.ext import commands
from fakediscord import FakeDiscord

from bot.services import Services
from tests.bot_fixtures import World, assert_all_embeds_within_limits, briefbot


@pytest.fixture(scope="session")
def prebuilt_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' index, built once and copied into each test's world."""
    world = World.create(tmp_path_factory.mktemp("prebuilt"))
    return world.db


@pytest.fixture
def world(tmp_path: Path, prebuilt_index: Path) -> World:
    return World.create(tmp_path, prebuilt_index)


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as srv:
        yield srv


@pytest.fixture
async def services(server: FakeDiscord, world: World) -> AsyncIterator[Services]:
    services = world.services(server)
    yield services
    services.state.close()


@pytest.fixture
async def bot(server: FakeDiscord, services: Services) -> AsyncIterator[commands.Bot]:
    async with briefbot(server, services) as running:
        yield running
    assert not server.errors, server.errors
    assert_all_embeds_within_limits(server)
