"""The speaking queue and attendance: ordering, priority, the chair's calls, timers, absences, quorum."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.attendance import STATUS_LABELS, quorum, status_of
from app.clock import FixedClock, iso
from app.errors import DomainError
from app.model import Actor, MeetingState, SpeechRequest
from app.reducer import MEETING_COMMANDS, SERVER_COMMANDS, replay
from app.speaking_time import elapsed_s, remaining_s, speaker_stats, warning_level
from tests.domain_log import CHAIR_ACTOR, DISPLAY_ACTOR, SECRETARY_ACTOR, TECH_ACTOR, MemoryRoom, seat_of
from tests.test_domain_commands import refused

ITEM = "item-07"  # Thảo luận ... kế hoạch phát triển kinh tế – xã hội năm 2027
NEXT_ITEM = "item-08"


def open_room(item_id: str = ITEM) -> MemoryRoom:
    room = MemoryRoom()
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": item_id})
    return room


def ask(room: MemoryRoom, delegate_id: str, kind: str = "discussion", **extra: Any) -> str:
    [event] = room.cmd(seat_of(delegate_id), "speak.request", {"kind": kind, **extra})
    return str(event.data["request_id"])


def queue(room: MemoryRoom) -> list[tuple[str, str]]:
    return [(r.delegate_id, r.kind) for r in room.meeting.speaking.waiting()]


def speak(room: MemoryRoom, request_id: str, seconds: float, limit_s: int | None = None) -> None:
    args: dict[str, Any] = {"request_id": request_id}
    if limit_s is not None:
        args["limit_s"] = limit_s
    room.cmd(CHAIR_ACTOR, "speak.grant", args)
    room.tick(seconds)
    room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": request_id})


def request(room: MemoryRoom, request_id: str) -> SpeechRequest:
    return room.meeting.speaking.requests[request_id]


# -- registration ------------------------------------------------------------------------------


def test_requests_queue_in_registration_order_for_the_active_item() -> None:
    room = open_room()
    [event] = room.cmd(seat_of("db-020"), "speak.request", {"kind": "discussion"})
    assert event.name == "speak.requested"
    assert event.data == {"request_id": f"req-{event.seq}", "delegate_id": "db-020", "item_id": ITEM,
                          "kind": "discussion", "position": 1, "answer_to": None}
    room.tick(2)
    ask(room, "db-031", "question")
    ask(room, "db-044", "debate")
    ask(room, "db-020", "question")  # another kind by the same delegate is a separate request
    assert queue(room) == [("db-020", "discussion"), ("db-031", "question"), ("db-044", "debate"),
                           ("db-020", "question")]
    assert [r.position for r in room.meeting.speaking.waiting()] == [1, 2, 3, 4]
    first = request(room, event.data["request_id"])
    assert (first.status, first.requested_at, first.item_id) == ("waiting", event.at, ITEM)


def test_one_waiting_request_per_kind_and_item() -> None:
    room = open_room()
    first = ask(room, "db-020")
    error = refused(room, seat_of("db-020"), "speak.request", {"kind": "discussion"}, "conflict")
    assert error.message == "Đại biểu đã đăng ký phát biểu về nội dung này và đang chờ đến lượt."
    assert error.detail == {"reason": "already_waiting", "kind": "discussion"}
    room.cmd(seat_of("db-020"), "speak.withdraw", {"request_id": first})
    ask(room, "db-020")  # withdrawn, the delegate may ask again


def test_nothing_active_means_no_registration() -> None:
    room = MemoryRoom()
    error = refused(room, seat_of("db-020"), "speak.request", {"kind": "discussion"}, "conflict")
    assert error.message == "Chưa có nội dung nào đang được thảo luận nên chưa thể đăng ký phát biểu."


def test_an_offline_request_arriving_after_its_item_closed_is_refused_in_words() -> None:
    room = open_room()
    # The seat saw item-07 when the delegate asked; meanwhile the chair moved on.
    room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": ITEM})
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": NEXT_ITEM})
    error = refused(room, seat_of("db-020"), "speak.request", {"kind": "discussion", "item_id": ITEM}, "conflict")
    assert error.message == (
        "Nội dung «Thảo luận và thông qua các nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2027» "
        "đã kết thúc nên không còn nhận đăng ký phát biểu. Yêu cầu này không được ghi nhận."
    )
    assert error.detail == {"reason": "item_closed", "item_id": ITEM, "active_item": NEXT_ITEM}
    # An item left for another without being completed is not "over", and says so.
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-09"})
    paused = refused(room, seat_of("db-020"), "speak.request", {"kind": "debate", "item_id": NEXT_ITEM}, "conflict")
    assert "hiện không được thảo luận" in paused.message
    refused(room, seat_of("db-020"), "speak.request", {"kind": "debate", "item_id": "item-99"}, "not_found")
    # The same request naming the item that is open is taken.
    assert ask(room, "db-020", "debate", item_id="item-09")


def test_at_most_two_discussion_speeches_per_item_with_their_own_limits() -> None:
    room = open_room()
    first = ask(room, "db-020")
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": first})
    assert request(room, first).limit_s == 420  # first speech: 7 min
    # Asking for the second speech while still speaking is allowed: the first is not waiting.
    second = ask(room, "db-020")
    room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": first})
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": second})
    assert request(room, second).limit_s == 180  # second speech: 3 min
    error = refused(room, seat_of("db-020"), "speak.request", {"kind": "discussion"}, "conflict")
    assert error.message == "Mỗi đại biểu phát biểu không quá 2 lần về một nội dung."
    assert error.detail == {"reason": "speech_limit", "kind": "discussion", "spoken": 2}
    ask(room, "db-020", "debate")  # the limit is on discussion speeches only
    # On another item the count starts again.
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": NEXT_ITEM})
    ask(room, "db-020")


def test_a_point_of_order_goes_ahead_of_other_kinds() -> None:
    room = open_room()
    ask(room, "db-020")
    ask(room, "db-021", "question")
    ask(room, "db-022", "point_of_order")
    ask(room, "db-023", "point_of_order")
    assert queue(room) == [("db-022", "point_of_order"), ("db-023", "point_of_order"),
                           ("db-020", "discussion"), ("db-021", "question")]


def test_the_asker_debates_the_answer_to_their_question_first() -> None:
    room = open_room()
    question = ask(room, "db-030", "question")
    ask(room, "db-040", "debate")
    ask(room, "db-041", "discussion")
    ask(room, "db-042", "debate")
    # A question still waiting gives no priority yet.
    early = ask(room, "db-030", "debate")
    assert request(room, early).answer_to is None and request(room, early).position == 5
    room.cmd(seat_of("db-030"), "speak.withdraw", {"request_id": early})

    speak(room, question, 120)
    [event] = room.cmd(seat_of("db-030"), "speak.request", {"kind": "debate"})
    assert event.data["answer_to"] == question and event.data["position"] == 1
    assert queue(room) == [("db-030", "debate"), ("db-040", "debate"), ("db-041", "discussion"),
                           ("db-042", "debate")]
    # A second asker lines up behind the first, still ahead of the debates without priority.
    other_question = ask(room, "db-050", "question")
    room.cmd(CHAIR_ACTOR, "speak.reorder", {"request_id": other_question, "position": 1})
    speak(room, other_question, 60)
    ask(room, "db-050", "debate")
    assert queue(room)[:3] == [("db-030", "debate"), ("db-050", "debate"), ("db-040", "debate")]

    # The priority is for debating that answer once: the next debate request queues normally.
    speak(room, event.data["request_id"], 90)
    [later] = room.cmd(seat_of("db-030"), "speak.request", {"kind": "debate"})
    assert later.data["answer_to"] is None and queue(room)[-1] == ("db-030", "debate")


def test_a_delegate_device_without_a_delegate_of_this_meeting_cannot_ask() -> None:
    room = open_room()
    refused(room, Actor("dev-x", "delegate", "db-999"), "speak.request", {"kind": "discussion"}, "not_found")


# -- the chair's calls --------------------------------------------------------------------------


def test_reorder_moves_a_waiting_request_and_is_logged() -> None:
    room = open_room()
    ids = [ask(room, f"db-0{n}") for n in range(20, 25)]
    [event] = room.cmd(SECRETARY_ACTOR, "speak.reorder", {"request_id": ids[3], "position": 1})
    assert event.data == {"request_id": ids[3], "position": 1, "from": 4}
    assert [r.request_id for r in room.meeting.speaking.waiting()] == [ids[3], ids[0], ids[1], ids[2], ids[4]]
    # Dropped past the end, it lands last; the event says where it really went.
    [event] = room.cmd(CHAIR_ACTOR, "speak.reorder", {"request_id": ids[0], "position": 99})
    assert event.data == {"request_id": ids[0], "position": 5, "from": 2}
    assert [r.position for r in room.meeting.speaking.waiting()] == [1, 2, 3, 4, 5]
    error = refused(room, CHAIR_ACTOR, "speak.reorder", {"request_id": ids[0], "position": 5}, "conflict")
    assert error.message == "Yêu cầu đã ở vị trí 5 trong danh sách."
    refused(room, seat_of("db-020"), "speak.reorder", {"request_id": ids[0], "position": 1}, "forbidden")
    refused(room, CHAIR_ACTOR, "speak.reorder", {"request_id": ids[0], "position": 0}, "bad_request")
    refused(room, CHAIR_ACTOR, "speak.reorder", {"request_id": "req-1", "position": 1}, "not_found")
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": ids[1]})
    refused(room, CHAIR_ACTOR, "speak.reorder", {"request_id": ids[1], "position": 1}, "conflict")


def test_the_requester_or_the_chair_withdraws() -> None:
    room = open_room()
    mine = ask(room, "db-020")
    theirs = ask(room, "db-021")
    error = refused(room, seat_of("db-021"), "speak.withdraw", {"request_id": mine}, "forbidden")
    assert error.message == "Đại biểu chỉ rút được yêu cầu phát biểu của chính mình."
    refused(room, SECRETARY_ACTOR, "speak.withdraw", {"request_id": mine}, "forbidden")
    [event] = room.cmd(seat_of("db-020"), "speak.withdraw", {"request_id": mine})
    assert event.data == {"request_id": mine, "delegate_id": "db-020", "by": "delegate"}
    assert request(room, mine).status == "withdrawn" and request(room, theirs).position == 1
    [event] = room.cmd(CHAIR_ACTOR, "speak.withdraw", {"request_id": theirs})
    assert event.data["by"] == "chair" and room.meeting.speaking.waiting() == []
    again = refused(room, seat_of("db-020"), "speak.withdraw", {"request_id": mine}, "conflict")
    assert again.message == "Yêu cầu phát biểu này đã được rút."


def test_one_speaker_at_a_time_and_the_limits_of_a_grant() -> None:
    room = open_room()
    first, second = ask(room, "db-020"), ask(room, "db-021", "debate")
    refused(room, CHAIR_ACTOR, "speak.grant", {"request_id": first, "limit_s": 9}, "bad_request")
    refused(room, CHAIR_ACTOR, "speak.grant", {"request_id": first, "limit_s": 3601}, "bad_request")
    refused(room, CHAIR_ACTOR, "speak.grant", {"request_id": first, "limit_s": "60"}, "bad_request")
    refused(room, seat_of("db-020"), "speak.grant", {"request_id": first}, "forbidden")
    refused(room, SECRETARY_ACTOR, "speak.grant", {"request_id": first}, "forbidden")
    # Out of registration order is the chair's right; the event keeps the position it was called from.
    [event] = room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": second, "limit_s": 3600})
    assert event.data == {"request_id": second, "delegate_id": "db-021", "kind": "debate", "limit_s": 3600,
                          "position": 2}
    speaking = request(room, second)
    assert (speaking.status, speaking.granted_at, speaking.position) == ("speaking", event.at, None)
    assert room.meeting.speaking.speaker == second and request(room, first).position == 1
    error = refused(room, CHAIR_ACTOR, "speak.grant", {"request_id": first}, "conflict")
    assert error.detail == {"reason": "floor_taken", "speaker": second}
    refused(room, CHAIR_ACTOR, "speak.grant", {"request_id": second}, "conflict")
    refused(room, CHAIR_ACTOR, "speak.grant", {"request_id": "req-404"}, "not_found")


@pytest.mark.parametrize(("kind", "limit"), [("debate", 180), ("question", 180), ("point_of_order", 60)])
def test_default_limits_come_from_the_meeting_settings(kind: str, limit: int) -> None:
    room = open_room()
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": ask(room, "db-020", kind)})
    assert room.meeting.speaking.current().limit_s == limit  # type: ignore[union-attr]


def test_changed_settings_change_the_default_limits() -> None:
    room = open_room()
    room.cmd(TECH_ACTOR, "meeting.update", {"settings": {"speak_first_s": 300, "point_of_order_s": 5}})
    first = ask(room, "db-020")
    speak(room, first, 10)
    assert request(room, first).limit_s == 300
    order = ask(room, "db-021", "point_of_order")
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": order})
    assert request(room, order).limit_s == 10  # a setting below what a grant may carry is raised to it


def test_end_records_the_duration_between_the_two_event_times() -> None:
    room = open_room()
    rid = ask(room, "db-020")
    [granted] = room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": rid})
    # The log keeps whole milliseconds (cut, not rounded): 181.4996 s is 181.499 s there.
    room.tick(181.4996)
    refused(room, seat_of("db-020"), "speak.end", {"request_id": rid}, "forbidden")
    [ended] = room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": rid})
    assert ended.data == {"request_id": rid, "delegate_id": "db-020", "duration_s": 181}
    done = request(room, rid)
    assert (done.status, done.granted_at, done.ended_at, done.duration_s) == ("done", granted.at, ended.at, 181)
    assert room.meeting.speaking.speaker is None
    error = refused(room, CHAIR_ACTOR, "speak.end", {"request_id": rid}, "conflict")
    assert error.message == "Đại biểu này hiện không phát biểu."
    waiting = ask(room, "db-021")
    refused(room, CHAIR_ACTOR, "speak.end", {"request_id": waiting}, "conflict")


def test_the_chair_extends_the_current_speech() -> None:
    room = open_room()
    rid = ask(room, "db-020", "debate")
    refused(room, CHAIR_ACTOR, "speak.extend", {"request_id": rid, "add_s": 60}, "conflict")
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": rid, "limit_s": 60})
    room.tick(50)
    assert remaining_s(room.meeting, room.now) == 10
    [event] = room.cmd(CHAIR_ACTOR, "speak.extend", {"request_id": rid, "add_s": 120})
    assert event.data == {"request_id": rid, "add_s": 120, "limit_s": 180}
    room.cmd(CHAIR_ACTOR, "speak.extend", {"request_id": rid, "add_s": 10})
    assert (request(room, rid).limit_s, request(room, rid).extended_s) == (190, 130)
    assert remaining_s(room.meeting, room.now) == 140
    refused(room, CHAIR_ACTOR, "speak.extend", {"request_id": rid, "add_s": 9}, "bad_request")
    refused(room, CHAIR_ACTOR, "speak.extend", {"request_id": rid, "add_s": 3601}, "bad_request")
    refused(room, SECRETARY_ACTOR, "speak.extend", {"request_id": rid, "add_s": 60}, "forbidden")


# -- the agenda closes the queue ----------------------------------------------------------------


def test_another_item_lapses_the_waiting_and_ends_the_speaker() -> None:
    room = open_room()
    speaker, waiting, gone = ask(room, "db-020"), ask(room, "db-021"), ask(room, "db-022", "question")
    room.cmd(seat_of("db-022"), "speak.withdraw", {"request_id": gone})
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": speaker})
    room.tick(95)
    [activated] = room.cmd(SECRETARY_ACTOR, "agenda.activate", {"item_id": NEXT_ITEM})
    assert request(room, waiting).status == "lapsed" and request(room, waiting).position is None
    assert request(room, gone).status == "withdrawn"
    ended = request(room, speaker)
    assert (ended.status, ended.ended_at, ended.duration_s) == ("done", activated.at, 95)
    assert room.meeting.speaking.speaker is None and room.meeting.speaking.waiting() == []
    refused(room, CHAIR_ACTOR, "speak.grant", {"request_id": waiting}, "conflict")
    # The new item opens its own registration.
    ask(room, "db-021")
    assert [r.item_id for r in room.meeting.speaking.waiting()] == [NEXT_ITEM]
    assert replay(MeetingState(), room.events) == room.meeting


def test_completing_the_item_closes_its_registration() -> None:
    room = open_room()
    rid = ask(room, "db-020")
    room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": ITEM})
    assert request(room, rid).status == "lapsed"
    refused(room, seat_of("db-021"), "speak.request", {"kind": "discussion"}, "conflict")
    # Completing some other item leaves the open queue alone.
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": NEXT_ITEM})
    kept = ask(room, "db-021")
    room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": "item-09"})
    assert request(room, kept).status == "waiting"


def test_a_removed_delegate_leaves_the_queue() -> None:
    room = open_room()
    first, second = ask(room, "db-020"), ask(room, "db-021")
    room.cmd(TECH_ACTOR, "delegate.remove", {"delegate_id": "db-020"})
    assert request(room, first).status == "lapsed" and request(room, second).position == 1


# -- statistics and timers ----------------------------------------------------------------------


def test_statistics_per_delegate_per_item_and_per_sitting() -> None:
    room = open_room()
    speak(room, ask(room, "db-020"), 300)
    speak(room, ask(room, "db-021", "question"), 100)
    speak(room, ask(room, "db-020"), 150)
    ask(room, "db-022")  # waiting: never had the floor
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": NEXT_ITEM})
    speak(room, ask(room, "db-020", "debate"), 60)
    on_item = speaker_stats(room.meeting, ITEM)
    assert {k: (s.speeches, s.total_s) for k, s in on_item.items()} == {"db-020": (2, 450), "db-021": (1, 100)}
    sitting = speaker_stats(room.meeting)
    assert (sitting["db-020"].speeches, sitting["db-020"].total_s) == (3, 510)
    assert sitting["db-020"].by_kind == {"discussion": 2, "debate": 1}
    # The speech in progress counts only when the caller gives the time.
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": ask(room, "db-021")})
    room.tick(42)
    assert "db-021" not in speaker_stats(room.meeting, NEXT_ITEM)
    assert speaker_stats(room.meeting, NEXT_ITEM, now=room.now)["db-021"].total_s == 42


def test_timer_counts_down_with_an_injected_clock() -> None:
    clock = FixedClock()
    speech = SpeechRequest("req-9", "db-020", ITEM, "debate", iso(clock.now()), status="speaking",
                           granted_at=iso(clock.now()), limit_s=180)
    assert remaining_s(speech, clock.now()) == 180
    clock.advance(149)
    assert (remaining_s(speech, clock.now()), warning_level(31)) == (31, "normal")
    clock.advance(1)
    assert remaining_s(speech, clock.now()) == 30 and warning_level(30) == "warn"
    clock.advance(30)
    assert remaining_s(speech, clock.now()) == 0 and warning_level(0) == "warn"
    clock.advance(0.5)
    assert remaining_s(speech, clock.now()) == -0.5 and warning_level(-0.5) == "over"
    # An ended speech stays where it ended, whatever the clock says.
    ended = SpeechRequest("req-9", "db-020", ITEM, "debate", speech.requested_at, status="done",
                          granted_at=speech.granted_at, limit_s=180,
                          ended_at=iso(clock.now() - timedelta(seconds=100.5)), duration_s=80)
    clock.advance(1000)
    assert remaining_s(ended, clock.now()) == 100
    assert remaining_s(MeetingState(), clock.now()) is None
    waiting = SpeechRequest("req-10", "db-021", ITEM, "debate", speech.requested_at)
    assert remaining_s(waiting, clock.now()) is None


def test_a_device_clock_trailing_the_grant_shows_the_full_limit_not_more() -> None:
    # The room clock estimated from the welcome lags the server by the transit time: a speech
    # granted "in the future" by a few ms must read 07:00, not 07:01.
    clock = FixedClock()
    speech = SpeechRequest("req-9", "db-020", ITEM, "discussion", iso(clock.now()), status="speaking",
                           granted_at=iso(clock.now() + timedelta(milliseconds=7)), limit_s=420)
    assert remaining_s(speech, clock.now()) == 420


def test_elapsed_seconds_round_and_never_go_negative() -> None:
    assert elapsed_s("2026-12-10T08:00:00.000Z", "2026-12-10T08:00:00.499Z") == 0
    assert elapsed_s("2026-12-10T08:00:00.000Z", "2026-12-10T08:00:00.500Z") == 1
    assert elapsed_s("2026-12-10T08:00:00.000Z", "2026-12-10T09:00:00.000Z") == 3600
    assert elapsed_s("2026-12-10T08:00:05.000Z", "2026-12-10T08:00:00.000Z") == 0


# -- permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MEETING_COMMANDS))
def test_the_display_can_send_nothing(name: str) -> None:
    room = open_room()
    error = refused(room, DISPLAY_ACTOR, name, {}, "forbidden")
    assert error.message == "Vai trò Màn hình hội trường không được thực hiện lệnh này."


def test_the_display_cannot_touch_the_server_log_either() -> None:
    room = MemoryRoom()
    for name in SERVER_COMMANDS:
        with pytest.raises(DomainError) as caught:
            room.server_cmd(DISPLAY_ACTOR, name, {})
        assert caught.value.code == "forbidden"


@pytest.mark.parametrize("actor", [CHAIR_ACTOR, SECRETARY_ACTOR, TECH_ACTOR])
def test_only_a_delegate_seat_asks_for_the_floor(actor: Actor) -> None:
    refused(open_room(), actor, "speak.request", {"kind": "discussion"}, "forbidden")


@pytest.mark.parametrize(
    "args",
    [{"kind": "speech"}, {"kind": "Discussion"}, {}, {"kind": "debate", "urgent": True}, {"kind": 1},
     {"kind": "debate", "item_id": ""}],
)
def test_malformed_requests_are_bad_requests(args: dict[str, Any]) -> None:
    refused(open_room(), seat_of("db-020"), "speak.request", args, "bad_request")


# -- attendance ---------------------------------------------------------------------------------


def test_the_secretary_records_absences_and_a_check_in_clears_them() -> None:
    room = MemoryRoom()
    [event] = room.cmd(SECRETARY_ACTOR, "attendance.absence",
                       {"delegate_id": "db-040", "excused": True, "reason": " Đi công tác "})
    assert event.data == {"delegate_id": "db-040", "excused": True, "reason": "Đi công tác"}
    assert STATUS_LABELS[status_of(room.meeting, "db-040")] == "Vắng có lý do"
    room.cmd(CHAIR_ACTOR, "attendance.absence", {"delegate_id": "db-041", "excused": False})
    assert STATUS_LABELS[status_of(room.meeting, "db-041")] == "Vắng không có lý do"
    assert status_of(room.meeting, "db-042") == "not_checked_in"
    # The reason arrived later: the record is replaced; the very same record again is a conflict.
    room.cmd(SECRETARY_ACTOR, "attendance.absence", {"delegate_id": "db-041", "excused": True, "reason": "Ốm"})
    assert status_of(room.meeting, "db-041") == "excused"
    refused(room, SECRETARY_ACTOR, "attendance.absence", {"delegate_id": "db-041", "excused": True, "reason": "Ốm"},
            "conflict")
    error = refused(room, SECRETARY_ACTOR, "attendance.absence",
                    {"delegate_id": "db-043", "excused": True, "reason": "  "}, "bad_request")
    assert error.message == "Vắng có lý do cần ghi rõ lý do."
    room.cmd(seat_of("db-040"), "attendance.check_in", {})
    assert status_of(room.meeting, "db-040") == "present" and "db-040" not in room.meeting.absences
    error = refused(room, SECRETARY_ACTOR, "attendance.absence", {"delegate_id": "db-040", "excused": False},
                    "conflict")
    assert error.message == "Đại biểu đã điểm danh có mặt nên không thể ghi vắng mặt."
    refused(room, SECRETARY_ACTOR, "attendance.absence", {"delegate_id": "db-999", "excused": False}, "not_found")
    refused(room, seat_of("db-044"), "attendance.absence", {"delegate_id": "db-044", "excused": False}, "forbidden")
    refused(room, SECRETARY_ACTOR, "attendance.absence", {"delegate_id": "db-044", "excused": "yes"}, "bad_request")
    assert replay(MeetingState(), room.events) == room.meeting


def check_in(room: MemoryRoom, count: int) -> None:
    for n in range(1, count + 1):
        delegate_id = f"db-{n:03d}"
        if delegate_id not in room.meeting.present:
            room.cmd(SECRETARY_ACTOR, "attendance.check_in", {"delegate_id": delegate_id})


def test_quorum_is_two_thirds_of_all_and_says_when_nothing_can_pass() -> None:
    room = MemoryRoom()
    check_in(room, 42)
    q = quorum(room.meeting)
    assert (q.present, q.n_total, q.required, q.met, q.cannot_pass) == (42, 85, 57, False, True)
    check_in(room, 43)  # 2 * 43 = 86 > 85: a unanimous hall could now pass a decision
    assert not quorum(room.meeting).cannot_pass
    check_in(room, 56)
    assert not quorum(room.meeting).met and not room.meeting.quorum_met()
    check_in(room, 57)
    assert quorum(room.meeting).met and room.meeting.quorum_met()
    room.cmd(TECH_ACTOR, "meeting.update", {"settings": {"quorum_num": 1, "quorum_den": 2}})
    q = quorum(room.meeting)
    assert (q.required, q.quorum_num, q.quorum_den, q.met) == (43, 1, 2, True)
    assert not quorum(MeetingState()).met


# -- properties ---------------------------------------------------------------------------------

DELEGATES = ["db-020", "db-021", "db-022", "db-023", "db-024"]
ITEMS = [ITEM, NEXT_ITEM, "item-09"]
KINDS = ["discussion", "debate", "question", "point_of_order"]
ACTORS = {"chair": CHAIR_ACTOR, "secretary": SECRETARY_ACTOR, "delegate": seat_of("db-020")}

speaking_steps = st.lists(
    st.one_of(
        st.tuples(st.just("request"), st.sampled_from(DELEGATES), st.sampled_from(KINDS)),
        st.tuples(st.just("withdraw"), st.integers(0, 30), st.sampled_from(list(ACTORS))),
        st.tuples(st.just("reorder"), st.integers(0, 30), st.integers(1, 8)),
        st.tuples(st.just("grant"), st.integers(0, 30), st.sampled_from([None, 5, 60, 4000])),
        st.tuples(st.just("end"), st.integers(0, 30), st.just(None)),
        st.tuples(st.just("extend"), st.integers(0, 30), st.integers(0, 300)),
        st.tuples(st.just("activate"), st.sampled_from(ITEMS), st.just(None)),
        st.tuples(st.just("complete"), st.sampled_from(ITEMS), st.just(None)),
    ),
    max_size=40,
)


def _step(room: MemoryRoom, step: tuple[Any, Any, Any]) -> None:
    kind, a, b = step
    ids = list(room.meeting.speaking.requests)
    pick = ids[a % len(ids)] if ids and isinstance(a, int) else "req-0"
    if kind == "request":
        room.cmd(seat_of(a), "speak.request", {"kind": b})
    elif kind == "withdraw":
        room.cmd(ACTORS[b], "speak.withdraw", {"request_id": pick})
    elif kind == "reorder":
        room.cmd(CHAIR_ACTOR, "speak.reorder", {"request_id": pick, "position": b})
    elif kind == "grant":
        room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": pick} | ({} if b is None else {"limit_s": b}))
    elif kind == "end":
        room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": pick})
    elif kind == "extend":
        room.cmd(CHAIR_ACTOR, "speak.extend", {"request_id": pick, "add_s": b})
    else:
        room.cmd(CHAIR_ACTOR, f"agenda.{kind}", {"item_id": a})


def _check_invariants(state: MeetingState) -> None:
    waiting = state.speaking.waiting()
    assert [r.position for r in waiting] == list(range(1, len(waiting) + 1))
    assert all(r.position is None for r in state.speaking.requests.values() if r.status != "waiting")
    assert all(r.item_id == state.active_item for r in waiting)
    speaking = [r.request_id for r in state.speaking.requests.values() if r.status == "speaking"]
    assert speaking == ([] if state.speaking.speaker is None else [state.speaking.speaker])
    keys = [(r.delegate_id, r.item_id, r.kind) for r in waiting]
    assert len(keys) == len(set(keys))
    for delegate_id in DELEGATES:
        for item_id in ITEMS:
            spoken = [r for r in state.speaking.requests.values() if (r.delegate_id, r.item_id, r.kind)
                      == (delegate_id, item_id, "discussion") and r.status in ("speaking", "done")]
            assert len(spoken) <= 2
    for r in state.speaking.requests.values():
        if r.status == "done":
            assert r.duration_s is not None and r.duration_s >= 0 and r.ended_at is not None
        if r.limit_s is not None:
            assert r.limit_s >= 10


@settings(max_examples=120, deadline=None)
@given(speaking_steps, st.lists(st.integers(0, 200), min_size=40, max_size=40))
def test_the_queue_stays_consistent_whatever_the_chair_does(
    plan: list[tuple[Any, Any, Any]], pauses: list[int]
) -> None:
    room = open_room()
    for step, pause in zip(plan, pauses, strict=False):
        room.tick(pause)
        before = room.meeting
        try:
            _step(room, step)
        except DomainError:
            assert room.meeting is before  # a refusal changes nothing
        _check_invariants(room.meeting)
    assert replay(MeetingState(), room.events) == room.meeting
    # Statistics add up to the recorded durations.
    done = [r for r in room.meeting.speaking.requests.values() if r.status == "done"]
    stats = speaker_stats(room.meeting)
    assert sum(s.speeches for s in stats.values()) == len(done)
    assert sum(s.total_s for s in stats.values()) == sum(r.duration_s or 0 for r in done)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(DELEGATES), st.sampled_from(["discussion", "question"])), max_size=15))
def test_without_priorities_or_reorders_the_queue_is_registration_order(asks: list[tuple[str, str]]) -> None:
    room = open_room()
    registered = []
    for delegate_id, kind in asks:
        try:
            registered.append(ask(room, delegate_id, kind))
        except DomainError as error:
            assert error.code == "conflict"
    assert [r.request_id for r in room.meeting.speaking.waiting()] == registered


def test_time_used_on_an_item_leaves_out_the_pause_while_another_was_discussed() -> None:
    from app.agenda import time_used_s

    room = open_room(ITEM)  # 07:30:00
    room.tick(300)
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": NEXT_ITEM})
    assert time_used_s(room.meeting.agenda[ITEM], room.now) == 300
    room.tick(600)  # ten minutes on the next item
    assert time_used_s(room.meeting.agenda[ITEM], room.now) == 300
    assert time_used_s(room.meeting.agenda[NEXT_ITEM], room.now) == 600
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})  # taken up again
    room.tick(120)
    assert time_used_s(room.meeting.agenda[ITEM], room.now) == 420
    room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": ITEM})
    room.tick(1000)
    item = room.meeting.agenda[ITEM]
    assert (time_used_s(item, room.now), item.used_s, item.resumed_at) == (420, 420, None)
    assert item.started_at == "2026-12-10T07:30:00.000Z"  # the first start stays for the minutes
