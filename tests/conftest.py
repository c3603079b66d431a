"""Shared fixtures: the project's seed article and indexes built from it in temporary folders."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from index.store.build import build_index
from index.store.library import Library

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT / "seeds"
BRIEFBOT = Path(sys.executable).with_name("briefbot")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the project's seeds, free to change in a test."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The index of the project's seeds, built once for the read-only tests."""
    db = tmp_path_factory.mktemp("index") / "briefbot.sqlite"
    build_index(SEEDS, db)
    return Library(db)
