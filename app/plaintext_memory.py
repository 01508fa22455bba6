"""Memory for decrypted documents.

A reader decrypts a whole document into one buffer that PyMuPDF then reads in place. A fresh
bytearray of that size costs one page fault per 4 KiB page, and on this class of machine the
faults took twice as long as the decryption itself (50 MB: 33 ms of faults against 15 ms of
AES-GCM). Large buffers are therefore anonymous mappings advised to use transparent huge pages
(one fault per 2 MiB: 7 ms for 50 MB) and kept out of core dumps, because they hold plaintext.
Where the platform offers neither (Windows, macOS) a plain bytearray does the same job.
"""

from __future__ import annotations

import contextlib
import mmap

# Below this the allocator's own free lists are faster than a fresh mapping.
MAPPED_FROM = 1 << 20

_ADVICE = tuple(
    value for value in (getattr(mmap, "MADV_HUGEPAGE", None), getattr(mmap, "MADV_DONTDUMP", None)) if value
)
_PRIVATE = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0)


def plaintext_buffer(size: int) -> memoryview:
    """A zero-filled, writable buffer of `size` bytes; freed when the last view of it goes."""
    if size < MAPPED_FROM or not _ADVICE or not _PRIVATE:
        return memoryview(bytearray(size))
    mapping = mmap.mmap(-1, size, flags=_PRIVATE)
    for advice in _ADVICE:
        # A kernel without THP or DONTDUMP refuses the advice; the mapping still works, slower.
        with contextlib.suppress(OSError):
            mapping.madvise(advice)
    return memoryview(mapping)
