"""The hall display's votes: the open vote (time and progress, never a name or a choice), the
result as the law words it (N, present, taking part, each option of N, THÔNG QUA / KHÔNG THÔNG
QUA at the right threshold), confidence votes and elections per person, a cancelled vote, and
the vote screens' place among the other layouts. Driven by the real domain pipeline (MemoryRoom)
and, once, by the real room server. Screens go to /tmp/phonghop-screens/ to be looked at."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QAbstractScrollArea, QApplication
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.keys import DeviceKeys
from app.vote_labels import TIE_LABEL
from sync.client.ballot import cast_args
from sync.client.connection import Connection
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, T0, MemoryRoom, seat_of
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.test_display_window import StandInConnection, add_document, texts_fit
from tests.ui.test_seat_parts import StandInFetcher
from ui.display_look import AMBER, FitText
from ui.display_model import CANCELLED_HOLD_S, RESULT_HOLD_S, DisplayViewModel
from ui.display_results import PeopleResult, ResolutionResult
from ui.display_vote import FAILED_BG, PASSED_BG
from ui.display_window import DisplayWindow

SIZES = ((1920, 1080), (1280, 720))
KEYS = DeviceKeys.generate()  # the room checks ballot signatures, the domain does not: one key serves
ITEM = "item-08"
TITLE = "Nghị quyết về dự toán ngân sách nhà nước năm 2027 và phân bổ ngân sách cấp tỉnh"
RESOLUTION = ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"]
COMMITTEE = {"head": "db-020", "secretary": "db-021", "members": [f"db-0{n}" for n in range(20, 27)]}
OFFICIALS = [
    ("Nguyễn Văn Hùng", "Chủ tịch UBND tỉnh"),
    ("Trần Thị Mai Phương", "Phó Chủ tịch UBND tỉnh"),
    ("Lê Quang Vinh", "Phó Chủ tịch UBND tỉnh"),
    ("Phạm Thị Thanh Thủy", "Phó Chủ tịch UBND tỉnh"),
    ("Đinh Công Thành", "Giám đốc Sở Tài chính"),
    ("Hoàng Minh Đức", "Giám đốc Sở Xây dựng"),
    ("Vũ Thị Bích Ngọc", "Giám đốc Sở Giáo dục và Đào tạo"),
    ("Bùi Văn Toàn", "Giám đốc Sở Nông nghiệp và Môi trường"),
    ("Ngô Đức Mạnh", "Giám đốc Công an tỉnh"),
    ("Lưu Thị Hồng Vân", "Giám đốc Sở Y tế"),
    ("Trương Quốc Bảo", "Chánh Văn phòng UBND tỉnh"),
    ("Đặng Thị Kim Oanh", "Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
]
CANDIDATES = [
    ("Vũ Đình Khiêm", "Chủ tịch HĐND tỉnh khóa XV"),
    ("Trần Thị Minh Hạnh", "Phó Chủ tịch HĐND tỉnh"),
    ("Lương Văn Thịnh", "Phó Chủ tịch HĐND tỉnh"),
    ("Phạm Ngọc Sơn", "Trưởng Ban Pháp chế HĐND tỉnh"),
    ("Nguyễn Hữu Tuấn", "Trưởng Ban Kinh tế – Ngân sách HĐND tỉnh"),
]


class Hall:
    """A MemoryRoom, the display over it, and the clock both share (the room's `now` follows)."""

    def __init__(self, qtbot: QtBot, size: tuple[int, int] = (1920, 1080), room: MemoryRoom | None = None):
        self.clock = FixedClock(T0)
        self.room = room or MemoryRoom()
        self.room.now = self.clock.now()
        self.conn = StandInConnection(self.room)
        self.model = DisplayViewModel(self.conn, StandInFetcher(), self.clock)  # type: ignore[arg-type]
        self.window = DisplayWindow(self.model, lambda document: b"")
        qtbot.addWidget(self.window)
        self.window.resize(*size)
        self.window.show()
        qtbot.waitExposed(self.window)

    def cmd(self, actor: Any, name: str, args: dict[str, Any]) -> list[Any]:
        return self.conn.cmd(actor, name, args)

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.room.now = self.clock.now()
        self.window.tick()

    def check_in(self, count: int) -> None:
        """db-001 … db-{count} check in."""
        for n in range(1, count + 1):
            self.cmd(seat_of(f"db-{n:03d}"), "attendance.check_in", {})

    def create(self, kind: str = "open", rule: str = "majority_of_all", options: list[str] | None = None,
               duration_s: int = 60, title: str = TITLE, item_id: str = ITEM, **extra: Any) -> str:
        args = {"item_id": item_id, "title": title, "kind": kind, "options": options or RESOLUTION, "rule": rule,
                "duration_s": duration_s, **extra}
        if kind in ("secret", "confidence", "election"):
            args["committee"] = COMMITTEE
        [created] = self.cmd(CHAIR_ACTOR, "vote.create", args)
        return str(created.data["vote_id"])

    def open(self, vote_id: str) -> None:
        self.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})

    def cast(self, vote_id: str, ballots: list[Any], first: int = 1) -> None:
        """Delegates db-{first} onwards cast `ballots` in order."""
        for n, choice in enumerate(ballots, start=first):
            self.cmd(seat_of(f"db-{n:03d}"), "vote.cast", cast_args(KEYS, vote_id, choice))

    def close(self, vote_id: str) -> None:
        self.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})

    def save(self, screens: Path, name: str) -> Path:
        QApplication.processEvents()
        self.window.repaint()
        path = screens / f"display-vote-{name}-{self.window.width()}x{self.window.height()}.png"
        self.window.grab().save(str(path))
        return path

    def shown_words(self) -> list[str]:
        """Every word on the visible FitTexts of the current layout."""
        page = self.window.stack.currentWidget()
        assert page is not None
        return [t.text() for t in page.findChildren(FitText) if t.isVisible() and t.text()]

    def resolution(self) -> ResolutionResult:
        result = self.window.result_page.result
        assert isinstance(result, ResolutionResult), result
        return result

    def people(self) -> PeopleResult:
        result = self.window.result_page.result
        assert isinstance(result, PeopleResult), result
        return result


def lines(result: ResolutionResult) -> list[str]:
    return [*result.stats, *(option.line for option in result.options)]


BY_SIZE = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


# -- the open vote, then its result ---------------------------------------------------------------


@BY_SIZE
def test_an_open_vote_shows_time_and_progress_then_the_result_as_the_law_words_it(
    qtbot: QtBot, screens: Path, size: tuple[int, int]
) -> None:
    hall = Hall(qtbot, size)
    hall.check_in(50)
    hall.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    vote_id = hall.create(duration_s=90)
    assert hall.window.layout_shown == "agenda"  # created, not open: nothing to show yet
    hall.open(vote_id)
    page = hall.window.vote_page
    assert hall.window.layout_shown == "vote"
    assert page.kind_text.text() == "Biểu quyết công khai · Nội dung 8/9"
    assert page.title_text.text() == TITLE
    assert page.status_text.text() == "ĐANG BIỂU QUYẾT"
    assert page.countdown_text.text() == "01:30"
    assert page.progress_text.text() == "Đã bỏ phiếu: 0 / 50 đại biểu có mặt"

    hall.cast(vote_id, ["tan_thanh"] * 44 + ["khong_tan_thanh"])
    hall.advance(45.2)
    assert page.progress_text.text() == "Đã bỏ phiếu: 45 / 50 đại biểu có mặt"
    assert (page.progress_bar.done, page.progress_bar.total) == (45, 50)
    assert page.countdown_text.text() == "00:45"
    # During the vote the hall sees counts only: no delegate, no option.
    names = [d.name for d in hall.room.meeting.delegates.values()]
    for words in hall.shown_words():
        assert not any(name in words for name in names), words
        assert not any(o in words for o in ("Tán thành", "Không tán thành", "Không biểu quyết")), words
    assert texts_fit(hall.window) == []
    hall.save(screens, "open")
    hall.advance(40)
    assert page.countdown_text.text() == "00:05" and page._paper == AMBER  # the last seconds
    hall.save(screens, "open-last-seconds")

    hall.close(vote_id)
    assert hall.window.layout_shown == "result"
    result = hall.resolution()
    assert lines(result) == [
        "Tổng số đại biểu HĐND: 85",
        "Số đại biểu có mặt: 50",
        "Số đại biểu tham gia biểu quyết: 45",
        "Tán thành: 44 (51,76%)",
        "Không tán thành: 1 (1,18%)",
        "Không biểu quyết: 0 (0,00%)",
        "Chưa biểu quyết: 5 (5,88%)",
    ]
    rp = hall.window.result_page
    assert tuple(t.text() for t in rp.stat_texts[:3]) == result.stats
    assert rp.verdict_text.text() == "THÔNG QUA" and rp.verdict_text.background == PASSED_BG
    assert rp.header_text.text() == "Biểu quyết công khai · Nội dung 8/9 · Kết quả"
    assert rp.note_text.text() == ("Điều kiện thông qua: Quá nửa tổng số đại biểu "
                                   "(ít nhất 43/85 đại biểu tán thành)")
    # The painted bars: every option and Chưa biểu quyết, each of N, the line at half of N.
    assert [(b.label, b.count, b.percent) for b in rp.bars.bars] == [
        ("Tán thành", 44, "51,76%"), ("Không tán thành", 1, "1,18%"), ("Không biểu quyết", 0, "0,00%"),
        ("Chưa biểu quyết", 5, "5,88%")]
    assert rp.bars.n_total == 85 and rp.bars.marker == (1, 2) and rp.bars.marker_text == "Quá nửa: 43/85"
    assert not rp.table.isVisible()
    assert texts_fit(hall.window) == []
    hall.save(screens, "result-passed")
    assert rp.bars.fitted_px >= 30 * hall.window.scale  # the bars' words read from the back


@BY_SIZE
def test_forty_three_of_eighty_five_pass_forty_two_do_not(qtbot: QtBot, screens: Path,
                                                          size: tuple[int, int]) -> None:
    hall = Hall(qtbot, size)
    hall.check_in(60)
    hall.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    expected = {42: ("Tán thành: 42 (49,41%)", "KHÔNG THÔNG QUA", FAILED_BG),
                43: ("Tán thành: 43 (50,59%)", "THÔNG QUA", PASSED_BG)}
    for yes, (line, verdict, paper) in expected.items():
        # A show of hands: no countdown, no progress bar; the secretary enters the counts.
        vote_id = hall.create(kind="hands", title=f"Biểu quyết thử với {yes} đại biểu tán thành")
        hall.open(vote_id)
        assert hall.window.layout_shown == "vote"
        page = hall.window.vote_page
        assert page.countdown_panel.isHidden() and page.progress_bar.isHidden()
        assert page.progress_text.text() == "Số đại biểu có mặt: 60"
        assert page.hint_text.text() == "Đại biểu biểu quyết bằng hình thức giơ tay"
        if yes == 42:
            hall.save(screens, "open-hands")
        tally = {"tan_thanh": yes, "khong_tan_thanh": 10, "khong_bieu_quyet": 3}
        hall.cmd(SECRETARY_ACTOR, "vote.count_hands", {"vote_id": vote_id, "tally": tally})
        assert hall.window.layout_shown == "result"
        result = hall.resolution()
        assert line in lines(result)
        assert f"Chưa biểu quyết: {60 - yes - 13} ({'5,88%' if yes == 42 else '4,71%'})" in lines(result)
        rp = hall.window.result_page
        assert rp.verdict_text.text() == verdict and rp.verdict_text.background == paper
        assert rp.header_text.text().startswith("Biểu quyết giơ tay · ")
        assert texts_fit(hall.window) == []
        if yes == 42:
            hall.save(screens, "result-failed")


@BY_SIZE
def test_two_thirds_of_all_needs_fifty_seven_and_marks_two_thirds(qtbot: QtBot, screens: Path,
                                                                    size: tuple[int, int]) -> None:
    hall = Hall(qtbot, size)
    hall.check_in(70)
    hall.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    recall = "Bãi nhiệm đại biểu Hội đồng nhân dân tỉnh đối với ông Nguyễn Văn A"
    vote_id = hall.create(kind="secret", rule="two_thirds_of_all", title=recall)
    hall.open(vote_id)
    assert hall.window.vote_page.kind_text.text().startswith("Bỏ phiếu kín · ")
    hall.cast(vote_id, ["tan_thanh"] * 57 + ["khong_tan_thanh"] * 8 + ["khong_bieu_quyet"] * 2)
    assert hall.window.vote_page.progress_text.text() == "Đã bỏ phiếu: 67 / 70 đại biểu có mặt"
    hall.close(vote_id)
    result = hall.resolution()
    assert lines(result)[2:5] == ["Số đại biểu tham gia biểu quyết: 67", "Tán thành: 57 (67,06%)",
                                  "Không tán thành: 8 (9,41%)"]
    assert result.marker == (2, 3) and result.marker_text == "Hai phần ba: 57/85"
    assert result.verdict == "THÔNG QUA"
    assert result.rule_text == ("Điều kiện thông qua: Ít nhất hai phần ba tổng số đại biểu "
                                "(ít nhất 57/85 đại biểu tán thành)")
    assert texts_fit(hall.window) == []
    hall.save(screens, "result-two-thirds")

    # 56 of 85 is more than half but less than two thirds: not passed.
    vote_id = hall.create(kind="hands", rule="two_thirds_of_all", title=recall)
    hall.open(vote_id)
    hall.cmd(SECRETARY_ACTOR, "vote.count_hands",
             {"vote_id": vote_id, "tally": {"tan_thanh": 56, "khong_tan_thanh": 9, "khong_bieu_quyet": 2}})
    assert hall.resolution().verdict == "KHÔNG THÔNG QUA"
    assert "Tán thành: 56 (65,88%)" in lines(hall.resolution())


# -- confidence votes and elections ---------------------------------------------------------------


def confidence_ballots(splits: list[tuple[int, int, int]], subjects: list[str], blank: dict[int, str]) -> list[Any]:
    """Ballot i marks person p Tín nhiệm cao, Tín nhiệm or Tín nhiệm thấp by the person's split;
    `blank` leaves a person out of one ballot (a spoilt mark: still a ballot collected)."""
    ballots = []
    for i in range(sum(splits[0])):
        marks = {}
        for (high, mid, _low), subject in zip(splits, subjects, strict=True):
            marks[subject] = "tin_nhiem_cao" if i < high else "tin_nhiem" if i < high + mid else "tin_nhiem_thap"
        if i in blank:
            del marks[blank[i]]
        ballots.append(marks)
    return ballots


@BY_SIZE
def test_a_confidence_vote_shows_each_official_of_the_ballots_collected(qtbot: QtBot, screens: Path,
                                                                        size: tuple[int, int]) -> None:
    hall = Hall(qtbot, size)
    hall.check_in(50)
    hall.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    subjects = [{"id": f"p-{n:02d}", "name": name, "position": position}
                for n, (name, position) in enumerate(OFFICIALS, start=1)]
    ids = [s["id"] for s in subjects]
    vote_id = hall.create(kind="confidence", rule="confidence", options=["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"],
                          title="Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu",
                          subjects=subjects)
    hall.open(vote_id)
    assert hall.window.vote_page.kind_text.text().startswith("Lấy phiếu tín nhiệm · ")
    # 48 ballots of 50 issued. Person 2: 25 low (more than half, less than two thirds): may resign;
    # person 3: 32 low (two thirds): dismissal proposed; the others below half.
    splits = [(30, 12, 6), (10, 13, 25), (6, 10, 32)] + [(20 + n, 20 - n, 8) for n in range(9)]
    hall.cast(vote_id, confidence_ballots(splits, ids, {0: "p-12"}))
    assert hall.window.vote_page.progress_text.text() == "Đã bỏ phiếu: 48 / 50 đại biểu có mặt"
    hall.close(vote_id)
    assert hall.window.layout_shown == "result"
    people = hall.people()
    assert people.stats == ("Tổng số đại biểu HĐND: 85", "Số đại biểu có mặt: 50", "Số phiếu phát ra: 50",
                            "Số phiếu thu về: 48")
    assert people.columns == ("Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp")
    assert people.note == "Tỷ lệ tính trên số phiếu thu về (B = 48)"
    first, second, third = people.rows[:3]
    assert (first.name, first.position) == OFFICIALS[0]
    assert [c.line for c in first.counts] == ["Tín nhiệm cao: 30 (62,50%)", "Tín nhiệm: 12 (25,00%)",
                                              "Tín nhiệm thấp: 6 (12,50%)"]
    assert (first.mark, first.level) == ("Không", "plain")
    assert second.counts[2].line == "Tín nhiệm thấp: 25 (52,08%)"
    assert (second.mark, second.level) == ("Có thể xin từ chức", "warn")
    assert third.counts[2].line == "Tín nhiệm thấp: 32 (66,67%)"
    assert (third.mark, third.level) == ("Trình miễn nhiệm, bãi nhiệm", "bad")
    # A mark left out still counts the ballot in B: 27 of 48, not of 47.
    assert people.rows[11].counts[0].line == "Tín nhiệm cao: 27 (56,25%)"
    assert len(people.rows) == 12 and [r.number for r in people.rows] == list(range(1, 13))
    rp = hall.window.result_page
    assert rp.table.isVisible() and not rp.bars.isVisible() and not rp.verdict_text.isVisible()
    assert not rp.conclusion_text.isVisible()  # the table says it per person
    assert [c.text for c in rp.table.rows[1]][1:6] == [OFFICIALS[1][0], "10", "13", "25", "Có thể xin từ chức"]
    assert rp.table.rows[1][1].sub == OFFICIALS[1][1] and rp.table.rows[1][4].sub == "52,08%"
    assert texts_fit(hall.window) == []
    hall.save(screens, "result-confidence")
    assert rp.table.fit.px >= 24 * hall.window.scale, rp.table.fit


def test_a_no_confidence_vote_has_two_levels(qtbot: QtBot, screens: Path) -> None:
    hall = Hall(qtbot)
    hall.check_in(50)
    subjects = [{"id": "p-01", "name": OFFICIALS[4][0], "position": OFFICIALS[4][1]},
                {"id": "p-02", "name": OFFICIALS[5][0], "position": OFFICIALS[5][1]}]
    vote_id = hall.create(kind="confidence", rule="no_confidence", options=["tin_nhiem", "khong_tin_nhiem"],
                          title="Bỏ phiếu tín nhiệm đối với Giám đốc Sở Tài chính và Giám đốc Sở Xây dựng",
                          subjects=subjects)
    hall.open(vote_id)
    assert hall.window.vote_page.kind_text.text().startswith("Bỏ phiếu tín nhiệm")
    ballots = [{"p-01": "khong_tin_nhiem" if i < 25 else "tin_nhiem",
                "p-02": "khong_tin_nhiem" if i < 10 else "tin_nhiem"} for i in range(48)]
    hall.cast(vote_id, ballots)
    hall.close(vote_id)
    people = hall.people()
    assert people.kind_label == "Bỏ phiếu tín nhiệm" and people.columns == ("Tín nhiệm", "Không tín nhiệm")
    assert [c.line for c in people.rows[0].counts] == ["Tín nhiệm: 23 (47,92%)", "Không tín nhiệm: 25 (52,08%)"]
    assert (people.rows[0].mark, people.rows[0].level) == ("Trình miễn nhiệm, bãi nhiệm", "bad")
    assert (people.rows[1].mark, people.rows[1].level) == ("Không", "plain")
    assert texts_fit(hall.window) == []
    hall.save(screens, "result-no-confidence")


def candidates(count: int) -> list[dict[str, str]]:
    return [{"id": f"c-{n:02d}", "name": name, "position": position}
            for n, (name, position) in enumerate(CANDIDATES[:count], start=1)]


@BY_SIZE
def test_an_election_marks_who_is_elected_of_n(qtbot: QtBot, screens: Path, size: tuple[int, int]) -> None:
    hall = Hall(qtbot, size)
    hall.check_in(80)
    hall.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-04"})
    people = candidates(5)
    vote_id = hall.create(kind="election", rule="election", options=[p["id"] for p in people], seats=1,
                          title="Bầu Chủ tịch Hội đồng nhân dân tỉnh khóa XVI, nhiệm kỳ 2026–2031",
                          candidates=people, item_id="item-04")
    hall.open(vote_id)
    assert hall.window.vote_page.kind_text.text() == "Bầu chức danh · Nội dung 4/9"
    ballots = [["c-01"]] * 45 + [["c-02"]] * 20 + [["c-03"]] * 5 + [["c-04"]] * 3 + [["c-05"]] * 2
    hall.cast(vote_id, [*ballots, ["c-01", "c-02"]])  # two names for one post: an invalid ballot
    hall.close(vote_id)
    result = hall.people()
    assert result.stats == ("Tổng số đại biểu HĐND: 85", "Số đại biểu có mặt: 80", "Số phiếu phát ra: 80",
                            "Số phiếu thu về: 76", "Số phiếu hợp lệ: 75", "Số phiếu không hợp lệ: 1")
    assert [(r.name, r.counts[0].count, r.counts[0].percent, r.mark) for r in result.rows] == [
        ("Vũ Đình Khiêm", 45, "52,94%", "Trúng cử"),
        ("Trần Thị Minh Hạnh", 20, "23,53%", "Không trúng cử"),
        ("Lương Văn Thịnh", 5, "5,88%", "Không trúng cử"),
        ("Phạm Ngọc Sơn", 3, "3,53%", "Không trúng cử"),
        ("Nguyễn Hữu Tuấn", 2, "2,35%", "Không trúng cử"),
    ]
    assert result.conclusion == "Trúng cử: Vũ Đình Khiêm" and result.conclusion_level == "good"
    assert result.note.startswith("Số chức danh cần bầu: 1. ") and "(ít nhất 43 phiếu)" in result.note
    rp = hall.window.result_page
    assert rp.conclusion_text.text() == "Trúng cử: Vũ Đình Khiêm" and rp.conclusion_text.isVisible()
    bar_column = [c.bar for c in rp.table.columns].index(True)
    assert rp.table.columns[bar_column].marker == 0.5
    assert rp.table.rows[0][bar_column].fraction == pytest.approx(45 / 85)
    assert texts_fit(hall.window) == []
    hall.save(screens, "result-election")


@BY_SIZE
def test_a_tie_at_the_cut_off_calls_a_new_round(qtbot: QtBot, screens: Path, size: tuple[int, int]) -> None:
    hall = Hall(qtbot, size)
    hall.check_in(75)
    people = candidates(5)
    vote_id = hall.create(kind="election", rule="election", options=[p["id"] for p in people], seats=2,
                          title="Bầu Phó Chủ tịch Hội đồng nhân dân tỉnh khóa XVI", candidates=people)
    hall.open(vote_id)
    ballots = ([["c-01", "c-02"]] * 22 + [["c-01", "c-03"]] * 22 + [["c-02", "c-03"]] * 21
               + [["c-04"]] * 3 + [["c-05"]] * 2)
    hall.cast(vote_id, ballots)
    hall.close(vote_id)
    result = hall.people()
    assert [(r.counts[0].count, r.mark, r.level) for r in result.rows[:3]] == [
        (44, "Trúng cử", "good"), (43, TIE_LABEL, "warn"), (43, TIE_LABEL, "warn")]
    assert TIE_LABEL.startswith("Bằng phiếu") and "bầu lại" in TIE_LABEL
    assert result.conclusion == f"Trúng cử: Vũ Đình Khiêm · {TIE_LABEL}: Trần Thị Minh Hạnh, Lương Văn Thịnh"
    assert result.conclusion_level == "warn"
    assert texts_fit(hall.window) == []
    hall.save(screens, "result-election-tie")


@pytest.mark.parametrize("count", [20, 40, 85])
def test_long_tables_fit_the_screen_without_scrolling(qtbot: QtBot, screens: Path, count: int) -> None:
    """20 officials, 40, and every delegate's name: columns side by side or two-line rows, never
    a scrollbar; the size each got is checked against what the hall can read."""
    hall = Hall(qtbot)
    hall.check_in(85)
    delegates = list(hall.room.meeting.delegates.values())
    subjects = [{"id": f"p-{n:02d}", "name": d.name, "position": d.title} for n, d in enumerate(delegates[:count])]
    vote_id = hall.create(kind="confidence", rule="confidence", options=["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"],
                          title="Lấy phiếu tín nhiệm", subjects=subjects)
    hall.open(vote_id)
    marks = ["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"]
    hall.cast(vote_id, [{s["id"]: marks[(i + n) % 3] for n, s in enumerate(subjects)} for i in range(80)])
    hall.close(vote_id)
    table = hall.window.result_page.table
    assert len(table.rows) == count
    assert hall.window.findChildren(QAbstractScrollArea) == []
    assert texts_fit(hall.window) == []
    QApplication.processEvents()
    hall.save(screens, f"result-confidence-{count}")
    fit = table.fit
    # The whole table is inside the widget at the size chosen, measured at that size.
    width, height = table.size_of(fit)
    assert width <= table.width() and height <= table.height(), (width, height, table.size())
    minimum = {20: 20, 40: 18, 85: 13}[count]
    assert fit.px >= minimum, fit


# -- cancelled, and the vote screens among the others ---------------------------------------------


@BY_SIZE
def test_a_cancelled_vote_is_a_short_notice(qtbot: QtBot, screens: Path, size: tuple[int, int]) -> None:
    hall = Hall(qtbot, size)
    hall.check_in(50)
    hall.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    vote_id = hall.create()
    hall.open(vote_id)
    hall.cast(vote_id, ["tan_thanh"] * 10)
    hall.cmd(CHAIR_ACTOR, "vote.cancel", {"vote_id": vote_id, "reason": "Dự thảo nghị quyết còn sai sót ở Điều 2"})
    assert hall.window.layout_shown == "cancelled"
    page = hall.window.cancelled_page
    assert page.notice_text.text() == "Đã hủy biểu quyết: Dự thảo nghị quyết còn sai sót ở Điều 2"
    assert page.title_text.text() == TITLE
    assert texts_fit(hall.window) == []
    hall.save(screens, "cancelled")
    hall.advance(CANCELLED_HOLD_S - 1)
    assert hall.window.layout_shown == "cancelled"
    hall.advance(1.5)
    assert hall.window.layout_shown == "agenda"
    # Without a reason: the notice alone.
    vote_id = hall.create()
    hall.open(vote_id)
    hall.cmd(CHAIR_ACTOR, "vote.cancel", {"vote_id": vote_id, "reason": ""})
    assert page.notice_text.text() == "Đã hủy biểu quyết"


def test_a_vote_comes_before_the_speaker_and_a_result_until_the_chair_moves_on(qtbot: QtBot,
                                                                                screens: Path) -> None:
    hall = Hall(qtbot)
    hall.check_in(50)
    hall.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    hall.cmd(seat_of("db-030"), "speak.request", {"kind": "discussion"})
    hall.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": hall.room.meeting.speaking.waiting()[0].request_id})
    assert hall.window.layout_shown == "speaker"
    speaker = hall.room.meeting.delegates["db-030"].name

    # An open vote wins over the speaker; the speaker's name and time go to the footer.
    vote_id = hall.create()
    hall.open(vote_id)
    assert hall.window.layout_shown == "vote"
    assert hall.window.document_speaker_text.text().startswith(f"Đang phát biểu: {speaker} · ")
    hall.cast(vote_id, ["tan_thanh"] * 45)
    hall.close(vote_id)
    assert hall.window.layout_shown == "result"
    assert hall.window.document_speaker_text.text().startswith(f"Đang phát biểu: {speaker} · ")
    hall.save(screens, "result-over-speaker")

    # The result stays RESULT_HOLD_S, then the speaker comes back.
    hall.advance(RESULT_HOLD_S - 1)
    assert hall.window.layout_shown == "result"
    hall.advance(1.5)
    assert hall.window.layout_shown == "speaker"
    assert hall.window.document_speaker_text.text() == ""

    # Another vote: opened wins, its result replaces; presenting a page dismisses the result.
    vote_id = hall.create()
    hall.open(vote_id)
    hall.close(vote_id)
    assert hall.window.layout_shown == "result"
    assert hall.resolution().verdict == "KHÔNG THÔNG QUA"  # nobody voted: 0 of 85
    add_document(hall.conn, "doc-du-toan", "Tờ trình dự toán", 4, ITEM)
    assert hall.window.layout_shown == "result"  # a document added is not presented
    hall.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-du-toan", "page": 1})
    assert hall.window.layout_shown == "document"

    # A result over a presented page, dismissed by the chair activating another item.
    vote_id = hall.create()
    hall.open(vote_id)
    assert hall.window.layout_shown == "vote"
    hall.close(vote_id)
    assert hall.window.layout_shown == "result"
    hall.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": ITEM})
    assert hall.window.layout_shown == "result"  # completing the item keeps its result up
    hall.cmd(CHAIR_ACTOR, "present.stop", {})
    assert hall.window.layout_shown == "result"
    hall.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-09"})
    assert hall.window.layout_shown == "agenda"

    # A result, then another vote opened: the new vote shows, then its own result.
    vote_id = hall.create()
    hall.open(vote_id)
    hall.close(vote_id)
    second = hall.create(title="Nghị quyết thứ hai")
    hall.open(second)
    assert hall.window.layout_shown == "vote"
    assert hall.window.vote_page.title_text.text() == "Nghị quyết thứ hai"


def test_a_display_started_after_a_close_still_shows_the_fresh_result(qtbot: QtBot) -> None:
    room = MemoryRoom()
    room.now = T0
    for n in range(1, 51):
        room.cmd(seat_of(f"db-{n:03d}"), "attendance.check_in", {})
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    [created] = room.cmd(CHAIR_ACTOR, "vote.create", {"item_id": ITEM, "title": TITLE, "kind": "open",
                                                      "options": RESOLUTION, "rule": "majority_of_all",
                                                      "duration_s": 0})
    vote_id = created.data["vote_id"]
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for n in range(1, 44):
        room.cmd(seat_of(f"db-{n:03d}"), "vote.cast", cast_args(KEYS, vote_id, "tan_thanh"))
    room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    hall = Hall(qtbot, room=room)
    hall.clock.advance(30)
    hall.window.tick()
    assert hall.window.layout_shown == "result" and hall.resolution().verdict == "THÔNG QUA"
    hall.advance(RESULT_HOLD_S)
    assert hall.window.layout_shown == "agenda"

    # An item activated after the close: the result was dismissed before this display started
    # (its clock is back at the close, well within the result's time).
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-09"})
    assert Hall(qtbot, room=room).window.layout_shown == "agenda"


# -- against the real room server -----------------------------------------------------------------


@pytest.mark.slow
def test_the_display_follows_a_vote_in_the_room(server: ServerProcess, tmp_path: Path, qtbot: QtBot,
                                                qloop: qasync.QEventLoop, screens: Path) -> None:
    qloop.run_until_complete(asyncio.wait_for(room_scenario(server, tmp_path, qtbot, screens), patience(90)))


async def room_scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    secretary = await enrolled_client(tmp_path / "secretary", server.card("secretary")["link"], "Thư ký")
    seats = [await enrolled_client(tmp_path / f"seat-{d}", server.card("delegate", d)["link"], "Ghế")
             for d in ("db-030", "db-031", "db-032")]
    display = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình", start=False)
    model = DisplayViewModel(display, StandInFetcher())  # type: ignore[arg-type]
    window = DisplayWindow(model, lambda document: b"")
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    display.start()

    async def ok(client: Connection, name: str, args: dict[str, Any]) -> dict[str, Any]:
        answer = await client.request(name, args, timeout=patience(5))
        assert answer["type"] == "ack", answer
        return answer

    try:
        await wait_until(lambda: display.status.kind == "online" and model.state.meeting is not None,
                         what="online")
        for seat in seats:
            await ok(seat, "attendance.check_in", {})
        for delegate in ("db-040", "db-041"):
            await ok(secretary, "attendance.check_in", {"delegate_id": delegate})
        await ok(chair, "agenda.activate", {"item_id": ITEM})
        await ok(chair, "vote.create", {"item_id": ITEM, "title": TITLE, "kind": "open", "options": RESOLUTION,
                                        "rule": "majority_of_all", "duration_s": 10})
        await wait_until(lambda: len(model.state.votes) == 1, what="the vote created")
        [vote_id] = model.state.votes
        await ok(chair, "vote.open", {"vote_id": vote_id})
        await wait_until(lambda: window.layout_shown == "vote", what="the vote layout")
        page = window.vote_page
        assert page.progress_text.text() == "Đã bỏ phiếu: 0 / 5 đại biểu có mặt"
        assert page.countdown_text.text() in ("00:10", "00:09")  # on the room clock
        for seat, choice in zip(seats, ("tan_thanh", "tan_thanh", "khong_tan_thanh"), strict=True):
            await ok(seat, "vote.cast", cast_args(seat.keys, vote_id, choice))
        await wait_until(lambda: page.progress_text.text() == "Đã bỏ phiếu: 3 / 5 đại biểu có mặt",
                         what="three ballots counted")
        # Nobody closes it: the room does when its time is up, and the display follows.
        await wait_until(lambda: window.layout_shown == "result", timeout=20, what="the result layout")
        result = window.result_page.result
        assert isinstance(result, ResolutionResult)
        assert lines(result) == [
            "Tổng số đại biểu HĐND: 85", "Số đại biểu có mặt: 5", "Số đại biểu tham gia biểu quyết: 3",
            "Tán thành: 2 (2,35%)", "Không tán thành: 1 (1,18%)", "Không biểu quyết: 0 (0,00%)",
            "Chưa biểu quyết: 2 (2,35%)"]
        assert window.result_page.verdict_text.text() == "KHÔNG THÔNG QUA"
        assert model.state.votes[vote_id].result["closed_by"] == "time"  # type: ignore[index]
        await asyncio.sleep(0.1)
        window.grab().save(str(screens / "display-vote-live-result-1280x720.png"))
    finally:
        window.close()
        for conn in (display, *seats, secretary, chair):
            await conn.stop()
