"""The minutes of a sitting (Biên bản kỳ họp) as PDF, written from the meeting's log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app import model
from app.attendance import STATUS_LABELS, quorum, status_of
from app.documents_compose import Block, Paragraph, PdfMetadata, Table, compose_pdf
from app.events import Event
from app.model import (
    CHAIR,
    SECRETARY,
    SPEECH_KIND_LABELS,
    AgendaItem,
    Meeting,
    MeetingState,
)
from app.speaking_time import speaker_stats
from app.vote_records_parts import (
    VN_TIME,
    ddmmyyyy,
    duration_words,
    fingerprint_line,
    header,
    heading,
    hhmm,
    kind_label,
    line,
    meeting_date,
    signatures,
    title,
    vn_moment,
)
from app.vote_records_tables import (
    result_blocks,
)
from app.vote_rules import percent


@dataclass
class _Vote:
    """One vote as the log tells it: created, maybe opened, then closed or cancelled (or neither yet)."""

    created: Mapping[str, Any]
    opened_at: str | None = None
    closed: Mapping[str, Any] | None = None
    closed_at: str | None = None
    reason: str | None = None
    cancelled_at: str | None = None


def minutes_pdf(state: MeetingState, events: Sequence[Event]) -> bytes:
    """The sitting's record: attendance, each agenda item with its times, speakers and votes.

    Votes are read from `events` (vote.created / opened / closed / cancelled), the rest from
    `state`, so the minutes can be written before the reducer knows about votes."""
    meeting = state.meeting
    if meeting is None:
        raise ValueError("the minutes need a meeting: the state has seen no meeting.created")
    votes = _votes(events)
    items = state.agenda_in_order()
    blocks: list[Block] = [
        header(meeting, _day(meeting, events)),
        *title("BIÊN BẢN KỲ HỌP", meeting.title),
        *_opening(state, meeting, items),
        heading("I. THÀNH PHẦN THAM DỰ"),
        *_attendance(state, meeting),
        heading("II. DIỄN BIẾN KỲ HỌP"),
    ]
    for number, item in enumerate(items, start=1):
        blocks += _item(state, item, number, [v for v in votes if v.created.get("item_id") == item.item_id])
    known = {item.item_id for item in items}
    others = [v for v in votes if v.created.get("item_id") not in known]
    if others:
        blocks.append(heading("III. CÁC NỘI DUNG BIỂU QUYẾT KHÁC"))
        for vote in others:
            blocks += _vote(vote)
    blocks += [
        Paragraph(
            f"Biên bản được lập từ nhật ký kỳ họp (sự kiện số 1 đến số {state.seq}, mã chuỗi "
            f"{state.head[:16]}), gồm các nội dung nêu trên.",
            indent=28,
            space_before=8,
            space_after=12,
        ),
        signatures(("THƯ KÝ KỲ HỌP", _with_role(state, SECRETARY)), ("CHỦ TỌA KỲ HỌP", _with_role(state, CHAIR))),
    ]
    metadata = PdfMetadata(
        title=f"Biên bản kỳ họp: {meeting.title}",
        author=meeting.council,
        subject=meeting.title,
        created=_day(meeting, events),
        keywords=f"meeting_id={meeting.meeting_id}; seq={state.seq}; head={state.head}",
    )
    return compose_pdf(blocks, metadata)


# ---------------------------------------------------------------------------------------------


def _votes(events: Sequence[Event]) -> list[_Vote]:
    found: dict[str, _Vote] = {}
    for event in events:
        vote_id = event.data.get("vote_id") if event.name.startswith("vote.") else None
        if not isinstance(vote_id, str):
            continue
        if event.name == "vote.created":
            found[vote_id] = _Vote(event.data)
            continue
        vote = found.get(vote_id)
        if vote is None:
            continue
        if event.name == "vote.opened":
            vote.opened_at = event.at
        elif event.name == "vote.closed":
            vote.closed, vote.closed_at = event.data, event.at
        elif event.name == "vote.cancelled":
            vote.reason, vote.cancelled_at = str(event.data.get("reason", "")), event.at
    return list(found.values())


def _day(meeting: Meeting, events: Sequence[Event]) -> datetime:
    """The day the minutes speak of: the meeting's date, at the time of the last event that day."""
    if events:
        return vn_moment(events[-1].at)
    try:
        return datetime.strptime(meeting.date, "%Y-%m-%d").replace(tzinfo=VN_TIME)
    except ValueError:
        return datetime(2000, 1, 1, tzinfo=VN_TIME)


def _with_role(state: MeetingState, role: str) -> str:
    return next((d.name for _, d in sorted(state.delegates.items()) if role in d.roles), "")


def _opening(state: MeetingState, meeting: Meeting, items: Sequence[AgendaItem]) -> list[Block]:
    starts = sorted(i.started_at for i in items if i.started_at)
    ends = sorted(i.completed_at for i in items if i.completed_at)
    when = f"ngày {meeting_date(meeting)}"
    if starts:
        when = f"ngày {ddmmyyyy(starts[0])}, từ {hhmm(starts[0])}"
        if ends and all(i.status == "done" for i in items if i.started_at):
            when += f" đến {hhmm(ends[-1])}"
    return [
        line(f"Hội đồng nhân dân: {meeting.council}, nhiệm kỳ {meeting.term}"),
        line(f"Loại kỳ họp: {model.KIND_LABELS.get(meeting.kind, meeting.kind)}"),
        line(f"Thời gian: {when}"),
        line(f"Địa điểm: {meeting.venue}"),
        line(f"Chủ tọa: {_with_role(state, CHAIR) or '—'}"),
        line(f"Thư ký kỳ họp: {_with_role(state, SECRETARY) or '—'}", space_after=6),
    ]


def _attendance(state: MeetingState, meeting: Meeting) -> list[Block]:
    count = quorum(state)
    n = meeting.n_total
    s = meeting.settings
    absent = [d for d in sorted(state.delegates) if d not in state.present]
    statuses = [status_of(state, d) for d in absent]
    blocks: list[Block] = [
        line(f"Tổng số đại biểu HĐND: {n}", left=20),
        line(f"Số đại biểu có mặt: {count.present}/{n} ({percent(count.present, n)})", left=20),
        line(
            f"Số đại biểu vắng mặt: {len(absent)} (vắng có lý do: {statuses.count('excused')}; "
            f"vắng không có lý do: {statuses.count('unexcused')}; "
            f"chưa điểm danh: {statuses.count('not_checked_in')})",
            left=20,
        ),
        Paragraph(
            f"Số đại biểu có mặt {'đạt' if count.met else 'chưa đạt'} tỷ lệ theo Quy chế làm việc "
            f"(ít nhất {s.quorum_num}/{s.quorum_den} tổng số đại biểu, tức {count.required}/{n} đại biểu).",
            align="left",
            left=20,
        ),
    ]
    if not absent:
        return blocks
    rows: list[tuple[str, ...]] = [("STT", "Họ và tên", "Tổ đại biểu", "Tình trạng, lý do")]
    for number, (delegate_id, status) in enumerate(zip(absent, statuses, strict=True), start=1):
        delegate = state.delegates[delegate_id]
        absence = state.absences.get(delegate_id)
        reason = f": {absence.reason}" if absence is not None and absence.reason else ""
        rows.append((str(number), delegate.name, delegate.group_name, STATUS_LABELS[status] + reason))
    blocks += [
        line("Danh sách đại biểu vắng mặt:", "italic", left=20),
        Table(tuple(rows), (6, 25, 33, 36), ("center", "left", "left", "left"), size=10),
    ]
    return blocks


def _item(state: MeetingState, item: AgendaItem, number: int, votes: Sequence[_Vote]) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(f"{number}. {item.title}", style="bold", align="justify", space_before=6, space_after=3),
    ]
    if item.presenter:
        blocks.append(line(f"Trình bày, điều hành: {item.presenter}", left=20))
    blocks.append(line(_item_time(item), left=20))
    blocks += _speakers(state, item)
    for vote in votes:
        blocks += _vote(vote)
    return blocks


def _item_time(item: AgendaItem) -> str:
    planned = f"dự kiến {item.planned_min} phút"
    if item.started_at is None:
        return f"Thời gian: chưa thực hiện ({planned})"
    if item.completed_at is None:
        return f"Thời gian: bắt đầu {hhmm(item.started_at)}, đang thực hiện ({planned})"
    used = (item.used_s + 30) // 60
    return f"Thời gian: {hhmm(item.started_at)} – {hhmm(item.completed_at)} (thực hiện {used} phút; {planned})"


def _speakers(state: MeetingState, item: AgendaItem) -> list[Block]:
    speeches = sorted(
        (
            r
            for r in state.speaking.requests.values()
            if r.item_id == item.item_id and r.granted_at is not None and r.status in ("done", "speaking")
        ),
        key=lambda r: (r.granted_at or "", r.request_id),
    )
    if not speeches:
        return [line("Không có ý kiến phát biểu.", "italic", left=20)] if item.started_at else []
    stats = speaker_stats(state, item.item_id)
    total = sum(s.total_s for s in stats.values())
    rows: list[tuple[str, ...]] = [("STT", "Giờ", "Đại biểu", "Hình thức", "Thời gian")]
    for number, speech in enumerate(speeches, start=1):
        delegate = state.delegates.get(speech.delegate_id)
        who = f"{delegate.name}\n{delegate.group_name}" if delegate is not None else speech.delegate_id
        used = duration_words(speech.duration_s) if speech.duration_s is not None else "đang phát biểu"
        rows.append(
            (
                str(number),
                hhmm(speech.granted_at or ""),
                who,
                SPEECH_KIND_LABELS.get(speech.kind, speech.kind),
                used,
            )
        )
    return [
        line(
            f"Ý kiến phát biểu: {sum(s.speeches for s in stats.values())} lượt của {len(stats)} đại biểu, "
            f"tổng thời gian {duration_words(total)}.",
            left=20,
        ),
        Table(tuple(rows), (7, 10, 43, 20, 20), ("center", "center", "left", "left", "left"), size=10),
    ]


def _vote(vote: _Vote) -> list[Block]:
    created = vote.created
    blocks: list[Block] = [
        Paragraph(
            f"Biểu quyết: {created.get('title', '')}",
            style="bolditalic",
            align="left",
            left=20,
            space_before=4,
            space_after=3,
        ),
        line(f"Hình thức: {kind_label(created)}{_vote_time(vote)}", left=20),
    ]
    if vote.cancelled_at is not None:
        blocks.append(line(f"Đã hủy lúc {hhmm(vote.cancelled_at)}. Lý do: {vote.reason or '—'}", "italic", left=20))
    elif vote.closed is not None:
        blocks += result_blocks(created, vote.closed, loud=False)
        if vote.closed.get("kind", created.get("kind")) == "open":
            blocks.append(line("Kết quả của từng đại biểu: xem Phiếu kết quả biểu quyết.", "italic", left=20, size=11))
        blocks.append(fingerprint_line(vote.closed, left=20))
    else:
        blocks.append(line("Chưa kết thúc biểu quyết.", "italic", left=20))
    return blocks


def _vote_time(vote: _Vote) -> str:
    if vote.closed_at is None:
        return f"; mở lúc {hhmm(vote.opened_at)}" if vote.opened_at is not None else ""
    if vote.opened_at is not None:
        return f"; thời gian: {hhmm(vote.opened_at)} – {hhmm(vote.closed_at)}"
    return f"; kết thúc lúc {hhmm(vote.closed_at)}"
