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


# A sealed ballot is in the chain through its tracking hash (the SHA-256 of its canonical JSON),
# not its body: the room sends the body only to the devices that check the tally, and every
# other device still checks the whole chain (docs/sealed.md "The board on the wire").
BALLOT_EVENT = "vote.ballot_recorded"


def event_hash(prev: str, seq: int, at: str, actor: str | None, name: str, data: Any) -> str:
    body = canonical_json({"seq": seq, "at": at, "actor": actor, "name": name, "data": without_body(name, data)})
    return hashlib.sha256(bytes.fromhex(prev) + body).hexdigest()


def body_matches(name: str, data: Any) -> bool:
    """A sealed ballot's body, where an event carries it, is the one its tracking hash names."""
    if name != BALLOT_EVENT or not isinstance(data, dict) or "ballot" not in data:
        return True
    return hashlib.sha256(canonical_json(data["ballot"])).hexdigest() == data.get("tracking")


def without_body(name: str, data: Any) -> Any:
    """The event's data as hashed, and as a device that does not check the tally receives it."""
    if name == BALLOT_EVENT and isinstance(data, dict) and "ballot" in data and "tracking" in data:
        return {k: v for k, v in data.items() if k != "ballot"}
    return data
