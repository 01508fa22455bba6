"""The server's latency policies: full collections only at quiet moments, the hall display and
the presidium written at once while the other seats' writes are coalesced."""

from __future__ import annotations

import asyncio
import gc
import sys
import weakref
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from sync.server.collector import NO_AUTOMATIC_FULL, IdleCollector
from sync.server.sessions import PROMPT_ROLES, Session


@pytest.fixture
def gc_restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()


async def test_collector_takes_over_full_collections_and_waits_for_a_lull(gc_restored: None) -> None:
    loop = asyncio.get_running_loop()
    busy = [loop.time()]
    collector = IdleCollector(lambda: busy[0], every_s=0.05, thorough_s=60.0, quiet_s=0.1, patience_s=60.0)
    threshold = gc.get_threshold()
    collector.start()
    try:
        assert gc.get_threshold()[2] == NO_AUTOMATIC_FULL
        assert gc.get_freeze_count() > 0  # what existed at start is frozen
        # The room publishes every 20 ms: the collection that is due keeps waiting.
        for _ in range(15):
            await asyncio.sleep(0.02)
            busy[0] = loop.time()
        assert collector.collections == 0
        # Quiet for more than quiet_s: it runs.
        await asyncio.sleep(0.3)
        assert collector.collections >= 1
    finally:
        await collector.stop()
    assert gc.get_threshold() == threshold


async def test_collector_runs_anyway_after_its_patience(gc_restored: None) -> None:
    loop = asyncio.get_running_loop()
    collector = IdleCollector(loop.time, every_s=0.05, quiet_s=10.0, patience_s=0.1)  # never quiet
    collector.start()
    try:
        await asyncio.sleep(0.4)
        assert collector.collections >= 1
    finally:
        await collector.stop()


def test_a_thorough_collection_reclaims_frozen_cycles(gc_restored: None) -> None:
    class Node:
        other: Any = None

    def cycle() -> Any:
        a, b = Node(), Node()
        a.other, b.other = b, a
        return a

    collector = IdleCollector(lambda: 0.0)
    kept = cycle()
    alive = weakref.ref(kept)
    collector.collect()  # kept is now frozen
    del kept  # a dead frozen cycle: only an unfreeze lets it go
    collector.collect()
    assert alive() is not None
    collector.collect(thorough=True)
    assert alive() is None


async def test_sessions_closing_bring_the_thorough_pass_forward(gc_restored: None) -> None:
    """An access point that reboots drops the hall: the closed sessions' frozen cycles are freed
    at the next lull, not ten minutes later; and not at all while nothing closes."""

    class Node:
        other: Any = None

    closed = [0]
    collector = IdleCollector(lambda: 0.0, every_s=0.02, thorough_s=600.0, thorough_quiet_s=0.0,
                              closed=lambda: closed[0], closed_soon=3, soon_s=0.05)
    collector.start()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        await asyncio.sleep(0.1)  # collected and frozen, alive
        del a, b
        closed[0] = 2  # fewer than closed_soon: no thorough pass yet
        await asyncio.sleep(0.2)
        assert collector.collections >= 2 and collector.thorough_passes == 0
        assert alive() is not None  # frozen: the ordinary passes cannot free it
        closed[0] = 3
        deadline = asyncio.get_running_loop().time() + 2
        while alive() is not None and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        assert alive() is None and collector.thorough_passes == 1
        await asyncio.sleep(0.2)
        assert collector.thorough_passes == 1  # the same closings do not count twice
    finally:
        await collector.stop()


class FakeTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return False

    def get_write_buffer_size(self) -> int:
        return 0


def live_session(role: str) -> tuple[Session, FakeTransport]:
    transport = FakeTransport()
    request: Any = SimpleNamespace(transport=transport, remote="127.0.0.1")
    session = Session(request, ws=None, room=None, registry=None)  # type: ignore[arg-type]
    session._catching_up = False
    session._prompt = role in PROMPT_ROLES  # as at auth
    return session, transport


async def test_display_and_presidium_are_written_at_once_seats_on_the_next_turn() -> None:
    sessions = {role: live_session(role) for role in ("delegate", "display", "chair", "secretary")}
    for session, _ in sessions.values():
        session.deliver(b"event")
    for role in ("display", "chair", "secretary"):
        assert sessions[role][1].writes == [b"event"], role
    assert sessions["delegate"][1].writes == []  # coalesced: written from call_soon
    await asyncio.sleep(0)
    assert sessions["delegate"][1].writes == [b"event"]


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim; /proc")
def test_a_thorough_collection_gives_the_freed_memory_back_to_the_system(gc_restored: None) -> None:
    """What the sessions that went away used is free for Python but kept by glibc until trimmed:
    without it the room's RSS only ever rose over a day (issue 7's soak)."""
    chunks = [bytes(2048) for _ in range(100_000)]  # 200 MB through malloc, not Python's arenas
    pinned = bytes(2048)  # above them on the heap: free() alone cannot shrink it
    del chunks
    before = _rss_mb()
    IdleCollector(lambda: 0.0).collect(thorough=True)
    after = _rss_mb()
    assert before - after > 100, (before, after)
    assert len(pinned) == 2048


def test_answers_kept_in_memory_are_the_last_minutes_and_at_most_so_many(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repeated command is answered from memory while recent, from the store after: the room's
    memory for answers stops growing once it has run ANSWER_KEEP_S, whatever the pace."""
    from sync.server import room as room_module

    monkeypatch.setattr(room_module, "ANSWER_CACHE", 5)
    answers: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
    holder = SimpleNamespace(_answers=answers)
    keep = room_module.ANSWER_KEEP_S
    for n in range(4):
        answers[("seat", f"c{n}")] = (100.0 + n, {"id": f"c{n}"})
    room_module.Room._forget_answers(holder, 100.0 + keep + 1.5)  # c0 and c1 are too old
    assert list(answers) == [("seat", "c2"), ("seat", "c3")]
    for n in range(4, 10):
        answers[("seat", f"c{n}")] = (200.0, {"id": f"c{n}"})
    room_module.Room._forget_answers(holder, 200.0)
    assert list(answers) == [("seat", f"c{n}") for n in range(5, 10)]  # and never more than 5
