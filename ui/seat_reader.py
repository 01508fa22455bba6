"""The seat window's reader column: the bar that follows the chair, the open document's title, the
reader, and (given an annotation store) the delegate's own notes on it. Which document to show is
the window's call (ui.seat_window); this column shows it. Its words keep the "SeatWindow" context
they are translated under (resources/translations)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.model import Document
from app.storage.annotation_store import AnnotationStore
from ui import theme
from ui.agenda_panel import AgendaPanel
from ui.annotating import AnnotatedReader, Annotator
from ui.annotation_panel import AnnotationPanel
from ui.annotation_toolbar import AnnotationToolbar
from ui.pdf_view import PdfView
from ui.seat_follow import FollowBar
from ui.seat_header import SeatHeader
from ui.seat_model import SeatViewModel


class ReaderColumn(QWidget):
    """The right-hand column. `showing(document_id)` tells whether that document is open, loaded
    and current (the follow bar turns it to the chair's page then). Attributes: follow_bar,
    document_title, reader, page_after_open (a search result's page, once the reader loads),
    annotator, annotation_toolbar and annotation_panel (all three None without a store)."""

    def __init__(self, model: SeatViewModel, agenda: AgendaPanel, header: SeatHeader,
                 document_bytes: Callable[[Document], bytes], store: AnnotationStore | None,
                 showing: Callable[[str], bool], parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the theme paints it as a plain QWidget
        self.model = model
        self._document_bytes = document_bytes
        self.page_after_open: int | None = None
        # The parts are the window's children until the layout takes them, as they always were.
        self.document_title = QLabel(parent)
        self.document_title.setWordWrap(True)
        self.document_title.setStyleSheet(f"font-size: {theme.pt(16)}pt; font-weight: bold; padding: 8px 12px 0 12px;")
        self.document_title.hide()
        self.reader = PdfView(parent)
        self.reader.document_did_load.connect(self.go_to_wanted_page)
        self.follow_bar = FollowBar(model, agenda, self.reader, showing, parent)
        header.add_follow_button(self.follow_bar.follow_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.follow_bar)
        layout.addWidget(self.document_title)
        layout.addWidget(self._annotate(store, header, parent), 1)

    def _annotate(self, store: AnnotationStore | None, header: SeatHeader, parent: QWidget) -> QWidget:
        """The reader, with the annotation tools above it and the list beside it given a store;
        the annotator's reports show in the header."""
        self.annotator: Annotator | None = None
        self.annotation_toolbar: AnnotationToolbar | None = None
        self.annotation_panel: AnnotationPanel | None = None
        if store is None:
            return self.reader
        area = AnnotatedReader(self.reader, parent)
        self.annotation_toolbar, self.annotation_panel = area.toolbar, area.panel
        self.annotator = Annotator(store, self.reader, area.toolbar, area.panel, self._document_bytes, self._author,
                                   parent=parent)

        def carry_over(kept: int, dropped: int) -> None:
            text = QCoreApplication.translate(
                "SeatWindow", "Tài liệu có bản mới: giữ lại {kept} ghi chú của bạn.").format(kept=kept)
            if dropped:
                text += " " + QCoreApplication.translate(
                    "SeatWindow", "{n} ghi chú ở các trang không còn trong bản mới đã bị bỏ.").format(n=dropped)
            # The room's notice of the new version is likely showing: add to it, do not hide it.
            header.add_notice(text)

        def report(text: str, ok: bool) -> None:
            (header.show_notice if ok else header.show_message)(text)

        self.annotator.notes_did_carry_over.connect(carry_over)
        self.annotator.report_did_arrive.connect(report)
        return area

    def _author(self) -> str:
        delegate = self.model.delegate
        return delegate.name if delegate is not None else ""

    # -- showing a document --------------------------------------------------------------------

    def show_title(self, document: Document) -> None:
        self.document_title.setText(document.title)
        self.document_title.show()

    def open(self, document: Document, document_bytes: Callable[[Document], bytes], watermark: str | None) -> None:
        """Into the reader, with `document_bytes` as the window has it now (the annotator keeps
        the one it was given)."""
        reader = document_bytes
        self.reader.open_document(lambda: reader(document), watermark=watermark)
        if self.annotator is not None:
            self.annotator.set_document(document)

    def close_document(self, message: str) -> None:
        """No document: the title goes, the reader says why."""
        self.document_title.hide()
        if self.annotator is not None:
            self.annotator.set_document(None)
        self.reader.close_document(message)

    def show_waiting(self, document: Document) -> None:
        progress = self.model.progress(document.document_id)
        error = self.model.download_error(document.document_id)
        if error is not None:
            text = QCoreApplication.translate(
                "SeatWindow", "Chưa tải được tài liệu: {e}\nMáy sẽ tự thử lại.").format(e=error)
        elif progress is None:
            text = QCoreApplication.translate(
                "SeatWindow", "Tài liệu đang chờ tải về máy. Xin vui lòng chờ trong giây lát.")
        else:
            text = QCoreApplication.translate(
                "SeatWindow", "Đang tải tài liệu về máy: {p}%\nTài liệu sẽ tự mở khi tải xong.").format(
                p=int(progress * 100)
            )
        self.reader.show_message(text)

    def go_to_wanted_page(self) -> None:
        page, self.page_after_open = self.page_after_open, None
        if page is not None:
            self.reader.go_to_page(page)

    def shutdown(self) -> None:
        if self.annotator is not None:
            self.annotator.shutdown()
        self.reader.shutdown()
