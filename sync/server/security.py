"""Refusals a technician should see: one structured line per refused attempt, on the logger
"phonghop.security", as `key=value` pairs that read the same in text and in JSON logs.

A flood is not copied into the log line by line (that would be a second attack, on the disk and
on the technician's patience): the first FLOOD_LINES refusals of a kind from a source within
FLOOD_WINDOW_S are written, further ones are counted and reported with the next line written
(`suppressed=N`)."""

from __future__ import annotations

import logging
import time

log = logging.getLogger("phonghop.security")

FLOOD_WINDOW_S = 10.0
FLOOD_LINES = 5
# Sources remembered for the summary; past this the memory starts afresh (a spoofing flood
# must not grow it without bound).
MAX_SOURCES = 10_000
_MAX_VALUE = 120

# (event, code, source, command) -> (window start, lines written in it, refusals not written)
_last: dict[tuple[str, str, str, str], tuple[float, int, int]] = {}


def _clean(value: object) -> str:
    """One token, printable, short: peer-chosen text (a path, an id) cannot forge a log line."""
    text = str(value)[:_MAX_VALUE]
    return "".join(c if c.isprintable() and c not in ' "=\\' else f"\\x{ord(c):02x}" for c in text) or "-"


def refused(event: str, code: str, *, address: str | None = None, device_id: str | None = None,
            **fields: object) -> None:
    """Logs a refused attempt (`event`: what was tried; `code`: the error the peer got). Floods
    are counted per authenticated device, else per address: a device id that a peer merely
    claims goes in `fields` (`claimed=`), never in the key, or each made-up id would be a new
    source with lines of its own."""
    source = device_id or address or "?"
    key = (event, code, source, str(fields.get("command", "")))
    now = time.monotonic()
    start, written, suppressed = _last.get(key, (now, 0, 0))
    if now - start >= FLOOD_WINDOW_S:
        start, written = now, 0
    elif written >= FLOOD_LINES:
        _last[key] = (start, written, suppressed + 1)
        return
    if len(_last) >= MAX_SOURCES:
        _last.clear()
    _last[key] = (start, written + 1, 0)
    pairs = {"event": event, "code": code, "device_id": device_id, "address": address, **fields}
    if suppressed:
        pairs["suppressed"] = suppressed
    log.warning(" ".join(f"{k}={_clean(v)}" for k, v in pairs.items() if v is not None))
