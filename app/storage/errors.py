"""The storage layer's errors: one base type with a stable code."""

from __future__ import annotations

from typing import Literal

StorageCode = Literal["chain", "gap", "conflict"]


class StorageError(Exception):
    """Storage refused a write; `code` says why ("chain", "gap" or "conflict")."""

    def __init__(self, code: StorageCode, message: str):
        self.code: StorageCode = code
        super().__init__(f"{code}: {message}")


class ReplicaError(StorageError):
    """Events offered to a client's replica do not fit the log it already holds."""
