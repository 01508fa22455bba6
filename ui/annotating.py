"""Annotating the open document: the reader's gestures become annotations in the store, and back."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import msgspec
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFileDialog, QVBoxLayout, QWidget

from app.annotations import NOTE_COLOR, Annotation, erase_at
from app.clock import Clock, SystemClock, iso
from app.documents_annotate import Snapped, export_annotated
from app.errors import DomainError
from app.model import Document
from app.storage.annotation_store import AnnotationStore
from ui.annotation_overlay import Tool
from ui.annotation_panel import AnnotationPanel
from ui.annotation_toolbar import AnnotationToolbar
from ui.note_dialog import NoteDialog
from ui.pdf_gestures import PEN_WIDTH
from ui.pdf_view import PdfView

log = logging.getLogger(__name__)

PANEL_WIDTH = 330


class AnnotatedReader(QWidget):
    """The reader with the annotation tools above it and the list as a drawer over its right
    edge: side by side, the list would push the window past a 1366-pixel laptop screen.

    Attributes: reader, toolbar, panel.
    """

    def __init__(self, reader: PdfView, parent: QWidget | None = None):
        super().__init__(parent)
        self.reader = reader
        self.toolbar = AnnotationToolbar(self)
        self.panel = AnnotationPanel(self)
        self.panel.hide()
        self.toolbar.list_did_toggle.connect(self._show_list)
        self.panel.panel_did_close.connect(lambda: self.toolbar.list_button.setChecked(False))
        reader.document_did_load.connect(self._place)  # the reader's buttons appear with a document
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(reader, 1)

    def _show_list(self, shown: bool) -> None:
        self.panel.setVisible(shown)
        self._place()

    def _place(self) -> None:
        # Below the reader's own buttons, so zoom and page turning stay within reach.
        top = self.reader.geometry().top() + (self.reader.toolbar.height() if self.reader.toolbar.isVisible() else 0)
        self.panel.setGeometry(self.width() - PANEL_WIDTH, top, PANEL_WIDTH, self.height() - top)
        self.panel.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()


class Annotator(QObject):
    """Ties the reader, the annotation toolbar, the side panel and the store to the document open.

    Changes are written to the store at once (one transaction each); the reader and the panel
    redraw from the store whenever it changes, including a backup restored on another thread.
    Attributes: store, document (the one open, or None), note_dialog (while one is open).
    Signals: notes_did_carry_over(kept, dropped) when a new version was opened,
    report_did_arrive(message, ok) after an export or a refusal, store_did_change (from any
    thread, delivered on this one).
    """

    notes_did_carry_over = Signal(int, int)
    report_did_arrive = Signal(str, bool)
    store_did_change = Signal()

    def __init__(
        self,
        store: AnnotationStore,
        reader: PdfView,
        toolbar: AnnotationToolbar,
        panel: AnnotationPanel,
        document_bytes: Callable[[Document], bytes],
        author: Callable[[], str],
        clock: Clock | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.reader = reader
        self.toolbar = toolbar
        self.panel = panel
        self.document: Document | None = None
        self.note_dialog: NoteDialog | None = None
        self._document_bytes = document_bytes
        self._author = author
        self._clock = clock or SystemClock()
        self._ink_id: str | None = None  # strokes of one sitting with the pen gather in one drawing
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-export")
        self._closed = False
        self.store_did_change.connect(self.refresh)
        store.subscribe(self._on_store)
        reader.document_did_load.connect(self._on_loaded)
        reader.highlight_did_draw.connect(self._add_highlight)
        reader.ink_did_draw.connect(self._add_ink)
        reader.eraser_did_touch.connect(self._erase)
        reader.note_did_request.connect(self._new_note)
        reader.note_did_get_tapped.connect(self.open_note)
        toolbar.tool_did_change.connect(self._on_tool)
        toolbar.color_did_change.connect(self._on_color)
        toolbar.export_did_get_requested.connect(self.ask_export)
        panel.annotation_did_get_chosen.connect(reader.show_annotation)
        panel.annotation_did_get_deleted.connect(self._remove)
        self.set_document(None)

    # -- the document ------------------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """The reader is opening `document` (None: nothing open); its annotations come once loaded."""
        self.document = document
        self._ink_id = None
        self.toolbar.set_exportable(document is not None and document.classification == "public")
        self.toolbar.setEnabled(document is not None)
        self.reader.set_annotations([])
        self.panel.set_annotations([])
        self.toolbar.set_count(0)

    def current(self) -> list[Annotation]:
        """The open document's annotations on the version shown."""
        document = self.document
        if document is None:
            return []
        return [a for a in self.store.for_document(document.document_id) if a.document_version == document.version]

    def refresh(self) -> None:
        if self.document is None or self.reader.page_count == 0:
            return
        annotations = self.current()
        self.reader.set_annotations(annotations)
        self.panel.set_annotations(annotations)
        self.toolbar.set_count(len(annotations))

    def _on_loaded(self) -> None:
        document = self.document
        if document is None:
            return
        # A new version (or a backup of an older one) keeps what is on pages that still exist:
        # the page count is the one just opened, not the one the log declared.
        older = [a for a in self.store.for_document(document.document_id) if a.document_version < document.version]
        if older:
            dropped = self.store.carry_over(document.document_id, document.version, self.reader.page_count)
            self.notes_did_carry_over.emit(len(older) - dropped, dropped)
        self.refresh()

    def _on_store(self) -> None:
        if not self._closed:
            self.store_did_change.emit()

    # -- tools -------------------------------------------------------------------------------------

    def _on_tool(self, tool: str) -> None:
        self._ink_id = None
        self.reader.set_tool(tool_of(tool))

    def _on_color(self, kind: str, color: str) -> None:
        self._ink_id = None
        if kind == "highlight":
            self.reader.highlight_color = color
        else:
            self.reader.pen_color = color

    def _new(self, page: int, **fields: object) -> Annotation | None:
        document = self.document
        if document is None:
            return None
        now = iso(self._clock.now())
        return msgspec.convert(
            {
                "annotation_id": f"ann-{uuid.uuid4().hex}",
                "document_id": document.document_id,
                "document_version": document.version,
                "page": page,
                "created_at": now,
                "updated_at": now,
                **fields,
            },
            Annotation,
        )

    def _store(self, write: Callable[[], object]) -> None:
        try:
            write()
        except DomainError as exc:  # bad geometry from a gesture: say so rather than crash
            log.warning("annotation refused: %s", exc.code)
            self.report_did_arrive.emit(exc.message, False)

    def _add_highlight(self, page: int, snapped: Snapped) -> None:
        annotation = self._new(page, kind="highlight", color=self.reader.highlight_color,
                               rects=[list(r) for r in snapped.rects], text=snapped.text[:4000])
        if annotation is not None:
            self._store(lambda: self.store.add(annotation))

    def _add_ink(self, page: int, stroke: tuple[tuple[float, float], ...]) -> None:
        previous = self.store.get(self._ink_id) if self._ink_id is not None else None
        if previous is not None and previous.page == page and len(previous.strokes) < 500:
            grown = msgspec.structs.replace(previous, strokes=(*previous.strokes, stroke),
                                            updated_at=iso(self._clock.now()))
            self._store(lambda: self.store.replace(grown))
            return
        annotation = self._new(page, kind="ink", color=self.reader.pen_color, width=PEN_WIDTH,
                               strokes=[[list(p) for p in stroke]])
        if annotation is not None:
            self._ink_id = annotation.annotation_id
            self._store(lambda: self.store.add(annotation))

    def _erase(self, page: int, x: float, y: float, radius: float) -> None:
        erased = erase_at(self.current(), page, x, y, radius, iso(self._clock.now()))
        for annotation in erased.changed:
            self._store(partial(self.store.replace, annotation))
        for annotation_id in erased.removed:
            self.store.remove(annotation_id)

    def _remove(self, annotation_id: str) -> None:
        self.store.remove(annotation_id)

    # -- notes -------------------------------------------------------------------------------------

    def _new_note(self, page: int, x: float, y: float) -> None:
        def save(text: str) -> None:
            scale = self.reader.page_widget(page).scale if page < self.reader.page_count else 1.0
            size = 40 / max(scale, 0.01)
            annotation = self._new(page, kind="note", color=NOTE_COLOR, rects=[[x, y, x + size, y + size]], text=text)
            if annotation is not None:
                self._store(lambda: self.store.add(annotation))
            self.toolbar.set_tool("read")  # one note at a time: the next tap reads again

        self._show_note(NoteDialog(page, parent=self._window()), save, None)

    def open_note(self, annotation_id: str) -> None:
        note = self.store.get(annotation_id)
        if note is None or note.kind != "note":
            return

        def save(text: str) -> None:
            if text != note.text:
                changed = msgspec.structs.replace(note, text=text, updated_at=iso(self._clock.now()))
                self._store(lambda: self.store.replace(changed))

        def delete() -> None:
            if self.panel.ask(self.tr("Xóa ghi chú ở trang {n}? Không lấy lại được sau khi xóa.").format(n=note.page + 1)):
                self.store.remove(annotation_id)

        self._show_note(NoteDialog(note.page, note.text, existing=True, parent=self._window()), save, delete)

    def _show_note(self, dialog: NoteDialog, save: Callable[[str], None], delete: Callable[[], None] | None) -> None:
        if self.note_dialog is not None:
            self.note_dialog.close()
        self.note_dialog = dialog
        dialog.note_did_save.connect(save)
        if delete is not None:
            dialog.note_did_get_deleted.connect(delete)
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: NoteDialog) -> None:
        if self.note_dialog is dialog:
            self.note_dialog = None
        dialog.deleteLater()

    def _window(self) -> QWidget:
        return self.reader.window()

    # -- export ------------------------------------------------------------------------------------

    def ask_export(self) -> None:
        document = self.document
        if document is None:
            return
        if document.classification != "public":
            self.report_did_arrive.emit(self.tr("Tài liệu «Lưu hành nội bộ» không được xuất ra tệp hay in."), False)
            return
        suggested = str(Path.home() / f"{safe_filename(document.title)} - có ghi chú.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self._window(), self.tr("Lưu bản PDF có ghi chú"), suggested, self.tr("Tệp PDF (*.pdf)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Writes the copy on a worker (decrypting and writing a large PDF takes a while)."""
        document = self.document
        if document is None:
            return
        annotations = self.current()
        author = self._author()
        self._pool.submit(self._export_job, document, annotations, author, path)

    def _export_job(self, document: Document, annotations: list[Annotation], author: str, path: Path) -> None:
        try:
            data = export_annotated(self._document_bytes(document), annotations, document.classification, author=author)
            unfinished = path.with_name(path.name + ".part")
            unfinished.write_bytes(data)
            unfinished.replace(path)  # never a half-written PDF under the name chosen
        except DomainError as exc:
            self._finish(exc.message, False)
        except OSError as exc:
            log.warning("export failed: %s", exc)
            self._finish(self.tr("Không lưu được tệp: {e}").format(e=exc.strerror or exc), False)
        except Exception:
            log.exception("export failed")
            self._finish(self.tr("Không xuất được tài liệu, vui lòng thử lại."), False)
        else:
            self._finish(self.tr("Đã lưu bản PDF có ghi chú: {path}").format(path=path), True)

    def _finish(self, message: str, ok: bool) -> None:
        if not self._closed:
            self.report_did_arrive.emit(message, ok)

    def shutdown(self) -> None:
        self._closed = True
        self.store.unsubscribe(self._on_store)
        self._pool.shutdown(wait=True)
        if self.note_dialog is not None:
            self.note_dialog.close()


def tool_of(name: str) -> Tool:
    tools: dict[str, Tool] = {"read": "read", "highlight": "highlight", "pen": "pen", "eraser": "eraser", "note": "note"}
    return tools[name]


def safe_filename(title: str) -> str:
    """A title as a file name on any system: no path separators or reserved characters."""
    cleaned = "".join(" " if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in title)
    return " ".join(cleaned.split())[:80] or "tai-lieu"
