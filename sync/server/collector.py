"""Full garbage collections at quiet moments, never in the middle of a fan-out.

CPython starts a full (generation-2) collection whenever enough objects have survived into
the old generation; with 500 sessions and a growing meeting state that pause took 10-28 ms
(measured) and landed wherever an allocation tipped it over, often inside a broadcast to the
hall. Here the server turns those automatic full collections off and runs them itself, on
the event loop, once the room has published nothing for a little while:

- every `every_s`: `gc.collect()` then `gc.freeze()`. Everything alive then (sessions, the
  meeting state) moves to the permanent generation, so the next collections only scan what
  is younger and stay short. Young generations (0 and 1) still collect automatically; they
  are small and take well under a millisecond.
- every `thorough_s`: `gc.unfreeze()` first. A frozen object is still freed by reference
  counting, but a frozen reference cycle (a session that went away, with its request,
  transport and WebSocket) is only reclaimed once unfrozen. This pass scans the whole heap,
  so it waits for a longer lull.

If the room is never quiet (a vote of the whole hall), a collection runs anyway `patience_s`
after it was due: memory must not grow without bound for the sake of latency.

A session that closed leaves a reference cycle through aiohttp's reader and the TLS transport
(256 KiB of uvloop's buffer with it), frozen with everything else, so only a thorough pass frees
it. Once `closed_soon` sessions have closed, the thorough pass comes early (at most every
`soon_s`): a Wi-Fi access point that reboots drops the whole hall, and 500 seats' buffers
(128 MB) would otherwise wait up to ten minutes. The soak saw the same as a 13 MB sawtooth.

After a thorough pass the C allocator is asked to return its free pages (glibc's malloc_trim):
the memory of the sessions that went away is free for Python, but glibc keeps it in the arenas
of the threads that used it, so the process's RSS only ever rose (issue 7's soak).
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import logging
import sys
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

COLLECT_EVERY_S = 15.0
THOROUGH_EVERY_S = 600.0
CLOSED_SOON = 16  # sessions closed since the last thorough pass that bring the next one forward (4 MB)
SOON_S = 60.0  # never more often than this
# A fan-out to a busy seat is written at most 60 ms after its batch (sessions.py), so 80 ms
# without a batch means the last broadcast has left; a thorough pass wants a real lull.
QUIET_S = 0.08
THOROUGH_QUIET_S = 1.0
PATIENCE_S = 60.0
POLL_S = 0.04
# Generation-1 collections before CPython would start a full one by itself: never, in practice.
NO_AUTOMATIC_FULL = 1_000_000


class IdleCollector:
    """Owns the full collections of the server process (see the module docstring)."""

    def __init__(
        self,
        last_busy: Callable[[], float],
        every_s: float = COLLECT_EVERY_S,
        thorough_s: float = THOROUGH_EVERY_S,
        quiet_s: float = QUIET_S,
        thorough_quiet_s: float = THOROUGH_QUIET_S,
        patience_s: float = PATIENCE_S,
        closed: Callable[[], int] = lambda: 0,
        closed_soon: int = CLOSED_SOON,
        soon_s: float = SOON_S,
    ):
        # `last_busy()`: the loop time the room last published a batch; `closed()`: how many
        # sessions have closed so far (SessionRegistry.closed).
        self.last_busy = last_busy
        self.closed, self.closed_soon, self.soon_s = closed, closed_soon, soon_s
        self.every_s, self.thorough_s = every_s, thorough_s
        self.quiet_s, self.thorough_quiet_s = quiet_s, thorough_quiet_s
        self.patience_s = patience_s
        self.collections = 0
        self.thorough_passes = 0
        self._task: asyncio.Task[None] | None = None
        self._threshold: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Collects and freezes what exists now, then takes over the full collections."""
        gc.collect()
        gc.freeze()
        self._threshold = gc.get_threshold()
        t0, t1, _ = self._threshold
        gc.set_threshold(t0, t1, NO_AUTOMATIC_FULL)
        self._task = asyncio.create_task(self._run(), name="idle-collector")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)
            self._threshold = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time() + self.every_s
        last_thorough = loop.time()
        closed_then = self.closed()
        while True:
            await asyncio.sleep(max(due - loop.time(), POLL_S))
            now = loop.time()
            soon = self.closed() - closed_then >= self.closed_soon and now >= last_thorough + self.soon_s
            thorough = soon or now >= last_thorough + self.thorough_s
            quiet = self.thorough_quiet_s if thorough else self.quiet_s
            if now - self.last_busy() < quiet and now < due + self.patience_s:
                continue  # poll again shortly: the room is busy
            if thorough:
                closed_then = self.closed()
            self.collect(thorough)
            due = loop.time() + self.every_s
            if thorough:
                last_thorough = loop.time()

    def collect(self, thorough: bool = False) -> None:
        began = time.perf_counter()
        if thorough:
            gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        if thorough:
            release_free_memory()
            self.thorough_passes += 1
        self.collections += 1
        log.debug("%s collection: %d unreachable, %.1f ms, %d frozen", "thorough" if thorough else "full",
                  found, (time.perf_counter() - began) * 1000, gc.get_freeze_count())


def release_free_memory() -> bool:
    """glibc's malloc_trim(0): free pages back to the system. False where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return bool(trim(0))
