"""Contract tests for the room server's store against real SQLite files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from app.canonical import ZERO_HASH
from app.events import Event, NewEvent, seal, verify_chain
from app.storage.errors import StorageError
from app.storage.server_store import ServerStore

REPO = Path(__file__).resolve().parent.parent


def make_chain(meeting_id: str | None, n: int, start: int = 1, prev: str = ZERO_HASH) -> list[Event]:
    events = []
    for seq in range(start, start + n):
        data: dict[str, Any] = {
            "item_id": f"item-{seq}",
            "title": f"Báo cáo kinh tế - xã hội số {seq}",
            "position": seq,
            "full_time": seq % 2 == 0,
            "presenter": None,
            "roles": ["delegate", "chair"],
            "nested": {"đại biểu": [1, {"x": "Ninh Bình"}]},
        }
        event = seal(
            meeting_id, prev, seq, "2025-07-01T08:00:00+07:00", "dev-1", NewEvent("agenda.item_added", data)
        )
        events.append(event)
        prev = event.hash
    return events


@pytest.fixture
def store(tmp_path: Path):
    s = ServerStore(tmp_path / "server.sqlite")
    yield s
    s.close()


def test_round_trip_and_heads(store: ServerStore) -> None:
    m1 = make_chain("m1", 5)
    own = make_chain(None, 3)
    store.commit(m1 + own, [])
    assert store.events_after("m1", 0) == m1
    assert store.events_after(None, 0) == own
    assert store.events_after("m1", 2) == m1[2:]
    assert store.events_after("m1", 1, limit=2) == m1[1:3]
    assert store.events_after("nope", 0) == []
    assert store.heads() == {"m1": (5, m1[-1].hash), None: (3, own[-1].hash)}
    assert store.logs() == [None, "m1"]
    verify_chain(store.events_after("m1", 0))
    verify_chain(store.events_after(None, 0))


def test_empty_store(store: ServerStore) -> None:
    assert store.heads() == {}
    assert store.logs() == []
    assert store.get_meta("x") is None


def test_colliding_seq_writes_nothing(store: ServerStore) -> None:
    chain = make_chain("m1", 4)
    store.commit(chain[:2], [("d1", "c1", {"type": "ack", "id": "c1", "seq": 2})])
    other = make_chain("m2", 2)
    with pytest.raises(StorageError) as info:
        store.commit(other + chain[1:], [("d1", "c2", {"type": "ack", "id": "c2", "seq": 4})])
    assert info.value.code == "chain"
    assert store.events_after("m1", 0) == chain[:2]
    assert store.events_after("m2", 0) == []
    assert store.answer("d1", "c2") is None
    store.commit(chain[2:], [])
    assert store.heads()["m1"] == (4, chain[-1].hash)


def test_gap_or_wrong_prev_refused(store: ServerStore) -> None:
    chain = make_chain("m1", 4)
    with pytest.raises(StorageError):
        store.commit([chain[0], chain[2]], [])
    forged = seal("m1", "ab" * 32, 1, "2025-07-01T08:00:00+07:00", None, NewEvent("x"))
    with pytest.raises(StorageError):
        store.commit([forged], [])
    assert store.logs() == []


def test_answers_remembered_and_dedup(store: ServerStore) -> None:
    refusal = {"type": "error", "id": "c1", "code": "vote_closed", "message": "Biểu quyết đã kết thúc."}
    store.commit([], [("d1", "c1", refusal)])
    assert store.answer("d1", "c1") == refusal
    assert store.answer("d2", "c1") is None
    chain = make_chain("m1", 1)
    with pytest.raises(StorageError) as info:
        store.commit(chain, [("d1", "c1", {"type": "ack", "id": "c1", "seq": 1})])
    assert info.value.code == "conflict"
    assert store.answer("d1", "c1") == refusal
    assert store.logs() == []  # the event of the refused batch is gone too


def test_meta(store: ServerStore) -> None:
    store.set_meta("room", "Hội trường A")
    store.set_meta("room", "Hội trường B")
    assert store.get_meta("room") == "Hội trường B"


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite"
    chain = make_chain("m1", 20)
    store = ServerStore(path)
    store.commit(chain[:10], [("d1", "c1", {"type": "ack", "id": "c1", "seq": 10})])
    store.commit(chain[10:], [])
    store.set_meta("schema", "1")
    store.close()
    store = ServerStore(path)
    try:
        loaded = store.events_after("m1", 0)
        assert loaded == chain
        assert verify_chain(loaded) == chain[-1].hash
        assert store.answer("d1", "c1") == {"type": "ack", "id": "c1", "seq": 10}
        assert store.get_meta("schema") == "1"
        assert store.heads() == {"m1": (20, chain[-1].hash)}
        mode = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        store.close()


def test_usable_from_an_executor_thread(store: ServerStore) -> None:
    chain = make_chain("m1", 100)
    with ThreadPoolExecutor(max_workers=4) as pool:
        pool.submit(store.commit, chain[:10], []).result()
        readers = [pool.submit(store.events_after, "m1", 0) for _ in range(4)]
        pool.submit(store.commit, chain[10:], []).result()
        for reader in readers:
            assert reader.result() in (chain[:10], chain)
    assert store.events_after("m1", 0) == chain


def test_big_batch_and_load_are_fast(store: ServerStore) -> None:
    chain = make_chain("m1", 10_000)
    started = time.perf_counter()
    for i in range(0, 10_000, 500):
        batch = chain[i : i + 500]
        store.commit(batch, [("d1", f"c{e.seq}", {"type": "ack", "seq": e.seq}) for e in batch])
    commit_s = (time.perf_counter() - started) / 20
    started = time.perf_counter()
    loaded = store.events_after("m1", 0)
    load_s = time.perf_counter() - started
    assert loaded == chain
    assert commit_s < 0.5, commit_s
    assert load_s < 1.0, load_s


# The child commits bursts of 50 events plus answers, resuming from the stored head, and
# prints the last seq only after commit() returned: what it printed was acknowledged.
_CHILD = """
import sys
from pathlib import Path
from app.events import NewEvent, seal
from app.storage.server_store import ServerStore

store = ServerStore(Path(sys.argv[1]))
seq, prev = store.heads().get("m1", (0, "0" * 64))
while True:
    batch, answers = [], []
    for _ in range(50):
        seq += 1
        event = seal("m1", prev, seq, "2025-07-01T08:00:00+07:00", "dev-1",
                     NewEvent("message.sent", {"text": "Xin chào " * 20, "n": seq}))
        batch.append(event)
        answers.append(("dev-1", f"cmd-{seq}", {"type": "ack", "id": f"cmd-{seq}", "seq": seq}))
        prev = event.hash
    store.commit(batch, answers)
    print(seq, flush=True)
"""


def test_sigkill_mid_burst_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    printed: list[int] = []
    for round_ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert child.stdout is not None
        try:
            for _ in range(10 + 7 * round_):
                line = child.stdout.readline()
                assert line, "child died early"
                printed.append(int(line))
            time.sleep(0.003 * round_)  # vary where in the next burst the kill lands
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        # Anything printed between our last read and the kill also counts as acknowledged.
        printed.extend(int(line) for line in child.stdout.read().split())
        child.stdout.close()
    store = ServerStore(path)
    try:
        events = store.events_after("m1", 0)
        held = {e.seq for e in events}
        assert set(printed) <= held
        assert max(held) >= max(printed)
        verify_chain(events)
        for seq in printed:
            assert store.answer("dev-1", f"cmd-{seq}") == {"type": "ack", "id": f"cmd-{seq}", "seq": seq}
        assert len(events) % 50 == 0  # bursts are atomic: never half of one
    finally:
        store.close()
