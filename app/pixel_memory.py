"""The shared-memory segments the seat's process owns for its pixel process (app.page_pixels):
a pool, because a segment taken again costs no page faults here or in the child, and pages'
images are made over segments lent out, which come back when the image goes."""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import deque
from multiprocessing import shared_memory

SPARE_SEGMENTS = 4  # free segments kept mapped: one taken again costs no page faults, here or there


class PixelProcessError(Exception):
    """The child died, hung or broke the exchange; the page was not drawn."""


class Segments:
    """Shared-memory segments this process owns: taken for one request, then given back, or lent
    to the caller until the view it keeps is gone."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: list[shared_memory.SharedMemory] = []
        self._taken: set[str] = set()
        self._all: dict[str, shared_memory.SharedMemory] = {}
        self._unlinked: list[str] = []  # for the child to let go of too
        # Segments whose last lent view went while the lock was held (see _returned_by_view).
        self._returned: deque[shared_memory.SharedMemory] = deque()

    def take(self, size: int) -> shared_memory.SharedMemory:
        with self._lock:
            self._drain()
            fitting = [memory for memory in self._free if memory.size >= size]
            if fitting:
                memory = min(fitting, key=lambda m: m.size)
                self._free.remove(memory)
            else:
                # Some room to grow: the next page or document is often a little larger.
                memory = shared_memory.SharedMemory(create=True, size=max(size + size // 4, 1 << 16))
                self._all[memory.name] = memory
            self._taken.add(memory.name)
            return memory

    def give(self, memory: shared_memory.SharedMemory) -> None:
        with self._lock:
            self._drain()
            self._give(memory)

    def lend(self, memory: shared_memory.SharedMemory, size: int) -> memoryview:
        """The first `size` bytes of taken `memory`, for the caller to keep as long as it likes:
        the segment comes back when that view, and all made from it, are gone."""
        view = buf(memory)[:size]
        weakref.finalize(view, self._returned_by_view, memory).atexit = False
        return view

    def unlinked(self) -> list[str]:
        """The segments let go of since last asked: the child may still have them mapped."""
        with self._lock:
            self._drain()
            names, self._unlinked = self._unlinked, []
            return names

    def close(self) -> None:
        with self._lock:
            self._returned.clear()
            for memory in list(self._all.values()):
                self._unlink(memory)
            self._taken.clear()

    def _returned_by_view(self, memory: shared_memory.SharedMemory) -> None:
        # A view dies wherever its last reference goes, and the garbage collector may free one
        # in the middle of take() on this very thread: waiting for the lock would then never end.
        self._returned.append(memory)
        if self._lock.acquire(blocking=False):
            try:
                self._drain()
            finally:
                self._lock.release()

    def _drain(self) -> None:
        while self._returned:
            self._give(self._returned.popleft())

    def _give(self, memory: shared_memory.SharedMemory) -> None:
        if memory.name not in self._taken:
            return
        self._taken.discard(memory.name)
        self._free.append(memory)
        while len(self._free) > SPARE_SEGMENTS:
            self._unlink(min(self._free, key=lambda m: m.size))

    def _unlink(self, memory: shared_memory.SharedMemory) -> None:
        if memory in self._free:
            self._free.remove(memory)
        self._all.pop(memory.name, None)
        self._unlinked.append(memory.name)
        # A view lent out may outlive the pool (an image kept at exit): its mapping goes with it.
        with contextlib.suppress(BufferError):
            memory.close()
        with contextlib.suppress(FileNotFoundError):
            memory.unlink()


def buf(memory: shared_memory.SharedMemory) -> memoryview:
    view = memory.buf
    if view is None:
        raise PixelProcessError("shared memory closed")
    return view
