"""Briefbot's settings: the one place that reads the environment and `.env`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

DEFAULT_SEEDS = Path("seeds")
DEFAULT_DB = Path("var/briefbot.sqlite")


class SettingsError(ValueError):
    """A setting with a value Briefbot cannot use; the message names the variable."""


class Secret:
    """A value that never prints: repr, str and f-strings show a mask, not the token."""

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    token: Secret | None = None
    seeds: Path = DEFAULT_SEEDS
    db: Path = DEFAULT_DB
    guild_ids: tuple[int, ...] = ()
    admin_role_ids: tuple[int, ...] = ()
    ask_channel_ids: tuple[int, ...] = ()
    log_level: str = "INFO"
    api_base: str | None = None
    gateway_url: str | None = None
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None

    @property
    def state_db(self) -> Path:
        """Usage counts, feedback and the command-sync hash: kept apart from the rebuilt index."""
        return self.db.with_name(self.db.stem + "-state.sqlite")


def load_settings(
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = Path(".env"),
    *,
    seeds: Path | None = None,
    db: Path | None = None,
) -> Settings:
    """Settings from the environment, falling back to `.env` for anything not set there.

    `seeds` and `db` come from the command line (--seeds, --db) and win over both.
    """
    values: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    token = values.get("DISCORD_TOKEN", "").strip()
    shard_ids = _ids(values, "BRIEFBOT_SHARD_IDS")
    return Settings(
        token=Secret(token) if token else None,
        seeds=seeds or Path(values.get("BRIEFBOT_SEEDS") or DEFAULT_SEEDS),
        db=db or Path(values.get("BRIEFBOT_DB") or DEFAULT_DB),
        guild_ids=_ids(values, "BRIEFBOT_GUILD_IDS"),
        admin_role_ids=_ids(values, "BRIEFBOT_ADMIN_ROLE_IDS"),
        ask_channel_ids=_ids(values, "BRIEFBOT_ASK_CHANNEL_IDS"),
        log_level=_log_level(values.get("BRIEFBOT_LOG_LEVEL") or "INFO"),
        api_base=values.get("DISCORD_API_BASE") or None,
        gateway_url=values.get("DISCORD_GATEWAY_URL") or None,
        shard_count=_int(values, "BRIEFBOT_SHARD_COUNT"),
        shard_ids=shard_ids or None,
    )


def _ids(values: Mapping[str, str], name: str) -> tuple[int, ...]:
    raw = values.get(name, "")
    parts = [part for part in raw.replace(";", ",").replace(" ", ",").split(",") if part]
    try:
        return tuple(int(part) for part in parts)
    except ValueError:
        raise SettingsError(
            f"{name} must be a comma-separated list of numeric ids, got {raw!r}"
        ) from None


def _int(values: Mapping[str, str], name: str) -> int | None:
    raw = values.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise SettingsError(f"{name} must be a positive whole number, got {raw!r}")
    return int(raw)


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingsError(
            f"BRIEFBOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {raw!r}"
        )
    return level
