"""The hall display's layouts: the agenda, the speaker, the document page, the vote screens and
the footer, how DisplayWindow builds them, fills them from its model and scales them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from app.model import Document
from ui.display_look import (
    AMBER,
    AMBER_INK,
    FOOTER_H,
    GOOD,
    HEADING,
    INK,
    MARGIN,
    MUTED,
    OVER,
    OVER_INK,
    PANEL,
    FitText,
    countdown_panel,
)
from ui.display_model import DisplayViewModel
from ui.display_page import PageImage, PresentedPage


def _column(*widgets: QWidget | int, spacing: int = 0) -> QVBoxLayout:
    """A column of widgets; an int is a stretch of that factor."""
    layout = QVBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget in widgets:
        if isinstance(widget, int):
            layout.addStretch(widget)
        else:
            layout.addWidget(widget)
    return layout


class DisplayLayouts:
    """DisplayWindow's layouts, mixed into the window (a QWidget; `self` is the window): the
    widgets they are made of are the window's attributes (see DisplayWindow). Their words are in
    the "DisplayWindow" translation context.
    """

    model: DisplayViewModel
    stack: QStackedWidget
    _body: QVBoxLayout
    _panel_paper: str
    scale: float

    # -- building ------------------------------------------------------------------------------

    def _build_agenda(self) -> QWidget:
        page = QWidget()
        self.council_text = FitText(page, size=34, color=MUTED)
        self.meeting_text = FitText(page, size=58, bold=True)
        self.item_heading = FitText(page, size=44, bold=True, color=HEADING)
        self.item_text = FitText(page, size=96, bold=True)
        self.presenter_text = FitText(page, size=38, color=MUTED)
        self.next_item_text = FitText(page, size=38, color=MUTED)
        rule = QWidget(page)
        rule.setFixedHeight(3)
        rule.setStyleSheet(f"background: {HEADING};")
        self._agenda_rule = rule
        layout = _column(self.council_text, self.meeting_text, rule, self.item_heading,
                         self.item_text, self.presenter_text, 1, self.next_item_text)
        page.setLayout(layout)
        self._agenda_layout = layout
        return page

    def _build_speaker(self) -> QWidget:
        page = QWidget()
        self.speaker_item_text = FitText(page, size=32, color=MUTED)
        self.speech_kind_text = FitText(page, size=48, bold=True, color=HEADING)
        self.speaker_name_text = FitText(page, size=104, bold=True, one_line=0.7)
        self.speaker_title_text = FitText(page, size=42, color=MUTED)
        self.speaker_group_text = FitText(page, size=42, color=MUTED)
        who = _column(self.speech_kind_text, self.speaker_name_text, self.speaker_title_text,
                      self.speaker_group_text, 1)

        self.countdown_panel, self.countdown_label, self.countdown_text = countdown_panel(page, "countdownPanel")
        self.countdown_limit = FitText(self.countdown_panel, size=32, color=MUTED,
                                       align=Qt.AlignmentFlag.AlignHCenter)
        self.countdown_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        panel = _column(1, self.countdown_label, self.countdown_text, self.countdown_limit, 1)
        self.countdown_panel.setLayout(panel)
        self._countdown_layout = panel

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(who, 3)
        row.addWidget(self.countdown_panel, 2)
        self._speaker_row = row

        self.queue_heading = FitText(page, size=38, bold=True, color=HEADING)
        self.queue_texts = [FitText(page, size=40) for _ in range(3)]
        layout = _column(self.speaker_item_text)
        layout.addLayout(row, 1)
        layout.addWidget(self.queue_heading)
        for text in self.queue_texts:
            layout.addWidget(text)
        page.setLayout(layout)
        self._speaker_layout = layout
        return page

    def _build_document(self, document_bytes: Callable[[Document], bytes | memoryview]) -> QWidget:
        page = QWidget()
        # A short header: every line it takes is a line less for the page.
        self.document_title_text = FitText(page, size=42, bold=True, one_line=0.8)
        self.page_number_text = FitText(page, size=56, bold=True, color=HEADING, wrap=False,
                                        align=Qt.AlignmentFlag.AlignRight)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.document_title_text, 1)
        header.addWidget(self.page_number_text, 0, Qt.AlignmentFlag.AlignVCenter)
        self._document_header = header
        self.page_view = PageImage(page)
        self.presented = PresentedPage(self.page_view, document_bytes, self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.page_view, 1)
        self._document_layout = layout
        return page

    def _build_votes(self) -> None:
        # ui.display_vote builds on FitText and the colours of this module: imported once it is whole.
        from ui.display_vote import CancelledPage, ResultPage, VotePage
        from ui.display_vote_counting import CountingPage

        self.vote_page = VotePage()
        self.result_page = ResultPage()
        self.cancelled_page = CancelledPage()
        self.counting_page = CountingPage()
        for page in (self.vote_page, self.result_page, self.cancelled_page, self.counting_page):
            self.stack.addWidget(page)

    def _build_footer(self) -> QWidget:
        footer = QWidget(self)
        footer.setObjectName("hallFooter")
        footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.attendance_text = FitText(footer, size=42, bold=True, wrap=False)
        self.quorum_text = FitText(footer, size=36, bold=True, wrap=False)
        # Someone speaking while a page is shown: their name and time here, the page keeps its room.
        self.document_speaker_text = FitText(footer, size=34, bold=True, color=MUTED, wrap=False,
                                             align=Qt.AlignmentFlag.AlignHCenter)
        self.document_speaker_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.connection_text = FitText(footer, size=24, color=MUTED, wrap=False,
                                       align=Qt.AlignmentFlag.AlignRight)
        self.clock_text = FitText(footer, size=46, bold=True, wrap=False, align=Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout(footer)
        row.addWidget(self.attendance_text)
        row.addWidget(self.quorum_text)
        row.addWidget(self.document_speaker_text, 1)
        row.addWidget(self.connection_text)
        row.addWidget(self.clock_text)
        self._footer_row = row
        self.footer = footer
        return footer

    # -- refresh -------------------------------------------------------------------------------

    def _refresh_agenda(self) -> None:
        model = self.model
        self.council_text.set_text(model.council_line)
        self.meeting_text.set_text(model.meeting_title)
        active = model.active_item()
        coming = model.next_item()
        if active is not None:
            heading = QCoreApplication.translate(
                "DisplayWindow", "Đang thảo luận · {position}").format(position=model.position_text(active))
            shown, after = active, coming
        elif coming is not None:
            heading = QCoreApplication.translate(
                "DisplayWindow", "Sắp tới · {position}").format(position=model.position_text(coming))
            shown = coming
            after = None
        else:
            heading, shown, after = "", None, None
        self.item_heading.set_text(heading)
        if shown is not None:
            self.item_text.set_text(shown.title)
            presenter = QCoreApplication.translate(
                "DisplayWindow", "Trình bày: {who}").format(who=shown.presenter) if shown.presenter else ""
            self.presenter_text.set_text(presenter)
        else:
            done = model.agenda_done()
            self.item_text.set_text(QCoreApplication.translate(
                "DisplayWindow", "Đã hoàn thành chương trình kỳ họp") if done else "")
            self.presenter_text.set_text("")
        next_text = ""
        if after is not None:
            next_text = QCoreApplication.translate("DisplayWindow", "Tiếp theo: {position}. {title}").format(
                position=model.state.agenda_in_order().index(after) + 1, title=after.title)
        self.next_item_text.set_text(next_text)
        self._refresh_speaker_item()

    def _refresh_speaker_item(self) -> None:
        active = self.model.active_item()
        text = f"{self.model.position_text(active)} · {active.title}" if active is not None else ""
        self.speaker_item_text.set_text(text)

    def _refresh_speaker(self) -> None:
        self._refresh_speaker_item()
        speaker = self.model.speaker()
        if speaker is not None:
            self.speech_kind_text.set_text(speaker.kind.upper())
            self.speaker_name_text.set_text(speaker.name)
            self.speaker_title_text.set_text(speaker.title)
            self.speaker_group_text.set_text(speaker.group)
        queue = self.model.next_speakers()
        waiting = self.model.waiting_count()
        if queue:
            heading = QCoreApplication.translate(
                "DisplayWindow", "Tiếp theo ({n} đại biểu đăng ký)").format(n=waiting)
        else:
            heading = QCoreApplication.translate("DisplayWindow", "Chưa có đại biểu đăng ký tiếp")
        self.queue_heading.set_text(heading)
        for n, text in enumerate(self.queue_texts):
            if n < len(queue):
                line = queue[n]
                group = f" — {line.group}" if line.group else ""
                text.set_text(f"{n + 1}.  {line.name}{group} · {line.kind}")
            else:
                text.set_text("")
        self._refresh_countdown()

    def _refresh_countdown(self) -> None:
        countdown = self.model.countdown()
        speaker = self.model.speaker()
        if countdown is None or speaker is None:
            self.document_speaker_text.set_text("")
            return
        # Calm white on the panel; dark on amber for the last 30 seconds; white on red past the limit.
        if countdown.level == "over":
            label = QCoreApplication.translate("DisplayWindow", "HẾT GIỜ")
            ink, muted, paper = OVER_INK, OVER_INK, OVER
        elif countdown.level == "warn":
            label = QCoreApplication.translate("DisplayWindow", "Sắp hết giờ")
            ink, muted, paper = AMBER_INK, AMBER_INK, AMBER
        else:
            label = QCoreApplication.translate("DisplayWindow", "Thời gian còn lại")
            ink, muted, paper = INK, MUTED, PANEL
        self.countdown_label.set_text(label)
        self.countdown_text.set_text(countdown.text)
        self.countdown_limit.set_text(QCoreApplication.translate(
            "DisplayWindow", "Thời gian quy định: {limit}").format(limit=countdown.limit_text))
        self.countdown_text.set_color(ink)
        self.countdown_label.set_color(muted)
        self.countdown_limit.set_color(muted)
        if self._panel_paper != paper:
            self._panel_paper = paper
            self.countdown_panel.setStyleSheet(f"QWidget#countdownPanel {{ background: {paper}; border-radius: 24px; }}")
        # Over a page or a vote the speaker's name and time go in the footer (see _build_footer).
        chip = ""
        if self.model.layout != "speaker":
            chip = QCoreApplication.translate(
                "DisplayWindow", "Đang phát biểu: {name} · {time}").format(name=speaker.name, time=countdown.text)
        self.document_speaker_text.set_text(chip)
        self.document_speaker_text.set_color({"over": "#ff8a8a", "warn": AMBER}.get(countdown.level, MUTED))

    def _refresh_document(self) -> None:
        presented = self.model.presented()
        if presented is None:
            self.presented.clear()
            return
        document, page = presented
        if document is None:
            self.document_title_text.set_text("")
            self.page_number_text.set_text(QCoreApplication.translate(
                "DisplayWindow", "Trang {page}").format(page=page))
            self.page_view.show_message(QCoreApplication.translate(
                "DisplayWindow", "Đang nhận thông tin tài liệu…"))
            return
        self.document_title_text.set_text(document.title)
        self.page_number_text.set_text(QCoreApplication.translate(
            "DisplayWindow", "Trang {page}/{pages}").format(page=page, pages=document.pages))
        self.page_view.watermark = QCoreApplication.translate(
            "DisplayWindow", "Màn hình hội trường") if document.classification == "internal" else None
        if not self.model.is_ready(document):
            self._show_waiting(document)
            return
        self.presented.show(document, page - 1)

    def _show_waiting(self, document: Document) -> None:
        error = self.model.download_error(document.document_id)
        progress = self.model.progress(document.document_id)
        if error is not None:
            text = QCoreApplication.translate(
                "DisplayWindow", "Chưa tải được tài liệu: {e}\nMáy sẽ tự thử lại.").format(e=error)
        elif progress is None:
            text = QCoreApplication.translate("DisplayWindow", "Đang chờ tải tài liệu về máy…")
        else:
            text = QCoreApplication.translate(
                "DisplayWindow", "Đang tải tài liệu về máy: {p}%").format(p=int(progress * 100))
        self.page_view.show_message(text)

    def _on_download(self, document_id: str) -> None:
        presented = self.model.presented()
        if presented is not None and presented[0] is not None and presented[0].document_id == document_id:
            self._refresh_document()

    def _refresh_vote(self) -> None:
        model = self.model
        running = model.running_vote()
        if running is not None:
            self.vote_page.show_vote(running, model.progress_text(running))
            self.vote_page.show_countdown(model.vote_countdown())
        result = model.vote_result()
        if result is not None:
            self.result_page.show_result(result)
        cancelled = model.cancelled_vote()
        if cancelled is not None:
            self.cancelled_page.show_cancelled(cancelled)
        counting = model.counting_vote()
        if counting is not None:
            self.counting_page.show_counting(counting)

    def _refresh_footer(self) -> None:
        model = self.model
        self.attendance_text.set_text(model.attendance_text())
        quorum = model.quorum()
        self.quorum_text.set_text(model.quorum_text())
        self.quorum_text.set_color(GOOD if quorum.met else AMBER)
        self.connection_text.set_text(model.connection_text())
        status = model.status
        # Quiet while connected or connecting; amber once the server has been lost or refuses.
        lost = status.kind == "refused" or (status.kind != "online" and status.offline_since is not None)
        self.connection_text.set_color(AMBER if lost else MUTED)
        self.clock_text.set_text(model.clock_text())

    # -- size ----------------------------------------------------------------------------------

    def _apply_scale(self) -> None:
        scale = self.scale
        for text in self.findChildren(FitText):
            text.set_scale(scale)
        self.page_view.scale = scale
        margin = round(MARGIN * scale)
        self._body.setContentsMargins(margin, round(margin * 0.7), margin, round(margin * 0.5))
        self._footer_row.setContentsMargins(margin, 0, margin, 0)
        self.footer.setFixedHeight(round(FOOTER_H * scale))
        self._footer_row.setSpacing(round(40 * scale))
        self._agenda_layout.setSpacing(round(18 * scale))
        self._speaker_layout.setSpacing(round(14 * scale))
        self._speaker_row.setSpacing(round(48 * scale))
        self._countdown_layout.setContentsMargins(round(24 * scale), 0, round(24 * scale), 0)
        self._document_layout.setSpacing(round(16 * scale))
        self._document_header.setSpacing(round(32 * scale))
        for page in (self.vote_page, self.result_page, self.cancelled_page, self.counting_page):
            page.set_scale(scale)

