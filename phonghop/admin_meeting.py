"""`phonghop admin meeting`: create, change, list and duplicate the meetings on a room server.

    phonghop admin meeting create --device DIR --kind KIND --title T --date YYYY-MM-DD --venue V --n-total N
        [--council C] [--term T] [--meeting-id ID] [--quorum 2/3] [--allow-change]
        [--speak-first 420] [--speak-second 180] [--debate 180] [--question 180] [--point-of-order 60]
        [--committee ID=TÊN …] [--n-from-mandates]
    phonghop admin meeting update --device DIR [--meeting ID] [--title …] [--date …] [--venue …] [--n-total N]
        [--quorum 2/3] [--allow-change | --no-allow-change] [--speak-first …] …
        [--committee ID=TÊN …] [--remove-committee ID …] [--n-from-mandates | --no-n-from-mandates]
    phonghop admin meeting list --device DIR
    phonghop admin meeting duplicate --device DIR --from ID --title T --date D [--meeting-id NEW] [--venue V]

KIND is regular, thematic, extraordinary or standing_committee. Times are seconds (420) or
minutes:seconds (7:00). `--committee ban-phap-che="Ban Pháp chế"` adds (or renames) a committee
of the council; `--n-from-mandates` makes N follow the delegate list (the delegates whose mandate
has not ended) from then on. `duplicate` copies the settings, delegates, seats and agenda of a meeting
into a new one (the next session's template): not its documents, votes, attendance or devices.
Exit 0: done; 1: the server refused something (each refusal is printed); 2: nothing was sent
(the device, the server or what was typed: `Lỗi: … [code]` on stderr).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import re
from dataclasses import asdict, replace
from typing import Any

from app.clock import vn_date
from app.errors import DomainError
from app.meeting_template import copied, template
from app.model import KIND_LABELS, MEETING_KINDS, Meeting, Settings
from phonghop.admin_device import (
    Technician,
    acked,
    add_device_options,
    identifier,
    meeting_state,
    refusal,
    run,
    seconds,
    technician,
    text,
    whole,
)

# Settings timed in seconds: field, option, label.
TIMES: tuple[tuple[str, str, str], ...] = (
    ("speak_first_s", "--speak-first", "Phát biểu lần đầu"),
    ("speak_second_s", "--speak-second", "Phát biểu lần hai"),
    ("debate_s", "--debate", "Tranh luận"),
    ("question_s", "--question", "Chất vấn"),
    ("point_of_order_s", "--point-of-order", "Ý kiến về trình tự, thủ tục"),
)
N_LABEL = "Tổng số đại biểu HĐND (N)"


def add_commands(steps: Any) -> None:
    meeting = steps.add_parser("meeting", help="tạo, sửa, liệt kê và nhân bản kỳ họp trên máy chủ")
    actions = meeting.add_subparsers(dest="meeting_command", required=True)
    defaults = Settings()

    create = actions.add_parser("create", help="tạo kỳ họp mới")
    add_device_options(create, meeting=False)
    create.add_argument("--kind", required=True,
                        help="loại kỳ họp: " + ", ".join(f"{k} ({v})" for k, v in KIND_LABELS.items()))
    create.add_argument("--title", required=True, help="tên kỳ họp")
    create.add_argument("--date", required=True, help="ngày họp, YYYY-MM-DD (hoặc dd/mm/yyyy)")
    create.add_argument("--venue", required=True, help="địa điểm")
    create.add_argument("--n-total", required=True, metavar="N", help="tổng số đại biểu HĐND đang giữ nhiệm vụ (N)")
    create.add_argument("--council", default="", help="tên Hội đồng nhân dân")
    create.add_argument("--term", default="", help="nhiệm kỳ, ví dụ 2026–2031")
    create.add_argument("--meeting-id", help="mã kỳ họp (mặc định: máy chủ đặt)")
    _settings_options(create, defaults)
    _committee_options(create, update=False)
    create.set_defaults(run=lambda args: run(_create(args)))

    update = actions.add_parser("update", help="sửa thông tin hoặc cài đặt của kỳ họp")
    add_device_options(update)
    update.add_argument("--title", help="tên kỳ họp")
    update.add_argument("--date", help="ngày họp, YYYY-MM-DD (hoặc dd/mm/yyyy)")
    update.add_argument("--venue", help="địa điểm")
    update.add_argument("--n-total", metavar="N", help="tổng số đại biểu HĐND đang giữ nhiệm vụ (N)")
    _settings_options(update, None)
    _committee_options(update, update=True)
    update.set_defaults(run=lambda args: run(_update(args)))

    listing = actions.add_parser("list", help="các kỳ họp trên máy chủ")
    add_device_options(listing, meeting=False)
    listing.set_defaults(run=lambda args: run(_list(args)))

    duplicate = actions.add_parser(
        "duplicate", help="tạo kỳ họp mới theo mẫu một kỳ họp có sẵn",
        description="Chép cài đặt, đại biểu, ghế và chương trình của một kỳ họp sang kỳ họp mới; không chép "
        "tài liệu, biểu quyết, điểm danh và thiết bị.")
    add_device_options(duplicate, meeting=False)
    duplicate.add_argument("--from", dest="source", required=True, metavar="MEETING_ID", help="kỳ họp làm mẫu")
    duplicate.add_argument("--title", required=True, help="tên kỳ họp mới")
    duplicate.add_argument("--date", required=True, help="ngày họp, YYYY-MM-DD (hoặc dd/mm/yyyy)")
    duplicate.add_argument("--venue", help="địa điểm (mặc định: như kỳ họp mẫu)")
    duplicate.add_argument("--meeting-id", help="mã kỳ họp mới (mặc định: máy chủ đặt)")
    duplicate.set_defaults(run=lambda args: run(_duplicate(args)))


def _settings_options(cmd: Any, defaults: Settings | None) -> None:
    """With `defaults` (create) each option shows its default; without (update) an option left
    out keeps what the meeting has."""
    quorum = f"{defaults.quorum_num}/{defaults.quorum_den}" if defaults else None
    cmd.add_argument("--quorum", default=quorum, metavar="TỬ/MẪU",
                     help="số đại biểu có mặt tối thiểu, phần của N" + (f" (mặc định {quorum})" if quorum else ""))
    if defaults is None:
        cmd.add_argument("--allow-change", action=argparse.BooleanOptionalAction, default=None,
                         help="cho phép đại biểu đổi lựa chọn biểu quyết cho đến khi kết thúc")
    else:
        cmd.add_argument("--allow-change", action="store_true",
                         help="cho phép đại biểu đổi lựa chọn biểu quyết cho đến khi kết thúc (mặc định: không)")
    lease = defaults.offline_lease_h if defaults else None
    cmd.add_argument("--offline-lease", default=None if lease is None else str(lease), metavar="GIỜ",
                     help="số giờ một thiết bị mất kết nối còn dùng được tài liệu đã tải"
                     + (f" (mặc định {lease})" if lease is not None else ""))
    for name, option, label in TIMES:
        default = getattr(defaults, name) if defaults else None
        cmd.add_argument(option, default=None if default is None else str(default), metavar="GIÂY",
                         help=f"thời gian {label.lower()}, giây hoặc phút:giây"
                         + (f" (mặc định {default})" if default is not None else ""))


def _committee_options(cmd: Any, *, update: bool) -> None:
    cmd.add_argument("--committee", action="append", default=[], metavar="MÃ=TÊN",
                     help="một ban của HĐND, ví dụ ban-phap-che=\"Ban Pháp chế\" (lặp lại cho nhiều ban)")
    if update:
        cmd.add_argument("--remove-committee", action="append", default=[], metavar="MÃ", help="bỏ một ban")
        cmd.add_argument("--n-from-mandates", action=argparse.BooleanOptionalAction, default=None,
                         help="N tính theo danh sách đại biểu (số đại biểu chưa thôi nhiệm vụ)")
    else:
        cmd.add_argument("--n-from-mandates", action="store_true",
                         help="N tính theo danh sách đại biểu từ khi có đại biểu (mặc định: N nhập tay)")


# -- reading what was typed ---------------------------------------------------------------------


def _kind(value: str) -> str:
    if value not in MEETING_KINDS:
        known = "; ".join(f"{k} ({v})" for k, v in KIND_LABELS.items())
        raise DomainError("bad_request", f"Loại kỳ họp «{value}» không hợp lệ. Chọn một trong: {known}.")
    return value


def _date(typed: str) -> str:
    value = typed.strip()
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value):
        value = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise DomainError("bad_request", f"Ngày họp «{typed}» không hợp lệ: viết YYYY-MM-DD, ví dụ 2026-12-10.") from None


def _quorum(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,3})\s*/\s*(\d{1,3})\s*", value)
    if match is None or not 0 <= int(match[1]) <= int(match[2]) <= 100 or int(match[2]) == 0:
        raise DomainError("bad_request", f"Số đại biểu có mặt tối thiểu «{value}» không hợp lệ: viết dạng tử/mẫu, "
                                         "ví dụ 2/3 (tử không lớn hơn mẫu, mẫu từ 1 đến 100).")
    return int(match[1]), int(match[2])


def _settings(args: argparse.Namespace, current: Settings) -> Settings:
    """The settings typed on the command line over `current` (an option left out keeps it)."""
    settings = current
    if args.quorum is not None:
        num, den = _quorum(args.quorum)
        settings = replace(settings, quorum_num=num, quorum_den=den)
    if args.allow_change is not None:
        settings = replace(settings, allow_change=bool(args.allow_change))
    if args.offline_lease is not None:
        settings = replace(settings, offline_lease_h=whole(args.offline_lease, "Thời hạn dùng tài liệu khi mất kết nối "
                                                                               "(--offline-lease, giờ)", 1, 720))
    times: dict[str, Any] = {}
    for name, option, label in TIMES:
        typed = getattr(args, option[2:].replace("-", "_"))
        if typed is not None:
            times[name] = seconds(typed, f"Thời gian {label.lower()} ({option})")
    return replace(settings, **times)


def _n_total(value: str) -> int:
    return whole(value, N_LABEL, 1, 10_000)


def _committees(typed: list[str], removed: list[str], current: dict[str, str]) -> dict[str, str]:
    """The committees after `--committee ID=TÊN` (added or renamed) and `--remove-committee ID`."""
    committees = dict(current)
    for gone in removed:
        if committees.pop(identifier(gone, "Mã ban"), None) is None:
            raise DomainError("not_found", f"Kỳ họp không có ban «{gone}».")
    for pair in typed:
        committee, sep, name = pair.partition("=")
        if not sep:
            raise DomainError("bad_request", f"Ban «{pair}» phải viết dạng MÃ=TÊN, ví dụ ban-phap-che=\"Ban Pháp chế\".")
        committees[identifier(committee.strip(), "Mã ban")] = text(name, "Tên ban")
    return committees


# -- the steps ----------------------------------------------------------------------------------


async def _create(args: argparse.Namespace) -> int:
    create: dict[str, Any] = {
        "kind": _kind(args.kind),
        "title": text(args.title, "Tên kỳ họp"),
        "date": _date(args.date),
        "venue": text(args.venue, "Địa điểm"),
        "n_total": _n_total(args.n_total),
        "council": text(args.council, "Tên Hội đồng nhân dân", required=False),
        "term": text(args.term, "Nhiệm kỳ", required=False),
        "settings": asdict(_settings(args, Settings())),
    }
    if committees := _committees(args.committee, [], {}):
        create["committees"] = committees
    if args.n_from_mandates:
        create["n_from_mandates"] = True
    if args.meeting_id is not None:
        create["meeting_id"] = identifier(args.meeting_id, "Mã kỳ họp")
    async with technician(args) as tech:
        meeting_id = await _create_meeting(tech, create)
        if meeting_id is None:
            return 1
        state = meeting_state(await tech.meeting(meeting_id))
    assert state.meeting is not None
    print(f"Đã tạo kỳ họp {meeting_id}.")
    print("\n".join(describe(state.meeting)))
    print(f"Tiếp theo: nhập đại biểu (phonghop admin delegates --meeting {meeting_id}), chương trình "
          f"(phonghop admin agenda add --meeting {meeting_id}) và tài liệu (phonghop admin documents add).")
    return 0


async def _create_meeting(tech: Technician, create: dict[str, Any]) -> str | None:
    """Sends `meeting.create`; the new meeting's id, or None (the refusal printed)."""
    wanted = create.get("meeting_id")
    if wanted is not None and wanted in tech.server_state.meetings:
        raise DomainError("conflict", f"Mã kỳ họp {wanted} đã có trên máy chủ.")
    answer = await tech.request(tech.server, "meeting.create", create)
    if answer.get("type") != "ack":
        print(f"Máy chủ không tạo kỳ họp: {refusal(answer)}")
        return None
    # The server names the meeting when the command does not: it is in the event of the ack.
    event = next(e for e in tech.server.replica.events(int(answer["seq"]) - 1) if e.seq == answer["seq"])
    return str(event.data["meeting_id"])


async def _update(args: argparse.Namespace) -> int:
    typed = [args.title, args.date, args.venue, args.n_total, args.quorum, args.allow_change, args.n_from_mandates,
             args.committee or None, args.remove_committee or None, args.offline_lease]
    if all(v is None for v in typed + [getattr(args, o[2:].replace("-", "_")) for _, o, _ in TIMES]):
        raise DomainError("bad_request", "Không có thông tin nào cần sửa: dùng --title, --date, --venue, --n-total, "
                                         "--committee hoặc một cài đặt (--quorum, --allow-change, --speak-first …).")
    async with technician(args) as tech:
        meeting_id = tech.meeting_id(args.meeting)
        connection = await tech.meeting(meeting_id)
        before = meeting_state(connection).meeting
        assert before is not None
        changes: dict[str, Any] = {}
        if args.title is not None:
            changes["title"] = text(args.title, "Tên kỳ họp")
        if args.date is not None:
            changes["date"] = _date(args.date)
        if args.venue is not None:
            changes["venue"] = text(args.venue, "Địa điểm")
        if args.n_total is not None:
            changes["n_total"] = _n_total(args.n_total)
        settings = _settings(args, before.settings)
        if settings != before.settings:
            changes["settings"] = asdict(settings)  # the command replaces the settings as a whole
        committees = _committees(args.committee, args.remove_committee, dict(before.committees))
        if committees != before.committees:
            changes["committees"] = committees  # as a whole too
        if args.n_from_mandates is not None:
            changes["n_from_mandates"] = bool(args.n_from_mandates)
        changes = {k: v for k, v in changes.items() if v != getattr(before, k, None)}
        if not changes:
            print(f"Kỳ họp {meeting_id} đã đúng như vậy: không có gì cần sửa.")
            return 0
        answer = await tech.request(connection, "meeting.update", changes)
        if answer.get("type") != "ack":
            print(f"Máy chủ không sửa kỳ họp {meeting_id}: {refusal(answer)}")
            return 1
        after = meeting_state(connection).meeting
    assert after is not None
    print(f"Đã sửa kỳ họp {meeting_id}.")
    print("\n".join(describe(after)))
    return 0


async def _list(args: argparse.Namespace) -> int:
    async with technician(args) as tech:
        meetings = sorted(tech.server_state.meetings)
        connections = await asyncio.gather(*(tech.meeting(m) for m in meetings))
        states = [meeting_state(c) for c in connections]
    if not states:
        print("Máy chủ chưa có kỳ họp nào. Tạo kỳ họp: phonghop admin meeting create.")
        return 0
    print(f"Máy chủ có {len(states)} kỳ họp:")
    print(f"{'Mã kỳ họp':<24} {'Ngày':<10} {'N':>5} {'Đại biểu':>8} {'Ghế':>5} {'Nội dung':>8} {'Tài liệu':>8}  "
          "Loại: tên")
    for state in sorted(states, key=lambda s: (s.meeting.date, s.meeting.meeting_id) if s.meeting else ("", "")):
        m = state.meeting
        assert m is not None
        print(f"{m.meeting_id:<24} {vn_date(m.date):<10} {m.n_total:>5} {len(state.delegates):>8} "
              f"{len(state.seats):>5} {len(state.agenda):>8} {len(state.documents):>8}  {KIND_LABELS.get(m.kind, m.kind)}: "
              f"{m.title}")
    return 0


async def _duplicate(args: argparse.Namespace) -> int:
    title = text(args.title, "Tên kỳ họp")
    date = _date(args.date)
    venue = None if args.venue is None else text(args.venue, "Địa điểm")
    new_id = None if args.meeting_id is None else identifier(args.meeting_id, "Mã kỳ họp")
    async with technician(args) as tech:
        source_id = tech.meeting_id(identifier(args.source, "Mã kỳ họp mẫu"))
        source = meeting_state(await tech.meeting(source_id))
        assert source.meeting is not None
        create = template(source, title=title, date=date, venue=venue)
        if new_id is not None:
            create["meeting_id"] = new_id
        meeting_id = await _create_meeting(tech, create)
        if meeting_id is None:
            return 1
        connection = await tech.meeting(meeting_id)
        commands = copied(source)
        answers = await tech.send(connection, commands)
        state = meeting_state(connection)
    for (name, sent), answer in zip(commands, answers, strict=True):
        if answer.get("type") != "ack":
            what = {"delegate.add": "đại biểu", "seat.add": "ghế", "agenda.add": "nội dung",
                    "meeting.update": "cách tính N"}[name]
            label = sent.get("name") or sent.get("label") or sent.get("title")
            print(f"Không chép được {what} «{label}»: {refusal(answer)}")
    print(f"Đã tạo kỳ họp {meeting_id} theo mẫu {source_id}: {len(state.delegates)} đại biểu, {len(state.seats)} ghế, "
          f"{len(state.agenda)} nội dung chương trình. Không chép tài liệu, biểu quyết, điểm danh và thiết bị.")
    assert state.meeting is not None
    print("\n".join(describe(state.meeting)))
    print(f"Tiếp theo: in thẻ ghế cho kỳ họp mới (phonghop admin cards --meeting {meeting_id}) và đăng tài liệu.")
    return 0 if acked(answers) else 1


def describe(m: Meeting) -> list[str]:
    s = m.settings
    required = (s.quorum_num * m.n_total + s.quorum_den - 1) // s.quorum_den
    council = ", ".join(p for p in (m.council, f"nhiệm kỳ {m.term}" if m.term else "") if p)
    times = ", ".join(f"{label.lower()} {_mmss(getattr(s, name))}" for name, _, label in TIMES)
    lines = [f"  «{m.title}»", f"  Loại: {KIND_LABELS.get(m.kind, m.kind)}"]
    if council:
        lines.append(f"  Hội đồng: {council}")
    lines += [
        f"  Ngày {vn_date(m.date)}" + (f", {m.venue}" if m.venue else ""),
        f"  {N_LABEL}: {m.n_total}" + (" (tính theo danh sách đại biểu)" if m.n_from_mandates else "")
        + f"; có mặt tối thiểu {s.quorum_num}/{s.quorum_den} N: {required} đại biểu",
        f"  Thời gian: {times}",
        "  Biểu quyết: " + ("được đổi lựa chọn cho đến khi kết thúc" if s.allow_change
                             else "lựa chọn đã ghi nhận là cuối cùng"),
        f"  Thiết bị mất kết nối quá {s.offline_lease_h} giờ thì xóa tài liệu đã tải cho đến khi kết nối lại",
    ]
    if m.committees:
        lines.append("  Các ban: " + "; ".join(f"{name} ({committee})" for committee, name in m.committees.items()))
    return lines


def _mmss(total: int) -> str:
    return f"{total // 60}:{total % 60:02d}"
