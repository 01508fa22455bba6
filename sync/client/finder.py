"""Finds the enrolled room server again when its address changed (DHCP gave it a new IP, it was
restarted on another port): the room on the LAN with the certificate this device pinned.

The announcement is only a hint, since anyone on the LAN can announce any fingerprint. An
address is used only after a TLS handshake with it completed against the pinned certificate
(sync/tls.py), the same check every connection makes, so a device never moves to a server
that is not the one it enrolled with."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from dataclasses import replace
from urllib.parse import urlsplit

from sync.client.enroll import Identity
from sync.tls import client_ssl_context_pinned

log = logging.getLogger(__name__)

BROWSE_S = 3.0
PROBE_S = 3.0


async def answers_pinned(url: str, fingerprint: str, timeout_s: float = PROBE_S) -> bool:
    """Whether the server at url completes a TLS handshake with the pinned certificate."""
    parts = urlsplit(url)
    if parts.hostname is None or parts.port is None:
        return False
    try:
        async with asyncio.timeout(timeout_s):
            _, writer = await asyncio.open_connection(
                parts.hostname, parts.port, ssl=client_ssl_context_pinned(fingerprint)
            )
    except (OSError, TimeoutError, ValueError):  # ssl.SSLError (a wrong certificate) is an OSError
        return False
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError, TimeoutError):
        async with asyncio.timeout(1.0):
            await writer.wait_closed()
    return True


async def find_room(identity: Identity, browse_s: float = BROWSE_S) -> Identity | None:
    """The identity with the address where its room now answers, or None when the room was not
    found, does not answer, or answers where the identity already points."""
    try:
        return await _find(identity, browse_s)
    except Exception:  # looking is a bonus: the connection goes on retrying the address it has
        log.exception("looking for the room on the LAN failed")
        return None


async def _find(identity: Identity, browse_s: float) -> Identity | None:
    from sync.discovery import browse  # zeroconf (~70 ms) only once a seat has lost its room

    ours = identity.fingerprint
    rooms = await browse(browse_s, until=lambda room: room.fingerprint == ours)
    for room in rooms:
        if room.fingerprint != ours:
            continue
        for url in room.urls():
            if await answers_pinned(url, ours):
                if url == identity.url:
                    return None
                log.warning("the room server moved from %s to %s; connecting there", identity.url, url)
                return replace(identity, url=url)
            log.warning("%s announces this room's certificate but does not hold it; ignored", url)
    return None
