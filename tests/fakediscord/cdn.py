"""Discord's file CDN, on loopback: attachments a member "uploads" with a slash command.

Discord hands a bot an attachment as `data.resolved.attachments[id]` with a `url` on its CDN
(`/ephemeral-attachments/{application}/{id}/{filename}` for command options); discord.py's
`Attachment.read()` then fetches that URL without the bot token. Unknown files answer 404.
"""

from __future__ import annotations

import urllib.parse

from aiohttp import web

from . import payloads as p
from .payloads import Json


class FakeCdn:
    """Files by attachment id, and every download the bot made (attachment ids, in order)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []

    def add(
        self, base_url: str, application_id: int, filename: str, data: bytes, content_type: str
    ) -> Json:
        """Store `data` and return the attachment object Discord would resolve."""
        attachment_id = str(p.snowflake())
        self.files[attachment_id] = data
        url = (
            f"{base_url}/ephemeral-attachments/{application_id}/{attachment_id}/"
            f"{urllib.parse.quote(filename, safe='')}"
        )
        return {
            "id": attachment_id,
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
            "ephemeral": True,
        }

    async def handle(self, request: web.Request) -> web.Response:
        attachment_id = request.match_info["id"]
        self.downloads.append(attachment_id)
        data = self.files.get(attachment_id)
        if data is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=data, content_type="application/octet-stream")


def is_attachment(value: object) -> bool:
    """An option value that is an attachment object (as FakeCdn.add returns)."""
    return isinstance(value, dict) and "url" in value and "filename" in value
