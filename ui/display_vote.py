"""The hall display's vote screens: the open vote with its countdown, the result, a cancellation."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.display_look import AMBER, AMBER_INK, GOOD, HEADING, INK, MUTED, PANEL, FitText, countdown_panel
from ui.display_model import CancelledVote, RunningVote, VoteCountdown
from ui.display_people_table import Column, PeopleTable, cells_of
from ui.display_results import Mark, PeopleResult, ResolutionResult
from ui.display_vote_chart import Bar, ProgressBar, ResultBars

# Contrast against white ink, or against the dark field for inks: every pair at least 6:1.
PASSED_BG = "#11703a"  # THÔNG QUA: white on green (6.2:1), said in words as well
FAILED_BG = "#8e0f14"  # KHÔNG THÔNG QUA: white on dark red (9.4:1)
WARN_BG = "#7a4f00"  # a tie: white on dark amber (7.1:1)
URGENT_S = 10  # the vote's countdown turns amber for its last seconds

MARK_BG: dict[Mark, str] = {"plain": PANEL, "good": PASSED_BG, "warn": WARN_BG, "bad": FAILED_BG}
# Each option's bar: Tán thành as the eye expects it; colour only helps, the words say it.
OPTION_COLORS = {
    "tan_thanh": GOOD,
    "khong_tan_thanh": "#ff8a8a",
    "khong_bieu_quyet": "#c9d4e3",
    "not_voted": "#7d8ea6",
}


def _column(*widgets: QWidget | int) -> QVBoxLayout:
    layout = QVBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        if isinstance(widget, int):
            layout.addStretch(widget)
        else:
            layout.addWidget(widget)
    return layout


def _header(kind_label: str, item_text: str) -> str:
    return f"{kind_label} · {item_text}" if item_text else kind_label


# -- the open vote -------------------------------------------------------------------------------


class VotePage(QWidget):
    """An open vote: its kind and title, "ĐANG BIỂU QUYẾT", how many have voted of those
    present (a number and a bar), and the time left, large. Never a name or a choice.

    Attributes: kind_text, title_text, status_text, progress_text, progress_bar, hint_text,
    countdown_panel, countdown_label, countdown_text.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind_text = FitText(self, size=48, bold=True, color=HEADING)
        self.title_text = FitText(self, size=76, bold=True)
        self.status_text = FitText(self, size=84, bold=True, color=AMBER, wrap=False)
        self.progress_text = FitText(self, size=60, bold=True, one_line=0.75)
        self.progress_bar = ProgressBar(self, color=GOOD, height=44)
        self.hint_text = FitText(self, size=44, color=MUTED)
        # Centred beside the countdown, whose digits sit in the middle of their panel.
        left = _column(1, self.status_text, self.progress_text, self.progress_bar, self.hint_text, 1)
        self._left = left

        self.countdown_panel, self.countdown_label, self.countdown_text = countdown_panel(self, "voteCountdownPanel")
        self.countdown_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self._countdown_layout = _column(1, self.countdown_label, self.countdown_text, 1)
        self.countdown_panel.setLayout(self._countdown_layout)
        self._paper = ""
        self._paint_panel(PANEL)

        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addLayout(left, 3)
        self._row.addWidget(self.countdown_panel, 2)
        self._layout = _column(self.kind_text, self.title_text)
        self._layout.addLayout(self._row, 1)
        self.setLayout(self._layout)

    def show_vote(self, vote: RunningVote, progress: str) -> None:
        self.kind_text.set_text(_header(vote.kind_label, vote.item_text))
        self.title_text.set_text(vote.title)
        self.status_text.set_text(self.tr("ĐANG BIỂU QUYẾT"))
        if vote.electronic:
            self.progress_text.set_text(progress)
            self.progress_bar.set_progress(vote.voted, vote.present)
            self.progress_bar.show()
            self.hint_text.set_text("")
        else:
            # A show of hands: nobody presses anything, the secretary counts and enters the figures.
            self.progress_text.set_text(self.tr("Số đại biểu có mặt: {n}").format(n=vote.present))
            self.progress_bar.hide()
            self.hint_text.set_text(self.tr("Đại biểu biểu quyết bằng hình thức giơ tay"))

    def show_countdown(self, countdown: VoteCountdown | None) -> None:
        if countdown is None:
            self.countdown_panel.hide()
            return
        self.countdown_panel.show()
        urgent = countdown.remaining_s <= URGENT_S
        self.countdown_label.set_text(self.tr("Thời gian còn lại"))
        self.countdown_text.set_text(countdown.text)
        ink = AMBER_INK if urgent else INK
        self.countdown_text.set_color(ink)
        self.countdown_label.set_color(AMBER_INK if urgent else MUTED)
        self._paint_panel(AMBER if urgent else PANEL)

    def _paint_panel(self, paper: str) -> None:
        if paper != self._paper:
            self._paper = paper
            self.countdown_panel.setStyleSheet(
                f"QWidget#voteCountdownPanel {{ background: {paper}; border-radius: 24px; }}")

    def set_scale(self, scale: float) -> None:
        self._layout.setSpacing(round(18 * scale))
        self._left.setSpacing(round(24 * scale))
        self._row.setSpacing(round(48 * scale))
        self._countdown_layout.setContentsMargins(round(24 * scale), 0, round(24 * scale), 0)
        self.progress_bar.set_scale(scale)
        # Room over the line: a capital's stacked marks (over Ể, Ế) rise above the font's ascent.
        self.status_text.setMinimumHeight(round(self.status_text.design_px * 1.5 * scale))


# -- the result ----------------------------------------------------------------------------------


STATS_ONE_ROW = 100  # characters of counts that still read well on one row; more take two
STATS_MAX = 6


class ResultPage(QWidget):
    """A closed vote's result: its kind and title, the counts the law names, then for a
    resolution the bars of each option against N with the threshold and THÔNG QUA / KHÔNG
    THÔNG QUA in huge letters; for a confidence vote or an election a table per person.

    Attributes: header_text, title_text, stat_texts, bars (ResultBars), verdict_text,
    table (PeopleTable), conclusion_text, note_text, result (what it shows).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result: ResolutionResult | PeopleResult | None = None
        self.header_text = FitText(self, size=38, bold=True, color=HEADING)
        self.title_text = FitText(self, size=54, bold=True)
        self.stat_texts = [FitText(self, size=36) for _ in range(STATS_MAX)]
        self._stats = QGridLayout()
        self._stats.setContentsMargins(0, 0, 0, 0)
        self._stats_shape: tuple[int, ...] = ()
        self.bars = ResultBars(self, size=46)
        self.table = PeopleTable(self, size=40)
        self.verdict_text = FitText(self, size=150, bold=True, wrap=False, align=Qt.AlignmentFlag.AlignHCenter)
        self.conclusion_text = FitText(self, size=60, bold=True, align=Qt.AlignmentFlag.AlignHCenter)
        self.note_text = FitText(self, size=30, color=MUTED)
        self._layout = _column(self.header_text, self.title_text)
        self._layout.addLayout(self._stats)
        self._layout.addWidget(self.bars, 1)
        self._layout.addWidget(self.table, 1)
        self._layout.addWidget(self.verdict_text)
        self._layout.addWidget(self.conclusion_text)
        self._layout.addWidget(self.note_text)
        self.setLayout(self._layout)

    def show_result(self, result: ResolutionResult | PeopleResult) -> None:
        self.result = result
        header = _header(result.kind_label, result.item_text)
        self.header_text.set_text(self.tr("{header} · Kết quả").format(header=header))
        self.title_text.set_text(result.title)
        self._show_stats(result.stats)
        if isinstance(result, ResolutionResult):
            self._show_resolution(result)
        else:
            self._show_people(result)

    def _show_stats(self, stats: Sequence[str]) -> None:
        """The counts on one row when they read well there, else on two; each column as wide as
        its longest words, so none breaks in two while another has room to spare."""
        stats = stats[:STATS_MAX]
        per_row = len(stats) if sum(len(s) for s in stats) <= STATS_ONE_ROW else math.ceil(len(stats) / 2)
        shape = tuple(len(s) for s in stats)
        if shape != self._stats_shape:
            self._stats_shape = shape
            for text in self.stat_texts:
                self._stats.removeWidget(text)
                text.hide()
            for column in range(STATS_MAX):
                self._stats.setColumnStretch(column, 0)
            for index, length in enumerate(shape):
                row, column = divmod(index, per_row)
                self._stats.addWidget(self.stat_texts[index], row, column)
                self.stat_texts[index].show()
                self._stats.setColumnStretch(column, max(length, self._stats.columnStretch(column)))
        for index, text in enumerate(self.stat_texts):
            text.set_text(stats[index] if index < len(stats) else "")

    def _show_resolution(self, result: ResolutionResult) -> None:
        self.table.hide()
        self.conclusion_text.hide()
        bars = [Bar(o.label, o.count, o.percent, OPTION_COLORS.get(o.key, MUTED)) for o in result.options]
        self.bars.set_bars(bars, result.n_total, result.marker, result.marker_text)
        self.bars.show()
        self.verdict_text.set_text(result.verdict)
        self.verdict_text.set_color("#ffffff", PASSED_BG if result.passed else FAILED_BG)
        self.verdict_text.show()
        self.note_text.set_text(result.rule_text)

    def _show_people(self, result: PeopleResult) -> None:
        self.bars.hide()
        self.verdict_text.hide()
        election = result.kind == "election"
        columns = [Column(self.tr("STT"), "right"), Column(self.tr("Họ và tên, chức vụ"), optional_sub=True)]
        columns += [Column(heading, "right") for heading in result.columns]
        if election:
            columns.append(Column(self.tr("Tỷ lệ trên tổng số đại biểu"), bar=True, marker=0.5))
        columns.append(Column(result.mark_heading))
        self.table.set_table(columns, [cells_of(row, election) for row in result.rows])
        self.table.show()
        self.conclusion_text.set_text(result.conclusion)
        self.conclusion_text.set_color("#ffffff", MARK_BG[result.conclusion_level])
        self.conclusion_text.setVisible(bool(result.conclusion))
        self.note_text.set_text(result.note)

    def set_scale(self, scale: float) -> None:
        self._layout.setSpacing(round(14 * scale))
        self._stats.setHorizontalSpacing(round(40 * scale))
        self._stats.setVerticalSpacing(round(4 * scale))
        self.bars.set_scale(scale)
        self.table.set_scale(scale)


# -- a cancelled vote ----------------------------------------------------------------------------


class CancelledPage(QWidget):
    """A short notice that a vote was cancelled, with the chair's reason.

    Attributes: header_text, title_text, notice_text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.header_text = FitText(self, size=44, bold=True, color=HEADING)
        self.title_text = FitText(self, size=64, bold=True)
        self.notice_text = FitText(self, size=96, bold=True, color=AMBER, align=Qt.AlignmentFlag.AlignHCenter)
        self._layout = _column(self.header_text, self.title_text, 1, self.notice_text, 2)
        self.setLayout(self._layout)

    def show_cancelled(self, cancelled: CancelledVote) -> None:
        self.header_text.set_text(_header(cancelled.kind_label, cancelled.item_text))
        self.title_text.set_text(cancelled.title)
        self.notice_text.set_text(cancelled.notice)

    def set_scale(self, scale: float) -> None:
        self._layout.setSpacing(round(24 * scale))
