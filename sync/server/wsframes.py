"""Server-to-client WebSocket text frames, built once and written to many sockets."""

from __future__ import annotations

import struct


def text_frame(payload: bytes) -> bytes:
    """RFC 6455 frame: FIN + text opcode, unmasked (servers never mask), length, payload."""
    n = len(payload)
    if n < 126:
        return bytes((0x81, n)) + payload
    if n < 65536:
        return b"\x81\x7e" + struct.pack("!H", n) + payload
    return b"\x81\x7f" + struct.pack("!Q", n) + payload
