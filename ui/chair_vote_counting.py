"""A sealed vote between its close and its result: the Ban kiểm phiếu's devices opening the sum of
the ballots together, how many have done so against the least needed, and whom the count waits for."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.model import MeetingState, Vote
from app.voting_sealed_count import CountingStatus, counting_status
from ui import theme
from ui.chair_vote_progress import BIG_PT, Bar, muted, title_label, value_label
from ui.chair_vote_words import delegate_line, kind_words


class CountingBox(QFrame):
    """"Đang kiểm phiếu": the ballots collected, the members' devices that have decrypted the
    total of the needed, and the members awaited (those whose seat is not connected said so).

    Attributes: status (the CountingStatus shown last, or None), title_label, kind_label,
    count_label, bar, collected_label, waiting_label, hint_label.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status: CountingStatus | None = None
        self.title_label = title_label(self)
        self.kind_label = muted(QLabel(self))
        self.count_label = value_label(self)
        self.count_label.setStyleSheet(f"font-size: {BIG_PT}pt; font-weight: bold; color: {theme.ACCENT};")
        self.bar = Bar(theme.ACCENT, self)
        self.collected_label = value_label(self)
        self.collected_label.setStyleSheet("font-size: 14pt;")
        self.waiting_label = value_label(self)
        self.waiting_label.setStyleSheet("font-size: 13pt;")
        self.hint_label = muted(QLabel(self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title_label, self.kind_label, self.count_label, self.bar, self.collected_label,
                       self.waiting_label, self.hint_label):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_vote(self, vote: Vote, state: MeetingState, online: frozenset[str] | None = None) -> None:
        """`online`: the delegates whose seat is connected (docs/presence.md), None if unknown."""
        status = counting_status(vote)
        self.status = status
        self.title_label.setText(vote.title)
        self.kind_label.setText(self.tr("Đã kết thúc bỏ phiếu · {kind}").format(kind=kind_words(vote.kind, vote.rule)))
        self.count_label.setText(self.tr("Đang kiểm phiếu: Ban kiểm phiếu đã giải mã {d}/{t}…").format(
            d=status.decrypted, t=status.threshold))
        self.bar.set_share(status.decrypted, status.threshold)
        counting = vote.counting or {}
        self.collected_label.setText(self.tr("Số phiếu thu về: {c} / {p} đại biểu có mặt").format(
            c=int(counting.get("collected", vote.count)), p=int(counting.get("present", len(state.present)))))
        waiting = [self._awaited(state, d, online) for d in status.waiting_for]
        self.waiting_label.setVisible(bool(waiting))
        more = max(0, status.threshold - status.decrypted)
        self.waiting_label.setText(self.tr("Cần thêm {k} thành viên giải mã; đang chờ máy của: {names}").format(
            k=more, names=", ".join(waiting)) if more < len(waiting) else
            self.tr("Đang chờ máy của: {names}").format(names=", ".join(waiting)))
        self.hint_label.setText(
            self.tr("Máy của các thành viên Ban kiểm phiếu tự giải mã tổng số phiếu, không mở riêng phiếu nào; "
                    "kết quả hiện ngay khi đủ {t} thành viên.").format(t=status.threshold))

    def _awaited(self, state: MeetingState, delegate_id: str, online: frozenset[str] | None) -> str:
        name = delegate_line(state, delegate_id)
        if online is not None and delegate_id not in online:
            return self.tr("{name} (máy chưa kết nối)").format(name=name)
        return name
