"""A vote before it opens: its settings in words for the chair to check, those present now, and
the warning when nothing could pass with so few."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from app.model import MeetingState, Vote
from app.vote_results import hopeless
from ui import theme
from ui.chair_vote_key import KeyBox
from ui.chair_vote_progress import muted, title_label, value_label
from ui.chair_vote_words import (
    delegate_line,
    duration_words,
    hopeless_warning,
    kind_words,
    n_words,
    person_line,
    threshold_words,
)


def hopeless_box(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(
        f"color: {theme.DANGER}; background: {theme.DANGER_BG}; border: 2px solid {theme.DANGER};"
        "border-radius: 6px; padding: 6px 10px; font-weight: bold;"
    )
    return label


class SummaryBox(QFrame):
    """"Kiểm tra trước khi mở": the vote's settings in words, those present now, and a warning
    when nothing could pass with so few present.

    Attributes: title_label, item_label, kind_label, rule_label, n_label, present_label,
    duration_label, change_label, people_label, committee_label, hopeless_label, key (KeyBox: a
    sealed vote's key, hidden for the others).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        heading = muted(QLabel(self.tr("Kiểm tra trước khi mở biểu quyết"), self))
        self.title_label = title_label(self)
        self.item_label = value_label(self)
        self.kind_label = value_label(self)
        self.kind_label.setStyleSheet("font-weight: bold;")
        self.rule_label = value_label(self)
        self.n_label = value_label(self)
        self.present_label = value_label(self)
        self.duration_label = value_label(self)
        self.change_label = value_label(self)
        self.people_label = value_label(self)
        self.committee_label = value_label(self)
        self.hopeless_label = hopeless_box(self)
        self.key = KeyBox(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setVerticalSpacing(6)
        self.people_title = QLabel(self)
        rows = ((self.tr("Hình thức:"), self.kind_label), (self.tr("Cách tính:"), self.rule_label),
                (self.tr("Tổng số:"), self.n_label), (self.tr("Có mặt:"), self.present_label),
                (self.tr("Thời gian:"), self.duration_label), (self.tr("Sửa phiếu:"), self.change_label),
                (self.people_title, self.people_label), (self.tr("Ban kiểm phiếu:"), self.committee_label),
                (self.tr("Nội dung:"), self.item_label))
        for name, value in rows:
            form.addRow(name, value)
        self.form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.title_label)
        layout.addWidget(self.hopeless_label)  # first, where a short tab shows it unscrolled
        layout.addWidget(self.key)  # what keeps a sealed vote from opening: as high up
        layout.addLayout(form)
        layout.addStretch(1)

    def show_vote(self, vote: Vote, state: MeetingState) -> None:
        self.title_label.setText(vote.title)
        self.key.setVisible(vote.sealed)
        if vote.sealed:
            self.key.show_vote(vote, state)
        item = state.agenda.get(vote.item_id)
        self.item_label.setText(f"{item.position}. {item.title}" if item is not None else vote.item_id)
        self.kind_label.setText(kind_words(vote.kind, vote.rule))
        self.rule_label.setText(threshold_words(vote.rule, vote.n_total))
        self.n_label.setText(n_words(vote.n_total))
        present = len(state.present)
        self.present_label.setText(self.tr("{p}/{n} đại biểu").format(p=present, n=vote.n_total))
        self.duration_label.setText(
            self.tr("Không tính giờ: thư ký đếm và ghi kết quả") if vote.kind == "hands" else duration_words(vote.duration_s)
        )
        self.change_label.setText(
            self.tr("Cho phép sửa phiếu đến khi kết thúc") if vote.allow_change else self.tr("Không (phiếu đã bỏ là cuối cùng)")
        )
        people = vote.subjects or vote.candidates
        self._row(self.people_label, bool(people))
        if people:
            self.people_title.setText(self.tr("Ứng cử viên:") if vote.kind == "election" else self.tr("Được lấy phiếu:"))
            lines = [f"{n}. {person_line(p.name, p.position)}" for n, p in enumerate(people, start=1)]
            if vote.kind == "election":
                lines.append(self.tr("Số người được bầu: {k}").format(k=vote.seats))
            self.people_label.setText("\n".join(lines))
        committee = vote.committee
        self._row(self.committee_label, committee is not None)
        if committee is not None:
            others = len(committee.members) - 2
            self.committee_label.setText(
                self.tr("Trưởng ban {head}, Thư ký {secretary} và {n} ủy viên").format(
                    head=delegate_line(state, committee.head), secretary=delegate_line(state, committee.secretary),
                    n=others)
            )
        doomed = hopeless(vote, state)
        self.hopeless_label.setVisible(doomed)
        if doomed:
            self.hopeless_label.setText("⚠ " + hopeless_warning(present, vote.n_total))
        colour = theme.DANGER if doomed else theme.INK
        self.present_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _row(self, field: QWidget, shown: bool) -> None:
        field.setVisible(shown)
        label = self.form.labelForField(field)
        if label is not None:
            label.setVisible(shown)
