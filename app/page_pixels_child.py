"""The pixel process itself (app.page_pixels): opens documents and draws their pages into shared
memory the parent owns, answering each request in order, tagged with the request's number.

Requests (the first item is the request's number, echoed in the answer):
    (n, "open", serial, input segment, size, FirstPage or None, output segment)
    (n, "render", serial, page index, zoom, output segment)
    (n, "close", serial)
    (n, "detach", segment names) (the parent let go of them: so does this process)
    (n, "quit",)
Answers: (n, "ok") · (n, "page", width, height, stride) · (n, "small", bytes needed) ·
(n, "gone") (that document was closed to make room) · (n, "blank", why) (opened, page 1 not
drawn) · (n, "error", code, message). The first message is (0, "ready").
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from multiprocessing import resource_tracker, shared_memory
from multiprocessing.connection import Connection
from typing import Any

from app.documents_render import PdfPages
from app.errors import DomainError
from app.orphans import die_with_parent

OPEN_IN_CHILD = 6  # documents kept open here; one closed is handed over again if asked for
# Segments kept mapped here. The parent lends pages' segments to its images and says which it
# let go of; this bounds what a parent that never says keeps alive.
ATTACHED = 32


class _TooSmall(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def serve(conn: Connection) -> None:
    """The child's loop, until "quit" or the parent is gone."""
    # Python 3.11 registers every segment a process attaches to with the resource tracker, which
    # would unlink the parent's segments when this process ends (track=False does it in 3.13).
    # This process only attaches: the parent owns, and unlinks, every segment.
    resource_tracker.register = lambda name, rtype: None
    die_with_parent()
    attached: OrderedDict[str, shared_memory.SharedMemory] = OrderedDict()
    documents: OrderedDict[int, PdfPages] = OrderedDict()

    def detach(names: list[str]) -> None:
        for name in names:
            memory = attached.pop(name, None)
            if memory is not None:
                memory.close()

    def segment(name: str) -> memoryview:
        memory = attached.get(name)
        if memory is None:
            memory = attached[name] = shared_memory.SharedMemory(name=name)
            while len(attached) > ATTACHED:
                attached.popitem(last=False)[1].close()
        attached.move_to_end(name)
        buf = memory.buf
        assert buf is not None
        return buf

    if not _answer(conn, (0, "ready")):
        return
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        number = request[0]
        if request[1:2] == ("detach",):
            detach(request[2])
            if not _answer(conn, (number, "ok")):
                return
            continue
        try:
            answer = _handle(request[1:], segment, documents)
        except DomainError as exc:
            answer = ("error", exc.code, exc.message)
        except Exception as exc:  # a bad page must not end this process: the parent hears why
            answer = ("error", "render_failed", f"{type(exc).__name__}: {exc}")
        if answer is None or not _answer(conn, (number, *answer)):
            return


def _answer(conn: Connection, message: tuple[Any, ...]) -> bool:
    """False when the parent is gone (it may end as this process starts)."""
    try:
        conn.send(message)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        return False
    return True


def _handle(request: tuple[Any, ...], segment: Callable[[str], memoryview],
            documents: OrderedDict[int, PdfPages]) -> tuple[Any, ...] | None:
    op = request[0]
    if op == "open":
        _, serial, name, size, first, output = request
        pages = _keep(documents, serial, PdfPages(bytes(segment(name)[:size]), serial))
        if first is None:
            return ("ok",)
        return _draw_first(pages, first, segment(output))
    if op == "render":
        _, serial, index, zoom, output = request
        known = documents.get(serial)
        if known is None:
            return ("gone",)
        documents.move_to_end(serial)
        return _draw(known, index, zoom, segment(output))
    if op == "close":
        closed = documents.pop(request[1], None)
        if closed is not None:
            closed.close()
        return ("ok",)
    if op == "quit":
        return None
    return ("error", "bad_request", f"unknown request {op!r}")


def _keep(documents: OrderedDict[int, PdfPages], serial: int, pages: PdfPages) -> PdfPages:
    documents[serial] = pages
    while len(documents) > OPEN_IN_CHILD:
        documents.popitem(last=False)[1].close()
    return pages


def _draw_first(pages: PdfPages, first: Any, output: memoryview) -> tuple[Any, ...]:
    try:
        return _draw(pages, 0, first.zoom_for(pages.page_size(0)[0]), output)
    except Exception as exc:  # open, but page 1 cannot be drawn: the others may be
        return ("blank", f"{type(exc).__name__}: {exc}")


def _draw(pages: PdfPages, index: int, zoom: float, output: memoryview) -> tuple[Any, ...]:
    def reserve(size: int) -> memoryview:
        if size > len(output):
            raise _TooSmall(size)
        return output

    try:
        width, height, stride = pages.render_into(index, zoom, reserve)
    except _TooSmall as small:
        return ("small", small.size)
    return ("page", width, height, stride)
