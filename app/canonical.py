"""Canonical JSON and the event hash chain of PROTOCOL.md."""

from __future__ import annotations

import hashlib
import json
from typing import Any

ZERO_HASH = "0" * 64


def canonical_json(value: Any) -> bytes:
    """The exact bytes that are hashed and signed; floats are refused so hashes never drift."""
    _refuse_floats(value)
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def _refuse_floats(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            raise ValueError("hashed and signed content holds no floats")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def event_hash(prev: str, seq: int, at: str, actor: str | None, name: str, data: Any) -> str:
    body = canonical_json({"seq": seq, "at": at, "actor": actor, "name": name, "data": data})
    return hashlib.sha256(bytes.fromhex(prev) + body).hexdigest()
