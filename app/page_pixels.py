"""Page pixels from a process of their own (the child's side: app.page_pixels_child).

MuPDF keeps the interpreter lock while it draws a page: in the seat's own process a 10 ms render
stops the GUI thread for 10 ms, and a scanned page of 100 ms freezes the window (the speaking
timer, a vote's buttons) for as long. Drawn in a child process, pages render while the GUI goes
on; the thread that asks only waits on a pipe, without the lock.

The parent keeps its own PdfPages for sizes and text; the child opens its own copy of the same
plaintext, handed over in shared memory (never written to disk). Pages are drawn straight into
shared segments the parent owns, and lent to the caller as they are: an image made over them
needs no copy, and a segment is drawn into again only once every view of it is gone. A copy
would cost more than its bytes: 3 MB of fresh memory is 730 page faults, 2 ms on a seat, a fifth
of a first page. Only small numbered tuples go through the pipe, so any thread may ask, and the
answers find their askers by number.

If the child cannot be started, pages are drawn in this process (logged). If it dies or hangs
(a PDF that crashes MuPDF), what it was drawing fails, and the next request starts another: the
seat never goes down with it.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import shared_memory
from multiprocessing.connection import Connection
from typing import Any, NoReturn, TypeVar

from app.documents_render import MAX_ZOOM, MIN_ZOOM, PdfPages, new_serial
from app.errors import DomainError
from app.page_pixels_child import serve
from app.pixel_memory import PixelProcessError, Segments, buf

log = logging.getLogger(__name__)

T = TypeVar("T")
# (pixels, width, height, stride) -> what the caller keeps, which may be `pixels` itself (an image
# over them): their memory is drawn into again only once every view of it is gone.
Into = Callable[[memoryview, int, int, int], T]

START_TIMEOUT_S = 20.0  # a cold start imports PyMuPDF; a loaded machine may take seconds
ANSWER_TIMEOUT_S = 60.0  # a child drawing one page longer than this is taken for hung
MAX_RESTARTS = 5  # children started after the first died; then pages are drawn here
# Room for a first page before its size is known: an A4 page as wide as a 2,000-pixel screen.
# Only the part a page is drawn into takes memory; a larger page is drawn again with more.
FIRST_PAGE_ROOM = 4 * 2000 * 2850


@dataclass(frozen=True, slots=True)
class FirstPage:
    """Page 1 of a document being opened, drawn at once: at `zoom`, or, when `room` is given,
    as wide as `room` pixels (within lowest..highest)."""

    zoom: float
    room: int = 0
    lowest: float = MIN_ZOOM
    highest: float = MAX_ZOOM

    def zoom_for(self, width: float) -> float:
        """The zoom for a first page `width` points wide."""
        if self.room <= 0:
            return self.zoom
        return max(self.lowest, min(self.highest, self.room / max(width, 1.0)))


@dataclass(eq=False)
class Pending:
    """A document's opening and its page 1, asked of the child and not yet collected."""

    number: int
    serial: int
    output: shared_memory.SharedMemory
    holds: list[shared_memory.SharedMemory] = field(default_factory=list)  # freed at the answer


class PixelProcess:
    """The parent's side: starts the child, hands it documents, has it draw pages. Any thread
    may ask; one reads the pipe at a time and hands the others their answers."""

    def __init__(self, context: Any = None) -> None:
        self._context = context or multiprocessing.get_context("spawn")
        self._life = threading.RLock()  # starting, sending to, losing and stopping the child
        self._cond = threading.Condition()  # the answers and who reads them
        self._process: Any = None
        self._conn: Connection | None = None
        self._ready = False
        self._numbers = itertools.count(1)
        self._waiting: set[int] = set()  # asked, not answered
        self._answers: dict[int, tuple[Any, ...] | None] = {}  # None: the child was lost
        self._dropped: dict[int, list[shared_memory.SharedMemory]] = {}  # answers nobody waits for
        self._reading = False
        self._in_child: set[int] = set()  # serials of the documents the child has open
        self._segments = Segments()
        self._restarts = 0
        self.in_process = False  # the child could not be had: pages are drawn here

    # -- the child's life ----------------------------------------------------------------------

    def start(self) -> None:
        """Starts the child now, without waiting for it (it imports PyMuPDF meanwhile)."""
        with self._life:
            self._start()

    def _start(self) -> None:
        if self._process is not None or self.in_process:
            return
        try:
            parent, child = self._context.Pipe()
            process = self._context.Process(target=serve, args=(child,), name="phonghop-pixels", daemon=True)
            process.start()
        except Exception:
            log.exception("the pixel process could not be started: pages are drawn in this process")
            self.in_process = True
            return
        child.close()
        self._process, self._conn, self._ready = process, parent, False
        with self._cond:
            self._in_child.clear()

    def ready(self, wait_s: float = 0.0) -> bool:
        """Whether the child is up (started now if it was not), waiting up to `wait_s` for it.
        Until it is, pages are drawn here: nothing waits for a child still importing PyMuPDF."""
        with self._life:
            if self._ready or self.in_process:
                return self._ready
            self._start()
            conn = self._conn
            if conn is None:
                return False
            try:
                if not conn.poll(wait_s):
                    return False
                message = conn.recv()
            except (EOFError, OSError):
                with contextlib.suppress(PixelProcessError):
                    self._lost(conn, "the pixel process ended as it started")
                return False
            self._ready = message == (0, "ready")
            return self._ready

    def _lost(self, conn: Connection | None, why: str) -> NoReturn:
        """The child is gone, hung or unusable: everything asked of it fails; the next request
        starts another."""
        with self._life:
            if conn is not None and conn is self._conn:
                process, self._process, self._conn, self._ready = self._process, None, None, False
                conn.close()
                if process is not None:
                    process.kill()
                    process.join(2)
                self._restarts += 1
                if self._restarts > MAX_RESTARTS:
                    log.error("the pixel process failed %d times: pages are drawn in this process", self._restarts)
                    self.in_process = True
                with self._cond:
                    for number in self._waiting:
                        self._answers[number] = None
                    self._waiting.clear()
                    for holds in self._dropped.values():
                        for memory in holds:
                            self._segments.give(memory)
                    self._dropped.clear()
                    self._in_child.clear()
                    self._cond.notify_all()
        raise PixelProcessError(why)

    def shutdown(self) -> None:
        with self._life:
            conn, process = self._conn, self._process
            self._conn = self._process = None
            if conn is not None:
                with contextlib.suppress(OSError, ValueError):
                    conn.send((next(self._numbers), "quit"))
                conn.close()
            if process is not None:
                process.join(2)
                if process.is_alive():
                    process.kill()
                    process.join(2)
            with self._cond:
                for number in self._waiting:
                    self._answers[number] = None
                self._waiting.clear()
                self._cond.notify_all()
            self._segments.close()

    # -- asking and answering ------------------------------------------------------------------

    def _send(self, *request: Any) -> int:
        """Sends a request; its number, to collect the answer with."""
        with self._life:
            self._start()
            conn = self._conn
            if conn is None:
                raise PixelProcessError("no pixel process")
            let_go = self._segments.unlinked()
            numbers = [next(self._numbers) for _ in range(2 if let_go else 1)]
            with self._cond:
                self._waiting.update(numbers)
                if let_go:  # nobody waits for that answer
                    self._dropped[numbers[0]] = []
            try:
                if let_go:
                    conn.send((numbers[0], "detach", let_go))
                conn.send((numbers[-1], *request))
            except (OSError, ValueError):
                self._lost(conn, "the pixel process is not listening")
            return numbers[-1]

    def _collect(self, number: int) -> tuple[Any, ...]:
        """The answer to request `number`, read by this thread or handed over by the reader."""
        while True:
            with self._cond:
                while number not in self._answers and self._reading:
                    self._cond.wait()
                if number in self._answers:
                    answer = self._answers.pop(number)
                    if answer is None:
                        raise PixelProcessError("the pixel process ended before answering")
                    return answer
                if number not in self._waiting:
                    raise PixelProcessError(f"request {number} was not asked")
                self._reading = True
            try:
                self._read_one()
            finally:
                with self._cond:
                    self._reading = False
                    self._cond.notify_all()

    def _read_one(self) -> None:
        with self._life:
            conn = self._conn
            ready = self._ready
        if conn is None:
            raise PixelProcessError("no pixel process")
        try:
            if not conn.poll(ANSWER_TIMEOUT_S if ready else START_TIMEOUT_S):
                self._lost(conn, "the pixel process did not answer in time")
            message = conn.recv()
        except (EOFError, OSError):
            self._lost(conn, "the pixel process ended")
        if not isinstance(message, tuple) or len(message) < 2:
            self._lost(conn, f"the pixel process answered {message!r}")
        number, answer = message[0], tuple(message[1:])
        with self._cond:
            if number == 0:  # ("ready",)
                self._ready = True
                return
            self._waiting.discard(number)
            dropped = self._dropped.pop(number, None)
            if dropped is not None:
                for memory in dropped:
                    self._segments.give(memory)
            else:
                self._answers[number] = answer
            self._cond.notify_all()

    def _drop(self, number: int, holds: list[shared_memory.SharedMemory]) -> None:
        """Nobody will collect `number`: its segments are given back when it is answered."""
        with self._cond:
            if number in self._answers:
                self._answers.pop(number)
                for memory in holds:
                    self._segments.give(memory)
            elif number in self._waiting:
                self._dropped[number] = holds
            else:
                for memory in holds:
                    self._segments.give(memory)

    # -- documents and pages -------------------------------------------------------------------

    def drop(self, pending: Pending) -> None:
        """Nobody will collect what `pending` asked: its memory comes back with the answer."""
        self._drop(pending.number, [pending.output, *pending.holds])

    def open_first(self, load: Callable[[], bytes | memoryview], first: FirstPage,
                   open_here: Callable[[bytes | memoryview, int], PdfPages],
                   into: Into[T]) -> tuple[PdfPages, T | None, float]:
        """Opens what `load` returns and draws its page 1 as `first` says: the child opens and
        draws while this process opens its own copy with `open_here(data, serial)` (which may
        tell the GUI about it meanwhile). Returns (pages, page 1 or None if it could not be
        drawn, its zoom). Raises what `load` or `open_here` raise."""
        data = load()
        pending = self._ask_open(data, first) if self.ready() else None
        if pending is None:  # no child: all here
            pages = open_here(data, new_serial())
            zoom = first.zoom_for(pages.page_size(0)[0])
            return pages, _render_here(pages, 0, zoom, into), zoom
        try:
            pages = open_here(data, pending.serial)
        except BaseException:
            self.drop(pending)
            raise
        zoom = first.zoom_for(pages.page_size(0)[0])
        output, lent = pending.output, False
        try:
            answer = self._collect(pending.number)
            for memory in pending.holds:
                self._segments.give(memory)
            if answer[0] == "error":
                log.error("the pixel process could not open the document: %s", answer[2])
                return pages, None, zoom
            with self._cond:
                self._in_child.add(pending.serial)
            if answer[0] == "small":  # a page larger than room was made for: drawn again
                self._segments.give(output)
                output = self._segments.take(int(answer[1]))
                answer = self._collect(self._send("render", pending.serial, 0, zoom, output.name))
            if answer[0] != "page":
                log.error("page 1 was not drawn: %r", answer)
                return pages, None, zoom
            _, width, height, stride = answer
            pixels, lent = self._segments.lend(output, stride * height), True
            return pages, into(pixels, width, height, stride), zoom
        except PixelProcessError as exc:
            log.error("page 1 was not drawn: %s", exc)
            return pages, None, zoom
        finally:
            if not lent:
                self._segments.give(output)

    def _ask_open(self, data: bytes | memoryview, first: FirstPage) -> Pending | None:
        source = self._segments.take(len(data))
        buf(source)[: len(data)] = data
        output = self._segments.take(FIRST_PAGE_ROOM)
        serial = new_serial()
        try:
            number = self._send("open", serial, source.name, len(data), first, output.name)
        except PixelProcessError as exc:
            log.error("%s: page 1 is drawn here", exc)
            self._segments.give(source)
            self._segments.give(output)
            return None
        return Pending(number, serial, output, [source])

    def render(self, pages: PdfPages, index: int, zoom: float, into: Into[T]) -> T:
        """Page `index` of `pages` at `zoom`, as `into` makes it of the pixels (which it may
        keep). Raises IndexError, DomainError, or PixelProcessError (the child died: the page
        was not drawn)."""
        if self.ready():
            try:
                return self._render_there(pages, index, zoom, into)
            except PixelProcessError:
                if not self.in_process:
                    raise
        return _render_here(pages, index, zoom, into)  # no child to be had (any longer)

    def _render_there(self, pages: PdfPages, index: int, zoom: float, into: Into[T]) -> T:
        output, lent = self._segments.take(pages.pixel_size(index, zoom)), False
        try:
            with self._cond:
                known = pages.serial in self._in_child
            if not known:
                self._open(pages)
            answer = self._collect(self._send("render", pages.serial, index, zoom, output.name))
            if answer[0] == "gone":  # the child closed it to make room: it opens it again
                self._open(pages)
                answer = self._collect(self._send("render", pages.serial, index, zoom, output.name))
            if answer[0] == "small":  # the estimate was short: grow, draw again
                self._segments.give(output)
                output = self._segments.take(int(answer[1]))
                answer = self._collect(self._send("render", pages.serial, index, zoom, output.name))
            if answer[0] == "error":
                raise DomainError(str(answer[1]), str(answer[2]))
            if answer[0] != "page":
                raise PixelProcessError(f"the pixel process answered {answer!r}")
            _, width, height, stride = answer
            pixels, lent = self._segments.lend(output, stride * height), True
            return into(pixels, width, height, stride)
        finally:
            if not lent:
                self._segments.give(output)

    def _open(self, pages: PdfPages) -> None:
        data = pages.source
        source = self._segments.take(len(data))
        try:
            buf(source)[: len(data)] = data
            answer = self._collect(self._send("open", pages.serial, source.name, len(data), None, ""))
        finally:
            self._segments.give(source)
        if answer[0] == "error":
            raise DomainError(str(answer[1]), str(answer[2]))
        with self._cond:
            self._in_child.add(pages.serial)

    def forget(self, pages: PdfPages) -> None:
        """The child closes its copy of `pages` (the parent closes its own); nobody waits."""
        with self._cond:
            if pages.serial not in self._in_child:
                return
            self._in_child.discard(pages.serial)
        with contextlib.suppress(PixelProcessError):
            self._drop(self._send("close", pages.serial), [])


def _render_here(pages: PdfPages, index: int, zoom: float, into: Into[T]) -> T:
    page = pages.render(index, zoom)
    return into(memoryview(page.samples), page.width, page.height, page.stride)


_shared: PixelProcess | None = None
_shared_lock = threading.Lock()


def shared() -> PixelProcess:
    """This program's pixel process (one child for all its readers), stopped at exit (its
    shared memory unlinked). Started by start(), or by the first page asked for."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = PixelProcess()
            atexit.register(_shared.shutdown)
        return _shared
