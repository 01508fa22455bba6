"""A closed vote's result as the law words it, with simple bars: the figures and the verdict for a
resolution, each person for a confidence vote, each candidate for an election; and its PDFs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clock import parse_iso
from app.model import MeetingState, Vote
from app.vote_labels import CONSEQUENCE_LABELS, ELECTED_LABEL, NOT_VOTED_LABEL, OUTCOME_LABELS, TIE_LABEL
from app.vote_records import counting_record_pdf, result_sheet_pdf
from ui import theme
from ui.chair_vote_progress import Bar, title_label, value_label
from ui.chair_vote_words import (
    delegate_line,
    kind_words,
    label,
    option_words,
    person_line,
    share,
    threshold_words,
)

OPTION_COLOURS: Final = {
    "tan_thanh": theme.LIVE,
    "khong_tan_thanh": theme.DANGER,
    "khong_bieu_quyet": "#6b737c",
    "tin_nhiem_cao": theme.LIVE,
    "tin_nhiem": theme.ACCENT,
    "tin_nhiem_thap": theme.DANGER,
    "khong_tin_nhiem": theme.DANGER,
}
NOT_VOTED_COLOUR: Final = "#b9c0c8"
CONSEQUENCE_COLOURS: Final = {"none": theme.MUTED, "may_resign": theme.WARN, "dismissal": theme.DANGER}


def created_data(vote: Vote) -> dict[str, Any]:
    """The `vote.created` data (docs/votes.md) rebuilt from the vote, as the records read it."""
    data: dict[str, Any] = {
        "vote_id": vote.vote_id, "item_id": vote.item_id, "title": vote.title, "kind": vote.kind,
        "options": list(vote.options), "rule": vote.rule, "n_total": vote.n_total,
        "duration_s": vote.duration_s, "allow_change": vote.allow_change,
    }
    people = [{"id": p.person_id, "name": p.name, "position": p.position} for p in (vote.subjects or vote.candidates)]
    if vote.kind == "confidence":
        data["subjects"] = people
    if vote.kind == "election":
        data["candidates"] = people
        data["seats"] = vote.seats
    if vote.committee is not None:
        c = vote.committee
        data["committee"] = {"head": c.head, "secretary": c.secretary, "members": list(c.members)}
    return data


def record_pdf(state: MeetingState, vote: Vote, which: str) -> bytes:
    """"sheet" (Phiếu kết quả) or "counting" (Biên bản kiểm phiếu) of a closed vote; CPU work,
    for an executor."""
    assert state.meeting is not None and vote.result is not None and vote.closed_at is not None
    item = state.agenda.get(vote.item_id)
    make = result_sheet_pdf if which == "sheet" else counting_record_pdf
    return make(state.meeting, state.delegates, item.title if item is not None else vote.item_id,
                created_data(vote), vote.result, vote.closed_at, opened_at=vote.opened_at)


def _label(text: str, parent: QWidget, style: str = "") -> QLabel:
    return value_label(parent, style, text)


class ResultBox(QFrame):
    """The result of the vote shown last; rebuilt only when another result is shown.

    Attributes: lines (the figures as shown, "Tán thành: 43 (50,59%)" ..., for tests and the
    camera alike), verdict_label (the conclusion boxed at the top), ballots_table (open kind), receipts_label
    (secret kinds), sealed_label (a sealed vote: its result can be checked by anyone).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._shown: tuple[str, int] | None = None
        self.lines: list[str] = []
        self.verdict_label: QLabel | None = None
        self.ballots_table: QTableWidget | None = None
        self.receipts_label: QLabel | None = None
        self.sealed_label: QLabel | None = None
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(6)

    def show_vote(self, vote: Vote, state: MeetingState) -> None:
        result = vote.result
        if result is None or self._shown == (vote.vote_id, id(result)):
            return
        self._shown = (vote.vote_id, id(result))
        while self.body.count():
            child = self.body.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.lines, self.verdict_label, self.ballots_table, self.receipts_label = [], None, None, None
        self.sealed_label = None
        heading = title_label(self)
        heading.setText(vote.title)
        self.body.addWidget(heading)
        self.body.addWidget(_label(self._ended(vote, result), self, f"color: {theme.MUTED}; font-size: 12pt;"))
        if vote.kind == "confidence":
            self._confidence(vote, result)
        elif vote.kind == "election":
            self._election(vote, result)
        else:
            self._resolution(vote, result, state)
        if vote.sealed:
            self._sealed(vote, result, state)
        elif vote.secret:
            receipts = len(result.get("receipts", ()))
            self.receipts_label = _label(
                self.tr("Mã biên nhận đã công bố: {n}. Mỗi đại biểu tự đối chiếu mã trên máy của mình; "
                        "không mã nào gắn với một lựa chọn.").format(n=receipts), self,
                f"color: {theme.MUTED}; font-size: 12pt;")
            self.body.addWidget(self.receipts_label)
        self.body.addStretch(1)

    def _ended(self, vote: Vote, result: Mapping[str, Any]) -> str:
        """ "Đã kết thúc lúc 09:42 (hết thời gian) · Bỏ phiếu kín", in the console's local time."""
        at = parse_iso(vote.closed_at).astimezone().strftime("%H:%M") if vote.closed_at else "–"
        how = {"time": self.tr(" (hết thời gian)"), "hands": self.tr(" (thư ký ghi kết quả giơ tay)")}.get(
            str(result.get("closed_by")), "")
        return self.tr("Đã kết thúc lúc {at}{how} · {kind}").format(at=at, how=how, kind=kind_words(vote.kind, vote.rule))

    def _sealed(self, vote: Vote, result: Mapping[str, Any], state: MeetingState) -> None:
        """No receipt is tied to a choice and no ballot was opened: each is on the board, encrypted."""
        self.sealed_label = _label(self.tr("Kết quả kiểm chứng được: mọi phiếu mã hóa và bằng chứng đều công khai"),
                                   self, f"color: {theme.LIVE}; font-weight: bold; font-size: 13pt;")
        self.body.addWidget(self.sealed_label)
        sealed: Mapping[str, Any] = result.get("sealed", {})
        who = ", ".join(delegate_line(state, str(d)) for d in sealed.get("decrypted_by", ()))
        lines = [self.tr("Mã theo dõi phiếu trên bảng công khai: {n}. Mỗi đại biểu tự đối chiếu mã trên máy của "
                         "mình; không mã nào cho biết lựa chọn.").format(n=len(vote.ballots))]
        if who:
            lines.append(self.tr("Ban kiểm phiếu cùng giải mã kết quả: {names}.").format(names=who))
        self.receipts_label = _label("\n".join(lines), self, f"color: {theme.MUTED}; font-size: 12pt;")
        self.body.addWidget(self.receipts_label)

    # -- figures -------------------------------------------------------------------------------

    def _grid(self) -> QGridLayout:
        box = QWidget(self)
        box.setStyleSheet("font-size: 13pt;")
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(2, 1)
        self.body.addWidget(box)
        return grid

    def _figure(self, grid: QGridLayout, name: str, value: str, bar: tuple[int, int, str] | None = None) -> None:
        row = grid.rowCount()
        # Whole, never wrapped: the law's words are read out as they stand.
        grid.addWidget(QLabel(name + ":", self), row, 0)
        grid.addWidget(_label(value, self, "font-weight: bold;"), row, 1, Qt.AlignmentFlag.AlignRight)
        if bar is not None:
            # Under its line, as wide as the column: a share reads at a glance even in a narrow tab.
            widget = Bar(bar[2], self)
            widget.setFixedHeight(10)
            widget.set_share(bar[0], bar[1])
            grid.addWidget(widget, row + 1, 0, 1, 3)
        self.lines.append(f"{name}: {value}")

    def _verdict(self, text: str, tone: str, size: int = 24) -> QLabel:
        """The conclusion in a coloured box at the top, where a narrow tab shows it unscrolled."""
        verdict = _label(text, self)
        verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        colour, background = {"good": (theme.LIVE, theme.LIVE_BG), "bad": (theme.DANGER, theme.DANGER_BG),
                              "warn": (theme.WARN, theme.WARN_BG)}[tone]
        verdict.setStyleSheet(f"font-size: {size}pt; font-weight: bold; color: {colour}; background: {background};"
                              f" border: 2px solid {colour}; border-radius: 8px; padding: 6px;")
        self.verdict_label = verdict
        self.body.addWidget(verdict)
        return verdict

    def _resolution(self, vote: Vote, result: Mapping[str, Any], state: MeetingState) -> None:
        n = int(result["n_total"])
        tally: Mapping[str, int] = result.get("tally", {})
        participated = int(result.get("participated", sum(tally.values())))
        not_voted = int(result.get("not_voted", 0))
        outcome = str(result.get("outcome", "failed"))
        passed = outcome == "passed"
        verdict = self._verdict(label(OUTCOME_LABELS.get(outcome, outcome)).upper(), "good" if passed else "bad")
        grid = self._grid()
        self._figure(grid, self.tr("Tổng số đại biểu HĐND"), str(n))
        self._figure(grid, self.tr("Số đại biểu có mặt"), str(int(result.get("present", 0))))
        self._figure(grid, self.tr("Số đại biểu tham gia biểu quyết"), share(participated, n))
        for option in vote.options:
            count = int(tally.get(option, 0))
            self._figure(grid, option_words(option), share(count, n), (count, n, OPTION_COLOURS.get(option, theme.ACCENT)))
        self._figure(grid, label(NOT_VOTED_LABEL), share(not_voted, n), (not_voted, n, NOT_VOTED_COLOUR))
        self.lines.append(verdict.text())
        self.body.addWidget(_label(threshold_words(vote.rule, n), self, f"color: {theme.MUTED}; font-size: 12pt;"))
        if vote.kind == "open":
            self._ballots(result, state)

    def _ballots(self, result: Mapping[str, Any], state: MeetingState) -> None:
        """Every delegate's choice, as the result sheet lists it (protocol order)."""
        ballots: Mapping[str, str] = result.get("ballots", {})
        everyone = sorted({*state.delegates, *ballots})
        self.body.addWidget(_label(self.tr("Kết quả của từng đại biểu"), self, "font-weight: bold;"))
        table = QTableWidget(len(everyone), 2, self)
        table.setHorizontalHeaderLabels([self.tr("Họ và tên"), self.tr("Lựa chọn")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setStyleSheet("QTableWidget { font-size: 12pt; }")
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row, delegate_id in enumerate(everyone):
            delegate = state.delegates.get(delegate_id)
            choice = ballots.get(delegate_id)
            table.setItem(row, 0, QTableWidgetItem(delegate.name if delegate is not None else delegate_id))
            cell = QTableWidgetItem(option_words(choice) if choice is not None else label(NOT_VOTED_LABEL))
            cell.setForeground(QColor(OPTION_COLOURS.get(choice or "", theme.MUTED)))
            table.setItem(row, 1, cell)
        table.setMinimumHeight(260)
        self.ballots_table = table
        self.body.addWidget(table)

    def _counts(self, result: Mapping[str, Any], election: bool) -> None:
        n = int(result["n_total"])
        grid = self._grid()
        self._figure(grid, self.tr("Tổng số đại biểu HĐND"), str(n))
        self._figure(grid, self.tr("Số đại biểu có mặt"), str(int(result.get("present", 0))))
        if election:
            self._figure(grid, self.tr("Số chức danh cần bầu"), str(int(result.get("seats", 1))))
        self._figure(grid, self.tr("Số phiếu phát ra"), str(int(result.get("issued", 0))))
        self._figure(grid, self.tr("Số phiếu thu về"), str(int(result.get("collected", 0))))
        if election:
            self._figure(grid, self.tr("Số phiếu hợp lệ"), str(int(result.get("valid", 0))))
            self._figure(grid, self.tr("Số phiếu không hợp lệ"), str(int(result.get("invalid", 0))))

    def _card(self, heading: str) -> QGridLayout:
        card = QFrame(self)
        card.setObjectName("personCard")
        card.setStyleSheet(f"QFrame#personCard {{ background: {theme.PANEL}; border-radius: 8px; }}"
                           " QLabel { font-size: 13pt; }")
        grid = QGridLayout(card)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(2, 1)
        grid.addWidget(_label(heading, card, "font-weight: bold;"), 0, 0, 1, 3)
        self.body.addWidget(card)
        self.lines.append(heading)
        return grid

    def _confidence(self, vote: Vote, result: Mapping[str, Any]) -> None:
        collected = int(result.get("collected", 0))
        results: Mapping[str, Any] = result.get("results", {})
        flagged = [(p.name, str(results.get(p.person_id, {}).get("consequence", "none"))) for p in vote.subjects]
        flagged = [(name, c) for name, c in flagged if c != "none"]
        if flagged:
            text = "\n".join(f"{name}: {label(CONSEQUENCE_LABELS.get(c, c))}" for name, c in flagged)
            self._verdict(text, "bad" if any(c == "dismissal" for _, c in flagged) else "warn", 15)
        else:
            self._verdict(self.tr("Không ai phải xin từ chức hoặc bị trình miễn nhiệm, bãi nhiệm"), "good", 15)
        self._counts(result, election=False)
        for person in vote.subjects:
            got = results.get(person.person_id, {})
            b = int(got.get("collected", collected))
            grid = self._card(person_line(person.name, person.position))
            for option in vote.options:
                count = int(got.get("counts", {}).get(option, 0))
                self._figure(grid, option_words(option), share(count, b),
                             (count, b, OPTION_COLOURS.get(option, theme.ACCENT)))
            consequence = str(got.get("consequence", "none"))
            words = self.tr("Hệ quả: {what}").format(what=label(CONSEQUENCE_LABELS.get(consequence, consequence)))
            grid.addWidget(_label(words, self, f"font-weight: bold; color: {CONSEQUENCE_COLOURS.get(consequence)};"),
                           grid.rowCount(), 0, 1, 3)
            self.lines.append(words)
        self.body.addWidget(_label(self.tr("Tỷ lệ tính trên số phiếu thu về (B = {b}).").format(b=collected), self,
                                   f"color: {theme.MUTED}; font-size: 12pt;"))

    def _election(self, vote: Vote, result: Mapping[str, Any]) -> None:
        n = int(result["n_total"])
        results: Mapping[str, Any] = result.get("results", {})
        elected, tie = set(result.get("elected", ())), set(result.get("tie", ()))
        lines = []
        if elected:
            lines.append(self.tr("Trúng cử: {names}").format(
                names=", ".join(p.name for p in vote.candidates if p.person_id in elected)))
        if tie:
            lines.append(self.tr("Bằng phiếu, bầu lại: {names}").format(
                names=", ".join(p.name for p in vote.candidates if p.person_id in tie)))
        if not lines:
            lines.append(self.tr("Không ai trúng cử: chưa ai được quá nửa tổng số đại biểu bầu"))
        self._verdict("\n".join(lines), "warn" if tie else "good" if elected else "bad", 15)
        self._counts(result, election=True)
        for person in vote.candidates:
            votes = int(results.get(person.person_id, {}).get("votes", 0))
            grid = self._card(person_line(person.name, person.position))
            chosen = person.person_id in elected
            self._figure(grid, self.tr("Số phiếu bầu"), share(votes, n), (votes, n, theme.LIVE if chosen else theme.ACCENT))
            if chosen:
                words, colour = label(ELECTED_LABEL), theme.LIVE
            elif person.person_id in tie:
                words, colour = label(TIE_LABEL), theme.WARN
            else:
                words, colour = self.tr("Không trúng cử"), theme.MUTED
            grid.addWidget(_label(words, self, f"font-weight: bold; color: {colour};"), grid.rowCount(), 0, 1, 3)
            self.lines.append(words)
        self.body.addWidget(_label(threshold_words(vote.rule, n) + " " + self.tr("(tỷ lệ trên N = {n})").format(n=n),
                                   self, f"color: {theme.MUTED}; font-size: 12pt;"))
