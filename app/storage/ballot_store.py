"""Ballots the room keeps apart from the log, in `room.db` beside the events (docs/votes.md).

Secret ballots are split in three tables with nothing to join them by: who voted, the receipt
codes, and the choices under a random key. They are WITHOUT ROWID tables, stored in key order,
so not even the order of the rows on disk tells the order in which ballots arrived."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import replace

from app.ballots import CastRecord
from app.model import BallotBox

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS secret_voters (meeting_id TEXT NOT NULL, vote_id TEXT NOT NULL, "
    "delegate_id TEXT NOT NULL, PRIMARY KEY (meeting_id, vote_id, delegate_id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS secret_receipts (meeting_id TEXT NOT NULL, vote_id TEXT NOT NULL, "
    "receipt TEXT NOT NULL, PRIMARY KEY (meeting_id, vote_id, receipt)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS secret_choices (meeting_id TEXT NOT NULL, vote_id TEXT NOT NULL, "
    "ballot_id TEXT NOT NULL, choice TEXT NOT NULL, PRIMARY KEY (meeting_id, vote_id, ballot_id)) WITHOUT ROWID",
    # Named ballots, every one cast (a changed vote keeps its earlier ballots: their nonces stay used).
    "CREATE TABLE IF NOT EXISTS open_ballots (meeting_id TEXT NOT NULL, vote_id TEXT NOT NULL, "
    "delegate_id TEXT NOT NULL, device_id TEXT NOT NULL, choice TEXT NOT NULL, nonce TEXT NOT NULL, "
    "sig TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS open_ballots_vote ON open_ballots (meeting_id, vote_id)",
)


def create_tables(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


def write(conn: sqlite3.Connection, ballots: Iterable[tuple[str, CastRecord]]) -> None:
    """Inside the caller's transaction, with the events that acknowledge these ballots."""
    for meeting_id, b in ballots:
        if b.sealed:  # the ballot itself is in the log (docs/sealed.md): only who voted stays here
            conn.execute("INSERT INTO secret_voters VALUES (?, ?, ?)", (meeting_id, b.vote_id, b.delegate_id))
        elif b.secret:
            conn.execute("INSERT INTO secret_voters VALUES (?, ?, ?)", (meeting_id, b.vote_id, b.delegate_id))
            conn.execute("INSERT INTO secret_receipts VALUES (?, ?, ?)", (meeting_id, b.vote_id, b.receipt))
            conn.execute(
                "INSERT INTO secret_choices VALUES (?, ?, ?, ?)",
                (meeting_id, b.vote_id, secrets.token_hex(16), b.choice),
            )
        else:
            conn.execute(
                "INSERT INTO open_ballots VALUES (?, ?, ?, ?, ?, ?, ?)",
                (meeting_id, b.vote_id, b.delegate_id, b.device_id, b.choice, b.nonce, b.sig),
            )


def boxes(conn: sqlite3.Connection, meeting_id: str, vote_ids: Iterable[str]) -> dict[str, BallotBox]:
    """The ballot boxes of the given (still open) votes, as they were before a restart."""
    found: dict[str, BallotBox] = {}
    for vote_id in vote_ids:
        key = (meeting_id, vote_id)
        box = BallotBox()
        named: dict[str, str] = {}
        nonces: set[str] = set()
        for delegate_id, choice, nonce in conn.execute(
            "SELECT delegate_id, choice, nonce FROM open_ballots WHERE meeting_id = ? AND vote_id = ? ORDER BY rowid",
            key,
        ):
            named[delegate_id] = choice  # the last ballot counts
            nonces.add(f"{delegate_id}|{nonce}")
        voters = {r[0] for r in conn.execute(
            "SELECT delegate_id FROM secret_voters WHERE meeting_id = ? AND vote_id = ?", key)}
        receipts = {r[0] for r in conn.execute(
            "SELECT receipt FROM secret_receipts WHERE meeting_id = ? AND vote_id = ?", key)}
        secret = tuple(r[0] for r in conn.execute(
            "SELECT choice FROM secret_choices WHERE meeting_id = ? AND vote_id = ?", key))
        box = replace(
            box, voters=frozenset(voters | set(named)), nonces=frozenset(nonces), named=named,
            secret=secret, receipts=frozenset(receipts),
        )
        found[vote_id] = box
    return found


def open_ballots(conn: sqlite3.Connection, meeting_id: str) -> list[dict[str, str]]:
    """Every named ballot of a meeting with its signature, for the archive (open votes only)."""
    rows = conn.execute(
        "SELECT vote_id, delegate_id, device_id, choice, nonce, sig FROM open_ballots "
        "WHERE meeting_id = ? ORDER BY rowid",
        (meeting_id,),
    ).fetchall()
    keys = ("vote_id", "delegate_id", "device_id", "choice", "nonce", "sig")
    return [dict(zip(keys, row, strict=True)) for row in rows]
