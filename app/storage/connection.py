"""Opening a SQLite file the way every store needs it, and one write transaction."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils


def open_database(path: Path) -> sqlite_utils.Database:
    """WAL lets readers run beside the writer; synchronous=FULL makes a returned commit durable."""
    # check_same_thread=False: the asyncio layers may run storage calls in an executor thread;
    # each store serialises its own calls with a lock.
    conn = sqlite3.connect(str(path), check_same_thread=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    db.enable_wal()
    db.execute("PRAGMA synchronous=FULL")
    return db


@contextmanager
def write_transaction(conn: sqlite3.Connection, lock: threading.Lock) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE takes the write lock up front, so a commit never fails half way on busy."""
    with lock:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.commit()
        except BaseException:
            # A failed COMMIT (disk full, I/O error) can leave the transaction open.
            conn.rollback()
            raise
