"""Spawned workers end with the process that started them.

A room server killed with kill -9 left its proof-checking processes behind, each waiting forever
on a queue whose other end its siblings hold open (a process pool's workers all inherit both
ends). Restart after restart they piled up. Every spawned worker calls die_with_parent() first.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading


def die_with_parent() -> None:
    """In a spawned child: when the parent ends, however it ends, this process ends too."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return  # not a spawned child: nothing to watch

    def watch(sentinel: int) -> None:
        multiprocessing.connection.wait([sentinel])  # ready when the parent's end is closed: it is gone
        os._exit(0)

    threading.Thread(target=watch, args=(parent.sentinel,), name="parent-watch", daemon=True).start()
