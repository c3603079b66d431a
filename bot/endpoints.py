"""Pointing discord.py at a REST or gateway proxy (DISCORD_API_BASE, DISCORD_GATEWAY_URL).

discord.py keeps both addresses in class attributes: `Route.BASE` for every REST call, and
`DiscordWebSocket.DEFAULT_GATEWAY`, which a Bot connects to (and returns to after an invalid
session) and which an AutoShardedBot uses when the shard count is given.
"""

from __future__ import annotations

import discord
import yarl
from discord.gateway import DiscordWebSocket


def use_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Send REST calls to `api_base` and open the gateway at `gateway_url` (None: Discord's)."""
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
