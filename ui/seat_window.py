"""The delegate's seat window: connection banner, meeting header with check-in, agenda, reader."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.model import Document
from app.storage.annotation_store import AnnotationStore
from app.storage.search_index import SearchIndex
from sync.client.connection import revoked
from ui import theme
from ui.agenda_panel import AgendaPanel
from ui.annotating import AnnotatedReader, Annotator
from ui.annotation_panel import AnnotationPanel
from ui.annotation_toolbar import AnnotationToolbar
from ui.banner import ConnectionBanner
from ui.locate_overlay import LocateOverlay
from ui.pdf_view import PdfView
from ui.search_panel import SearchIndexer, SearchPanel
from ui.seat_model import SeatViewModel
from ui.seat_speaking import SpeakButton
from ui.seat_vote import SeatVotePanel
from ui.settings_dialog import SeatSettings, SettingsDialog, default_settings

# Below this width the agenda column (380 px) and the reader with its tools (about 880 px)
# no longer fit side by side.
COMPACT_BELOW = 1300
COMPACT_MIN_WIDTH = 900
FRAME_HOLD_MS = 150  # at most this long without a new frame after a tap that opens a document
# The header's buttons below COMPACT_BELOW (the parent's sheet wins over the theme's).
COMPACT_HEADER_PT = 13
SETTINGS_KEY = "Ctrl+,"
# window_did_paint comes at the latest this long after the window is shown.
FIRST_PAINT_WAIT_MS = 1000


class SeatWindow(QMainWindow):
    """Everything one delegate sees at the seat.

    `document_bytes` returns a document's decrypted PDF; it is only called on worker threads
    (the reader's, the search indexer's). With a `search` index the agenda column gets a search
    box over the documents' text. Attributes: model, banner, agenda, reader, check_in_button,
    open_document_id, search_panel and indexer (None without `search`), follow_bar with
    presenting_label, go_to_presented_button and follow_button ("Theo chủ tọa", on by default).
    speak_button asks for the floor and shows the delegate's place or countdown (ui.seat_speaking).
    With an `annotations` store the reader gets the annotation tools and a side list
    (annotator, annotation_toolbar, annotation_panel; all None without it).
    vote_panel (ui.seat_vote) takes the place of the agenda and the reader while a vote is open
    and until its result is closed; the documents stay as they were underneath.
    settings_button ("⚙ Cài đặt", also Ctrl+,) opens settings_dialog (ui.settings_dialog); the
    window is built in the look and language of `settings`, and a saved change is handed on with
    settings_did_change for the composition root to rebuild the window (ui.run).
    Signals: window_did_paint (once, after the first frame; the search indexer starts then),
    window_did_close, settings_did_change(SeatSettings).
    """

    window_did_paint = Signal()
    window_did_close = Signal()
    settings_did_change = Signal(object)

    def __init__(
        self,
        model: SeatViewModel,
        document_bytes: Callable[[Document], bytes],
        parent: QWidget | None = None,
        search: SearchIndex | None = None,
        annotations: AnnotationStore | None = None,
        settings: SeatSettings | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self.settings = settings or default_settings()
        self.settings_dialog: SettingsDialog | None = None
        self.document_bytes = document_bytes
        self.open_document_id: str | None = None
        self._page_after_open: int | None = None  # a search result's page, once the reader loads
        self._open_version = 0
        self._waiting_for: str | None = None  # chosen while still downloading
        self._locked = False  # the documents were wiped (purge, offline lease): see _on_lock
        self._painted = False  # the first frame is on screen (see window_did_paint)
        self._first_frame = QTimer(self)  # a child: never fires once the window is gone
        self._first_frame.setSingleShot(True)
        self._first_frame.timeout.connect(self._after_first_paint)
        self.setWindowTitle(self.tr("PhòngHọp – Đại biểu"))
        self.resize(1366, 820)

        self.banner = ConnectionBanner(model, self)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet(f"font-size: {theme.pt(19)}pt; font-weight: bold;")
        self.who_label = QLabel(self)
        self.who_label.setStyleSheet(f"color: {theme.MUTED};")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"color: {theme.DANGER}; font-weight: bold;")
        self.message_label.hide()
        self.check_in_button = QPushButton(self)
        self.check_in_button.setObjectName("checkIn")
        self.check_in_button.setMinimumHeight(theme.px(60))
        self.check_in_button.setMinimumWidth(theme.px(190))
        self.check_in_button.setAutoDefault(True)  # Enter presses it, as Space does
        self.check_in_button.setAccessibleDescription(self.tr("Báo có mặt tại kỳ họp"))
        self.check_in_button.clicked.connect(self._check_in)
        self.settings_button = QPushButton(self)
        self.settings_button.setObjectName("settings")
        self.settings_button.setMinimumHeight(theme.px(60))
        self.settings_button.setAutoDefault(True)
        self.settings_button.setAccessibleName(self.tr("Cài đặt"))
        self.settings_button.setAccessibleDescription(
            self.tr("Ngôn ngữ, cỡ chữ, tương phản cao, âm báo (phím tắt Ctrl+dấu phẩy)"))
        self.settings_button.setToolTip(self.tr("Ngôn ngữ, cỡ chữ, tương phản cao, âm báo (Ctrl+,)"))
        self.settings_button.clicked.connect(self.open_settings)
        settings_key = QShortcut(QKeySequence(SETTINGS_KEY), self)
        settings_key.activated.connect(self.open_settings)

        header = QWidget(self)
        header.setObjectName("seatHeader")
        self._header = header
        self._compact_header: bool | None = None  # the look last given (see _fit_header)
        # Fixed, not set by _fit_header: the window takes its layout's minimum when first shown,
        # before the resize that makes it compact, so no minimum in the header may need the
        # wide look. Wrapped, a label would still ask for about half its text's width.
        self.title_label.setMinimumWidth(160)
        self.who_label.setMinimumWidth(160)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title_label)
        words.addWidget(self.who_label)
        words.addWidget(self.message_label)
        row = QHBoxLayout()
        row.addLayout(words, 1)
        row.addWidget(self.check_in_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addSpacing(12)
        row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignVCenter)
        # Larger text on a narrow screen: the buttons go under the title (see _fit_header).
        self._header_second_row = QHBoxLayout()
        self._header_second_row.setSpacing(12)
        rows = QVBoxLayout(header)
        rows.setContentsMargins(16, 10, 16, 10)
        rows.setSpacing(8)
        rows.addLayout(row)
        rows.addLayout(self._header_second_row)
        self._header_row = row  # the follow toggle joins it (see _build_follow_bar)

        self.agenda = AgendaPanel(model, self)
        self.agenda.setMinimumWidth(380)
        self.agenda.document_did_get_chosen.connect(self.open_document)
        left = QWidget(self)
        left.setMinimumWidth(380)
        self._left_layout = QVBoxLayout(left)
        self._left_layout.setContentsMargins(0, 0, 0, 0)
        self._left_layout.setSpacing(0)
        self.search_panel: SearchPanel | None = None
        self.indexer: SearchIndexer | None = None
        if search is not None:
            self.indexer = SearchIndexer(model, search, document_bytes, self)
            self.search_panel = SearchPanel(model, search, left)
            self.search_panel.result_did_get_chosen.connect(self.open_result)
            self.search_panel.results_did_toggle.connect(self._on_results_toggle)
            self.indexer.document_did_index.connect(self.search_panel.refresh_if_searching)
            self._left_layout.addWidget(self.search_panel)
        self._left_layout.addWidget(self.agenda, 1)
        self.document_title = QLabel(self)
        self.document_title.setWordWrap(True)
        self.document_title.setStyleSheet(f"font-size: {theme.pt(16)}pt; font-weight: bold; padding: 8px 12px 0 12px;")
        self.document_title.hide()
        self.reader = PdfView(self)
        self.reader.document_did_load.connect(self._on_reader_loaded)
        self._frame_hold = QTimer(self, singleShot=True)
        self._frame_hold.timeout.connect(self._release_frame)
        self.reader.document_did_load.connect(self._release_frame)
        self.reader.document_did_fail.connect(self._release_frame)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self._build_follow_bar())
        right_layout.addWidget(self.document_title)
        right_layout.addWidget(self._build_annotations(annotations), 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 936])
        splitter.setChildrenCollapsible(False)
        self._left_column, self._right_column = left, right
        # An explicit minimum overrides the sum of both columns' minimums, so the window can be
        # narrowed below COMPACT_BELOW, where one column shows at a time (see _apply_width).
        splitter.setMinimumWidth(COMPACT_MIN_WIDTH)
        self.agenda_button = QPushButton(self.tr("☰ Chương trình"), self)
        self.agenda_button.setObjectName("agendaToggle")
        self.agenda_button.setCheckable(True)
        self.agenda_button.setMinimumHeight(theme.px(60))
        self.agenda_button.setAutoDefault(True)
        self.agenda_button.setToolTip(self.tr("Xem chương trình kỳ họp và chọn tài liệu"))
        self.agenda_button.setAccessibleDescription(self.tr("Xem chương trình kỳ họp và chọn tài liệu"))
        self.agenda_button.toggled.connect(self._apply_width)
        self.agenda_button.hide()
        self._header_row.insertWidget(0, self.agenda_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._header_row.insertSpacing(1, 12)
        # In the header, which both columns of a narrow screen keep: asking for the floor and
        # the countdown must not hide behind the agenda or the reader.
        self.speak_button = SpeakButton(model.speaking, self)
        follow_at = self._header_row.indexOf(self.follow_button)
        self._header_row.insertWidget(follow_at, self.speak_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._header_row.insertSpacing(follow_at + 1, 12)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(header)
        layout.addWidget(splitter, 1)
        self._splitter = splitter
        self.vote_panel = SeatVotePanel(model, self)
        self.vote_panel.sound.enabled = self.settings.sound
        layout.addWidget(self.vote_panel, 1)
        self.setCentralWidget(central)
        # The technician's "Nháy màn hình": the seat label over everything, a click closes it.
        self.locate_overlay = LocateOverlay.follow(model.connection, self)

        model.meeting_did_change.connect(self._refresh_header)
        model.attendance_did_change.connect(self._refresh_check_in)
        model.message_did_arrive.connect(self._show_message)
        model.notice_did_arrive.connect(self._show_notice)
        model.documents_did_change.connect(self._on_documents)
        model.status_did_change.connect(self._on_status)
        model.download_did_progress.connect(self._on_download)
        model.voting.vote_did_change.connect(self._show_vote)
        model.documents_did_lock.connect(self._on_lock)
        model.documents_did_lock.connect(self.banner.refresh)  # offline, it says what is still readable
        self._show_vote()
        self._on_lock()
        self._refresh_header()
        self._refresh_check_in()
        self._on_presenting()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes along the header as it reads (left to right), then into the agenda and the
        reader; the vote panel, when it shows, takes the focus itself."""
        chain = [self.agenda_button, self.follow_button, self.speak_button, self.check_in_button,
                 self.settings_button, self.banner.retry_button]
        if self.search_panel is not None:
            chain.append(self.search_panel)
        chain.append(self.agenda)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        # Where the keys start: checking in is the first thing a delegate does.
        self.check_in_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- settings ------------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """The "Cài đặt" dialog; a saved change goes out as settings_did_change."""
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.settings, self)
            self.settings_dialog.accepted.connect(self._on_settings_saved)
        self.settings_dialog.show_settings(self.settings)
        self.settings_dialog.open()
        return self.settings_dialog

    def _on_settings_saved(self) -> None:
        assert self.settings_dialog is not None
        chosen = self.settings_dialog.chosen()
        if chosen == self.settings:
            return
        self.settings = chosen
        self.vote_panel.sound.enabled = chosen.sound  # the rest needs the window built anew
        self.settings_did_change.emit(chosen)

    # -- documents -----------------------------------------------------------------------------

    def open_result(self, document_id: str, page_index: int) -> None:
        """A search result was tapped: open its document (marked in the agenda) at its page."""
        self._page_after_open = page_index
        if self.search_panel is not None:
            self.search_panel.mark_current(document_id, page_index)
        self.agenda.choose(document_id)  # -> open_document

    def open_document(self, document_id: str) -> None:
        self.agenda_button.setChecked(False)  # on a narrow screen the reader takes the agenda's place
        document = self.model.document(document_id)
        if revoked(self.model.status.error):
            self._close_document(self.tr("Thiết bị này đã bị thu hồi: tài liệu của kỳ họp đã được xóa khỏi máy."))
            return
        if self.model.locked_text:
            self._close_document(self.model.locked_text)
            return
        if document is None:
            self._page_after_open = None
            return
        if (
            document_id == self.open_document_id
            and document.version == self._open_version
            and self.reader.page_count > 0
        ):
            # Already shown: only move to the wanted page.
            self._go_to_wanted_page()
            return
        self.document_title.setText(document.title)
        self.document_title.show()
        if not self.model.is_ready(document):
            self._waiting_for = document_id
            self._show_waiting(document)
            return
        self._waiting_for = None
        self.open_document_id = document_id
        self._open_version = document.version
        reader = self.document_bytes
        watermark = self.model.watermark() if self.model.is_internal(document) else None
        self._hold_frame()
        self.reader.open_document(lambda: reader(document), watermark=watermark)
        if self.annotator is not None:
            self.annotator.set_document(document)
        if self.search_panel is not None:
            self.search_panel.set_open_document(document_id)

    def _hold_frame(self) -> None:
        """The tap's own changes (the row marked, the title) and page 1 come about 20 ms apart.
        Painted apart, the first frame repaints the whole window while page 1 renders, and the
        two take turns at the interpreter lock; held, both show in one frame."""
        central = self.centralWidget()
        if central is not None and not self._frame_hold.isActive():
            central.setUpdatesEnabled(False)
        self._frame_hold.start(FRAME_HOLD_MS)

    def _release_frame(self) -> None:
        self._frame_hold.stop()
        central = self.centralWidget()
        if central is not None and not central.updatesEnabled():
            central.setUpdatesEnabled(True)

    def _on_reader_loaded(self) -> None:
        self._go_to_wanted_page()

    def _go_to_wanted_page(self) -> None:
        page, self._page_after_open = self._page_after_open, None
        if page is not None:
            self.reader.go_to_page(page)

    def _on_results_toggle(self, searching: bool) -> None:
        # While searching the results take the whole column; the agenda comes back after.
        self.agenda.setVisible(not searching)
        if self.search_panel is not None:
            self._left_layout.setStretchFactor(self.search_panel, 1 if searching else 0)

    def _show_waiting(self, document: Document) -> None:
        progress = self.model.progress(document.document_id)
        error = self.model.download_error(document.document_id)
        if error is not None:
            text = self.tr("Chưa tải được tài liệu: {e}\nMáy sẽ tự thử lại.").format(e=error)
        elif progress is None:
            text = self.tr("Tài liệu đang chờ tải về máy. Xin vui lòng chờ trong giây lát.")
        else:
            text = self.tr("Đang tải tài liệu về máy: {p}%\nTài liệu sẽ tự mở khi tải xong.").format(
                p=int(progress * 100)
            )
        self.reader.show_message(text)

    def _on_download(self, document_id: str) -> None:
        if document_id == self._waiting_for:
            self.open_document(document_id)

    def _on_status(self) -> None:
        # A revoked device shows nothing more of the meeting's documents, even from memory.
        if revoked(self.model.status.error) and (self.open_document_id or self._waiting_for):
            self._close_document(self.tr("Thiết bị này đã bị thu hồi: tài liệu của kỳ họp đã được xóa khỏi máy."))

    def _close_document(self, message: str) -> None:
        self.open_document_id = self._waiting_for = None
        if self.search_panel is not None:
            self.search_panel.set_open_document(None)
        self.document_title.hide()
        if self.annotator is not None:
            self.annotator.set_document(None)
        self.reader.close_document(message)

    def _on_lock(self) -> None:
        """Purged or past its offline lease: no page stays on screen or in the search index."""
        text = self.model.locked_text
        if not text:
            if self._locked:  # welcomed again: the documents come back as they download
                self._locked = False
                self.message_label.hide()
                self.reader.show_message(self.tr("Đã kết nối lại với phòng họp. Tài liệu đang được tải về máy; "
                                                 "hãy chọn tài liệu để đọc."))
            return
        self._locked = True
        if self.indexer is not None:
            self.indexer.forget_all()
        if self.search_panel is not None:
            self.search_panel.refresh_if_searching()
        self._close_document(text)
        # In the header too: on a narrow screen the agenda may be what is showing.
        (self._show_notice if self.model.state.purged_at is not None else self._show_message)(text)

    def _on_documents(self) -> None:
        # The open document was replaced by a new version, or withdrawn.
        current = self.open_document_id or self._waiting_for
        if current is None:
            return
        document = self.model.document(current)
        if document is None:
            self._close_document(self.model.locked_text or self.tr("Tài liệu này đã được rút khỏi kỳ họp."))
        elif current == self.open_document_id and document.version != self._open_version:
            self.open_document(current)

    # -- following the chair -------------------------------------------------------------------
    # While following, every page the chair presents opens here, even after the delegate turned
    # pages by hand: one rule a delegate can predict. Switched off, nothing moves by itself.

    def _build_follow_bar(self) -> QWidget:
        self._follow_target: tuple[str, int] | None = None  # document id, 0-based page, until loaded
        self._choosing_presented = False
        self.follow_bar = QWidget(self)
        self.follow_bar.setObjectName("followBar")
        self.follow_bar.setStyleSheet(
            f"QWidget#followBar {{ background: {theme.PANEL}; border-bottom: 1px solid {theme.LINE}; }}"
        )
        self.presenting_label = QLabel(self.follow_bar)
        self.presenting_label.setWordWrap(True)
        self.presenting_label.setStyleSheet(f"color: {theme.ACCENT}; font-weight: bold;")
        self.go_to_presented_button = QPushButton(self.tr("Đến trang chủ tọa đang trình chiếu"), self.follow_bar)
        self.go_to_presented_button.clicked.connect(self.go_to_presented)
        self.follow_button = QPushButton(self)
        self.follow_button.setObjectName("followChair")
        self.follow_button.setCheckable(True)
        self.follow_button.setChecked(True)
        self.follow_button.setMinimumHeight(theme.px(56))
        self.follow_button.setMinimumWidth(theme.px(190))
        self.follow_button.setAutoDefault(True)
        self.follow_button.setAccessibleDescription(
            self.tr("Khi bật, tài liệu tự mở đúng trang chủ tọa đang trình chiếu"))
        self.follow_button.setToolTip(self.tr("Khi bật, tài liệu tự mở đúng trang chủ tọa đang trình chiếu"))
        self.follow_button.setStyleSheet(
            f"QPushButton#followChair:checked {{ background: {theme.ACCENT}; color: {theme.ON_ACCENT}; }}"
            f"QPushButton#followChair:checked:focus {{ background: {theme.FOCUS_BG}; color: {theme.INK};"
            f" border: 4px solid {theme.INK}; }}"
        )
        self.follow_button.toggled.connect(self._on_follow_toggled)
        # The offer sits under the line it refers to, so a long document title keeps its width.
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addWidget(self.presenting_label)
        words.addWidget(self.go_to_presented_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout(self.follow_bar)
        row.setContentsMargins(12, 6, 12, 6)
        row.addLayout(words, 1)
        # The toggle lives in the header, beside check-in: the bar over the reader shows only
        # while the chair presents, so a small screen keeps its height for the page.
        self._header_row.insertWidget(1, self.follow_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._header_row.insertSpacing(2, 12)
        self.model.presenting_did_change.connect(self._on_presenting)
        self.model.documents_did_change.connect(self._refresh_follow_bar)
        self.agenda.document_did_get_chosen.connect(self._on_document_chosen)
        self.reader.document_did_load.connect(self._land_on_presented)
        return self.follow_bar

    def go_to_presented(self) -> None:
        """Opens the presented document at the chair's page; a document still downloading
        opens (and turns to that page) once it is here."""
        shown = self.model.presenting
        if shown is None:
            return
        self._follow_target = (shown.document_id, shown.page - 1)  # the reader counts from 0
        self._choosing_presented = True
        try:
            self.agenda.choose(shown.document_id)  # -> open_document, marked in the agenda
        finally:
            self._choosing_presented = False
        self._land_on_presented()

    def _land_on_presented(self) -> None:
        target = self._follow_target
        if (
            target is not None
            and target[0] == self.open_document_id
            and self._waiting_for is None  # not the old version while the new one downloads
            and self.reader.page_count > 0
        ):
            self._follow_target = None
            self.reader.go_to_page(target[1])

    def _on_document_chosen(self, document_id: str) -> None:
        # The delegate (or a search result) chose something else: the pending page is not theirs.
        if not self._choosing_presented:
            self._follow_target = None

    def _on_presenting(self) -> None:
        self._refresh_follow_bar()
        if self.follow_button.isChecked():
            self.go_to_presented()

    def _on_follow_toggled(self, on: bool) -> None:
        self._refresh_follow_bar()
        if on:
            self.go_to_presented()

    def _refresh_follow_bar(self) -> None:
        on = self.follow_button.isChecked()
        self.follow_button.setText(self.tr("✓ Theo chủ tọa") if on else self.tr("Theo chủ tọa"))
        text = self.model.presenting_text()
        self.presenting_label.setText(text)
        self.presenting_label.setVisible(bool(text))
        self.go_to_presented_button.setVisible(bool(text) and not on)
        self.follow_bar.setVisible(bool(text))

    # -- annotations and printing --------------------------------------------------------------

    def _build_annotations(self, store: AnnotationStore | None) -> QWidget:
        """The reader, with the annotation tools above it and the list beside it given a store."""
        print_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_key.activated.connect(self.refuse_print)
        self.annotator: Annotator | None = None
        self.annotation_toolbar: AnnotationToolbar | None = None
        self.annotation_panel: AnnotationPanel | None = None
        if store is None:
            return self.reader
        area = AnnotatedReader(self.reader, self)
        self.annotation_toolbar, self.annotation_panel = area.toolbar, area.panel
        self.annotator = Annotator(store, self.reader, area.toolbar, area.panel, self.document_bytes, self._author,
                                   parent=self)
        self.annotator.notes_did_carry_over.connect(self._on_carry_over)
        self.annotator.report_did_arrive.connect(self._on_annotation_report)
        return area

    def refuse_print(self) -> None:
        """Ctrl+P: the seat does not print; an internal document says why it never may."""
        document = self.model.document(self.open_document_id) if self.open_document_id else None
        if document is not None and self.model.is_internal(document):
            self._show_message(self.tr("Tài liệu «Lưu hành nội bộ» không được in hay xuất ra tệp."))
        else:
            self._show_notice(self.tr("Phòng họp không giấy: máy tại ghế không in tài liệu. "
                                      "Cần bản giấy, xin liên hệ Văn phòng."))

    def _author(self) -> str:
        delegate = self.model.delegate
        return delegate.name if delegate is not None else ""

    def _on_carry_over(self, kept: int, dropped: int) -> None:
        text = self.tr("Tài liệu có bản mới: giữ lại {kept} ghi chú của bạn.").format(kept=kept)
        if dropped:
            text += " " + self.tr("{n} ghi chú ở các trang không còn trong bản mới đã bị bỏ.").format(n=dropped)
        # The room's notice of the new version is likely showing: add to it, do not hide it.
        notice = self.message_label.isVisible() and theme.ACCENT in self.message_label.styleSheet()
        self._show_notice(f"{self.message_label.text()}\n{text}" if notice else text)

    def _on_annotation_report(self, text: str, ok: bool) -> None:
        (self._show_notice if ok else self._show_message)(text)

    # -- voting --------------------------------------------------------------------------------

    def _show_vote(self) -> None:
        # Connected after the panel's own refresh: the panel is up to date when it is shown.
        shown = self.vote_panel.wants_screen
        if shown == self.vote_panel.isHidden() or shown != self._splitter.isHidden():
            self._splitter.setVisible(not shown)
            self.vote_panel.setVisible(shown)
            # Following the chair's pages means nothing while the panel covers them; the
            # header keeps its room for the meeting's title on a narrow screen.
            self.follow_button.setVisible(not shown)
            self._apply_width()
            if shown:
                self.vote_panel.refresh()  # takes the keyboard focus now that it can

    # -- header --------------------------------------------------------------------------------

    def _refresh_header(self) -> None:
        self.title_label.setText(self.model.meeting_title or self.tr("Đang tải thông tin kỳ họp…"))
        delegate = self.model.delegate
        if delegate is not None:
            seat = self.model.seat_label
            who = self.tr("Đại biểu {name}").format(name=delegate.name)
            if seat:
                who += " · " + self.tr("Ghế {seat}").format(seat=seat)
            self.who_label.setText(who)

    def _refresh_check_in(self) -> None:
        if self.model.is_present:
            self.check_in_button.setText(self.tr("✓ Đã điểm danh"))
            self.check_in_button.setEnabled(False)
        elif self.model.check_in_pending:
            self.check_in_button.setText(self.tr("Đang điểm danh…"))
            self.check_in_button.setEnabled(False)
        else:
            self.check_in_button.setText(self.tr("Điểm danh"))
            self.check_in_button.setEnabled(True)

    def _check_in(self) -> None:
        self.message_label.hide()
        self.model.check_in()

    def _show_message(self, text: str) -> None:
        """A refusal: red, so it is not missed."""
        self.message_label.setStyleSheet(f"color: {theme.DANGER}; font-weight: bold;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _show_notice(self, text: str) -> None:
        """News from the room: calm blue, not the red of an error."""
        self.message_label.setStyleSheet(f"color: {theme.ACCENT}; font-weight: bold;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # -- lifetime ------------------------------------------------------------------------------

    # -- narrow screens ------------------------------------------------------------------------

    @property
    def is_compact(self) -> bool:
        # Larger text needs the room sooner: at 200 % every screen shows one column at a time.
        return self.width() < theme.px(COMPACT_BELOW)

    def _apply_width(self) -> None:
        """Below COMPACT_BELOW pixels the agenda and the reader take turns on the whole width
        (a "☰ Chương trình" button switches), so a 1024- or 1280-pixel tablet shows every button
        of the reader instead of a window wider than its screen."""
        # Three lines of a long meeting title would take the page's place on a small screen.
        self.title_label.setStyleSheet(f"font-size: {theme.pt(15 if self.is_compact else 19)}pt; font-weight: bold;")
        self._fit_header()
        if not self.is_compact:
            self.agenda_button.hide()
            self._left_column.show()
            self._right_column.show()
            return
        # Voting, the panel covers both columns: nothing for the button to switch.
        self.agenda_button.setVisible(self.vote_panel.isHidden())
        showing_agenda = self.agenda_button.isChecked()
        back = showing_agenda and (self.open_document_id or self._waiting_for) is not None
        self.agenda_button.setText(self.tr("◀ Về tài liệu") if back else self.tr("☰ Chương trình"))
        self._left_column.setVisible(showing_agenda)
        self._right_column.setVisible(not showing_agenda)

    def _fit_header(self) -> None:
        """Four buttons share the header with the title once the floor can be asked for: on a
        narrow screen they take smaller type and the delegate's line may wrap, so a 1024-pixel
        header still fits without clipping a button."""
        compact = self.is_compact
        if compact == self._compact_header:
            return
        self._compact_header = compact
        self._header.setStyleSheet(
            f"QPushButton {{ font-size: {theme.pt(COMPACT_HEADER_PT)}pt; padding: 4px 10px; }}" if compact else "")
        self.who_label.setWordWrap(compact)
        for button in (self.follow_button, self.check_in_button):
            button.setMinimumWidth(theme.px(150 if compact else 190))
        self.speak_button.set_compact(compact)
        self._split_header(compact and theme.LOOK.scale > 100)
        # The words go first on a narrow header; the name stays for screen readers and the tooltip.
        self.settings_button.setText("⚙" if compact else self.tr("⚙ Cài đặt"))

    def _split_header(self, split: bool) -> None:
        """The four buttons on a row of their own under the title, or back beside it."""
        buttons = [self.speak_button, self.follow_button, self.check_in_button, self.settings_button]
        second = self._header_second_row
        if split == (second.indexOf(self.check_in_button) >= 0):
            return
        for button in buttons:
            (self._header_row if split else second).removeWidget(button)
        if split:
            for button in buttons:
                second.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            second.addStretch(1)
            return
        while second.count():
            second.takeAt(0)
        end = self._header_row.count()
        for button in buttons:
            self._header_row.insertWidget(end, button, 0, Qt.AlignmentFlag.AlignVCenter)
            end += 1

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._painted and not self._first_frame.isActive():
            # A window shown but never painted (no screen to paint on) still gets on with its work.
            self._first_frame.start(FIRST_PAINT_WAIT_MS)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # Right after this first frame (children included) is on screen, not while the
            # window is built: the indexer's worker holds the GIL for long stretches.
            self._first_frame.start(0)

    def _after_first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        if self.indexer is not None:
            self.indexer.start()
        self.window_did_paint.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_width()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._first_frame.stop()
        if self.indexer is not None:
            self.indexer.shutdown()
        if self.annotator is not None:
            self.annotator.shutdown()
        self.reader.shutdown()
        super().closeEvent(event)
        self.window_did_close.emit()
