"""The seat's result screen once a vote is closed: the table of figures, the outcome, and what
became of this seat's ballot (with its receipt code checked against the published list). Its
words keep the "SeatVotePanel" context they are translated under (resources/translations)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QScrollArea, QWidget

from ui import theme
from ui.seat_vote_model import SeatVoteModel
from ui.seat_vote_results import option_label
from ui.seat_vote_sealed import spaced
from ui.seat_vote_style import page_layout, vote_button, vote_label


class SeatResultPage(QWidget):
    """"Kết quả": the summary, the table (made once per result), the outcome in its frame, this
    seat's own line and «Đóng – về tài liệu». Attributes: result_heading, summary_label,
    result_scroll, result_grid, outcome_label, own_label, close_button."""

    def __init__(self, model: SeatVoteModel, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the theme paints it as a plain QWidget
        self.model = model
        layout = page_layout(self)
        self.result_heading = vote_label(self, "voteBig")
        self.summary_label = vote_label(self, "voteHint")
        self.result_scroll = QScrollArea(self)
        self.result_scroll.setObjectName("voteScroll")
        self.result_scroll.setWidgetResizable(True)
        self.result_grid = QGridLayout()  # replaced with each result (see refresh)
        self._result_for: tuple[str, str | None] | None = None
        self.outcome_label = vote_label(self)
        self.outcome_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.own_label = vote_label(self)
        self.own_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = vote_button(QCoreApplication.translate(
            "SeatVotePanel", "Đóng – về tài liệu"), "votePrimary", self)
        self.close_button.clicked.connect(self.model.dismiss)
        bottom = QHBoxLayout()
        bottom.addWidget(self.own_label, 1)
        bottom.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.result_heading)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.result_scroll, 1)
        layout.addWidget(self.outcome_label)
        layout.addLayout(bottom)

    def refresh(self) -> None:
        model = self.model
        vote = model.vote
        assert vote is not None
        self.result_heading.setText(QCoreApplication.translate("SeatVotePanel", "Kết quả"))
        self.summary_label.setText(model.result_summary())
        key = (vote.vote_id, vote.closed_at)
        if key != self._result_for:  # a result does not change: its table is made once
            self._result_for = key
            self._fill_result_table()
        outcome = model.outcome_text()
        self.outcome_label.setText(outcome)
        passed = vote.result is not None and vote.result.get("outcome") == "passed"
        colour = theme.LIVE if passed else theme.DANGER
        self.outcome_label.setStyleSheet(
            f"font-size: {theme.pt(30)}pt; font-weight: bold; color: {colour}; border: 4px solid {colour};"
            "border-radius: 10px; padding: 6px 18px;")
        self.outcome_label.setVisible(bool(outcome))
        self.own_label.setText(self._own_line())
        self.own_label.setStyleSheet(f"font-size: {theme.pt(16)}pt;")

    def _fill_result_table(self) -> None:
        """Names down the left, one column per figure (counts right-aligned), then the mark."""
        model = self.model
        vote = model.vote
        assert vote is not None
        host = QWidget()
        host.setObjectName("voteRows")
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(10)
        people = vote.kind in ("confidence", "election")
        size = theme.pt(16 if people else 20)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        header = model.result_header()
        for column, title in enumerate(header, start=1):
            cell = vote_label(host, "voteHint", wrap=False)
            cell.setText(title)
            grid.addWidget(cell, 0, column, right)
        for row, line in enumerate(model.result_rows(), start=1):
            name = vote_label(host)
            detail = f"<br><span style='font-size: {theme.pt(13)}pt; color: {theme.MUTED}; font-weight: normal'>" \
                     f"{line.detail}</span>" if line.detail else ""
            name.setText(f"{line.name}{detail}")
            name.setStyleSheet(f"font-size: {size}pt; font-weight: bold;")
            grid.addWidget(name, row, 0)  # no alignment: a wrapped position keeps its second line
            for column, figure in enumerate(line.cells, start=1):
                cell = vote_label(host, wrap=False)
                cell.setText(figure)
                cell.setStyleSheet(f"font-size: {size}pt; font-weight: {'bold' if line.strong else 'normal'};")
                grid.addWidget(cell, row, column, right)
            mark = vote_label(host, wrap=False)
            mark.setText(line.mark)
            mark.setStyleSheet(f"font-size: {size}pt; font-weight: bold; color: {theme.ACCENT};")
            grid.addWidget(mark, row, len(header) + 1, left)
        # The marks' column takes what is left, so the figures stay beside the names they count.
        grid.setColumnStretch(len(header) + 1, 1)
        grid.setRowStretch(grid.rowCount(), 1)
        self.result_grid = grid
        self.result_scroll.setWidget(host)  # the previous table goes with its host

    def _own_line(self) -> str:
        """What became of this seat's ballot, under the result."""
        model = self.model
        vote, ballot = model.vote, model.ballot
        assert vote is not None
        if ballot is not None and ballot.status == "refused":
            return f"<span style='color: {theme.DANGER}; font-weight: bold'>{ballot.message}</span>"
        if ballot is not None and ballot.status == "pending":
            return f"<span style='color: {theme.WARN}; font-weight: bold'>" + QCoreApplication.translate(
                "SeatVotePanel", "Phiếu của bạn chưa đến máy chủ trước khi biểu quyết kết thúc.") + "</span>"
        if vote.kind == "open":
            mine = model.my_recorded_option()
            if mine is None:
                return QCoreApplication.translate("SeatVotePanel", "Bạn không biểu quyết nội dung này.")
            return QCoreApplication.translate(
                "SeatVotePanel", "Lựa chọn của bạn đã được tính: <b>{choice}</b>").format(choice=option_label(mine))
        if vote.sealed and ballot is not None and ballot.status == "recorded":
            if model.on_board():
                check = f"<span style='color: {theme.LIVE}'>" + QCoreApplication.translate(
                    "SeatVotePanel", "✓ có trên bảng công khai và đã được tính vào tổng") + "</span>"
            else:
                check = f"<span style='color: {theme.DANGER}; font-weight: bold'>" + QCoreApplication.translate(
                    "SeatVotePanel", "KHÔNG có trên bảng công khai. Xin báo Ban kiểm phiếu.") + "</span>"
            return QCoreApplication.translate(
                "SeatVotePanel", "Mã theo dõi phiếu của bạn: <b style='font-size: 22pt'>{code}</b> – {check}").format(
                code=spaced(ballot.receipt), check=check)
        if vote.secret and ballot is not None and ballot.status == "recorded":
            code = ballot.receipt
            listed = model.receipt_listed()
            if listed:
                check = f"<span style='color: {theme.LIVE}'>" + QCoreApplication.translate(
                    "SeatVotePanel", "✓ có trong danh sách mã biên nhận đã kiểm") + "</span>"
            else:
                check = f"<span style='color: {theme.DANGER}; font-weight: bold'>" + QCoreApplication.translate(
                    "SeatVotePanel", "KHÔNG có trong danh sách mã biên nhận đã kiểm. Xin báo Ban kiểm phiếu.") + "</span>"
            return QCoreApplication.translate(
                "SeatVotePanel", "Mã biên nhận của bạn: <b style='font-size: 22pt'>{code}</b> – {check}").format(
                code=f"{code[:5]} {code[5:]}", check=check)
        return ""
