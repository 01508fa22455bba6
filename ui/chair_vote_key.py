"""A sealed vote before it opens: the Ban kiểm phiếu creating its key, in words the chair can act
on (who has joined, how many key holders are present against the least needed to count), the
way on when members are missing, and what to do when the key could not be made."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from app.model import MeetingState, Vote
from app.voting_sealed import KeyStatus, current_checks, holders, key_status
from ui import theme
from ui.chair_vote_progress import value_label
from ui.chair_vote_words import delegate_line


def names(state: MeetingState, delegate_ids: Iterable[str]) -> str:
    return ", ".join(delegate_line(state, d) for d in delegate_ids)


def not_joined(vote: Vote) -> list[str]:
    """Members of the committee whose device has not dealt, in the committee's order."""
    members = vote.committee.members if vote.committee is not None else ()
    return [m for m in members if m not in vote.ceremony.deals]


def finish_question(vote: Vote, state: MeetingState) -> tuple[str, str]:
    """The question before vote.key_finish, and the words of the button that goes ahead."""
    joined = len(current_checks(vote))
    members = len(vote.committee.members) if vote.committee is not None else 0
    question = QCoreApplication.translate(
        "KeyBox", "Tạo khóa với {n}/{m} thành viên đã tham gia, không chờ {names}? Những thành viên này sẽ "
                  "không giữ khóa của biểu quyết này.").format(n=joined, m=members, names=names(state, left_out(vote)))
    yes = QCoreApplication.translate("KeyBox", "Tiếp tục với {n} thành viên").format(n=joined)
    return question, yes


def left_out(vote: Vote) -> list[str]:
    """Members who would not hold the key if the ceremony ended now: no deal or no current check."""
    members = vote.committee.members if vote.committee is not None else ()
    checked = current_checks(vote)
    return [m for m in members if m not in checked]


def finish_offered(status: KeyStatus) -> bool:
    """Going on without some members is the chair's call once enough have joined and some have not."""
    return status.can_finish and status.checked < status.members


class KeyBox(QFrame):
    """"Khóa của phiếu kín": the ceremony of one sealed vote, refreshed from each event.

    Attributes: status (the KeyStatus shown last, or None), heading_label, joined_label,
    missing_label, holders_label, absent_label, failed_label, finish_hint (what going on without
    the missing members means; the button is VoteActions.finish_button, among the actions).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status: KeyStatus | None = None
        self.setObjectName("keyBox")
        self.setStyleSheet(f"QFrame#keyBox {{ background: {theme.PANEL}; border-radius: 8px; }}")
        self.heading_label = value_label(self, f"color: {theme.MUTED}; font-size: 12pt;")
        self.heading_label.setText(self.tr("Phiếu kín được mã hóa: chỉ Ban kiểm phiếu cùng nhau mới mở được kết quả"))
        self.joined_label = value_label(self, "font-size: 13pt; font-weight: bold;")
        self.missing_label = value_label(self, "font-size: 12pt;")
        self.holders_label = value_label(self, "font-size: 13pt; font-weight: bold;")
        self.absent_label = value_label(self, "font-size: 12pt;")
        self.failed_label = value_label(self)
        self.failed_label.setStyleSheet(
            f"color: {theme.DANGER}; background: {theme.DANGER_BG}; border: 2px solid {theme.DANGER};"
            "border-radius: 6px; padding: 6px 10px; font-weight: bold;")
        self.finish_hint = value_label(self, f"color: {theme.MUTED}; font-size: 12pt;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(4)
        for widget in (self.heading_label, self.failed_label, self.joined_label, self.missing_label,
                       self.holders_label, self.absent_label):
            layout.addWidget(widget)
        layout.addWidget(self.finish_hint)

    def show_vote(self, vote: Vote, state: MeetingState) -> None:
        status = key_status(vote, frozenset(state.present))
        self.status = status
        self.failed_label.setVisible(bool(status.failed))
        if status.failed:
            self.failed_label.setText(
                self.tr("Không tạo được khóa: {reason}\nHãy hủy biểu quyết này và tạo lại "
                        "(nếu cần, với Ban kiểm phiếu khác).").format(reason=status.failed))
        missing = not_joined(vote)
        self.joined_label.setVisible(not status.failed)
        if status.ready:
            self.joined_label.setText(self.tr("✓ Ban kiểm phiếu đã tạo xong khóa ({n}/{m} thành viên tham gia)").format(
                n=status.dealt, m=status.members))
            self.joined_label.setStyleSheet(f"font-size: 13pt; font-weight: bold; color: {theme.LIVE};")
        else:
            self.joined_label.setText(self.tr("Ban kiểm phiếu tạo khóa: {n}/{m} thành viên đã tham gia").format(
                n=status.dealt, m=status.members))
            self.joined_label.setStyleSheet(f"font-size: 13pt; font-weight: bold; color: {theme.INK};")
        self.missing_label.setVisible(bool(missing) and not status.failed)
        if missing:
            words = (self.tr("Không tham gia: {names}") if status.ready
                     else self.tr("Chưa tham gia: {names}. Máy tại chỗ ngồi của thành viên cần đang bật và kết nối."))
            self.missing_label.setText(words.format(names=names(state, missing)))
        short = status.holders_present < status.threshold
        self.holders_label.setVisible(not status.failed)
        self.holders_label.setText(self.tr("Có mặt {p} thành viên giữ khóa, cần ít nhất {t} để kiểm phiếu").format(
            p=status.holders_present, t=status.threshold))
        colour = theme.DANGER if short and status.ready else theme.INK
        self.holders_label.setStyleSheet(f"font-size: 13pt; font-weight: bold; color: {colour};")
        away = [h for h in holders(vote) if h not in state.present]
        self.absent_label.setVisible(bool(away) and not status.failed)
        if away:
            self.absent_label.setText(self.tr("Thành viên giữ khóa chưa điểm danh: {names}").format(
                names=names(state, away)))
        offer = finish_offered(status)
        self.finish_hint.setVisible(offer)
        if offer:
            self.finish_hint.setText(self.tr("Không chờ {n} thành viên chưa tham gia; họ sẽ không giữ khóa.").format(
                n=status.members - status.checked))
