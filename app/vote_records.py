"""Voting records as PDF: the result sheet of a vote and the Ban kiểm phiếu's Biên bản kiểm phiếu."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.documents_compose import Block, Paragraph, PdfMetadata, Spacer, Table, compose_pdf
from app.model import SECRET_KINDS, Delegate, Meeting
from app.vote_labels import NOT_VOTED_LABEL
from app.vote_records_parts import (
    ddmmyyyy,
    fingerprint,
    fingerprint_line,
    header,
    heading,
    hhmm,
    kind_label,
    line,
    option_label,
    person_name,
    signatures,
    title,
    vn_moment,
)
from app.vote_records_tables import (
    confidence_conclusion,
    confidence_rule_words,
    confidence_table,
    election_conclusion,
    election_counts,
    election_rule_words,
    election_table,
    passed,
    result_blocks,
    rule_words,
    yes_no_lines,
)
from app.vote_rules import percent


def result_sheet_pdf(
    meeting: Meeting,
    delegates: Mapping[str, Delegate],
    item_title: str,
    created: Mapping[str, Any],
    closed: Mapping[str, Any],
    closed_at: str,
    *,
    opened_at: str | None = None,
) -> bytes:
    """The result of one closed vote as the hall saw it; an open vote adds every delegate's choice."""
    kind = str(closed.get("kind", created.get("kind", "")))
    blocks: list[Block] = [
        header(meeting, vn_moment(closed_at)),
        *title(_sheet_title(created, kind), str(created.get("title", ""))),
        *_context(meeting, item_title, created, closed_at, opened_at),
        heading("KẾT QUẢ"),
        *result_blocks(created, closed, loud=True),
    ]
    if kind == "open":
        blocks += [heading("KẾT QUẢ BIỂU QUYẾT CỦA TỪNG ĐẠI BIỂU"), _ballots_table(delegates, closed)]
    blocks.append(fingerprint_line(closed))
    return compose_pdf(blocks, _metadata(meeting, created, closed, closed_at, "Phiếu kết quả biểu quyết"))


def counting_record_pdf(
    meeting: Meeting,
    delegates: Mapping[str, Delegate],
    item_title: str,
    created: Mapping[str, Any],
    closed: Mapping[str, Any],
    closed_at: str,
    *,
    opened_at: str | None = None,
) -> bytes:
    """The Biên bản kiểm phiếu of a secret ballot, with what DOMAIN.md says it must hold."""
    kind = str(closed.get("kind", created.get("kind", "")))
    if kind not in SECRET_KINDS:
        raise ValueError(f"a {kind!r} vote has no ballots to count: only secret kinds have a Biên bản kiểm phiếu")
    committee = _committee(created)
    moment = vn_moment(closed_at)
    blocks: list[Block] = [
        header(meeting, moment, unit="BAN KIỂM PHIẾU"),
        *title("BIÊN BẢN KIỂM PHIẾU", str(created.get("title", ""))),
        Paragraph(
            f"Vào hồi {moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}, tại {meeting.venue}, "
            f"Ban kiểm phiếu của {meeting.title} đã tiến hành kiểm phiếu {kind_label(created).lower()} "
            f"về nội dung: {created.get('title', '')}.",
            indent=28,
        ),
        line(f"Nội dung kỳ họp: {item_title}"),
        *([line(f"Thời gian bỏ phiếu: {_when(opened_at, closed_at)}")] if opened_at is not None else []),
        heading("I. THÀNH PHẦN BAN KIỂM PHIẾU"),
        _committee_table(delegates, committee),
        heading("II. SỐ ĐẠI BIỂU VÀ SỐ PHIẾU"),
        *(line(text, left=20) for text in _ballot_counts(kind, closed)),
        heading("III. KẾT QUẢ KIỂM PHIẾU"),
        *_counted(created, closed, kind),
        heading("IV. KẾT LUẬN"),
        *(Paragraph(text, style="bold", align="left") for text in _conclusion(created, closed, kind)),
        heading("V. KHIẾU NẠI, TỐ CÁO"),
        # The log holds no complaints: the committee writes them in by hand, or crosses the line.
        Paragraph("Khiếu nại, tố cáo về việc kiểm phiếu (nếu có):\n" + "." * 128 + "\n" + "." * 128,
                  align="left", leading=1.6),
        Paragraph(
            f"Biên bản lập xong hồi {hhmm(closed_at)} ngày {ddmmyyyy(closed_at)}, được đọc công khai tại kỳ họp.",
            indent=28,
            space_after=12,
        ),
        signatures(
            ("THƯ KÝ BAN KIỂM PHIẾU", _member_name(delegates, committee.get("secretary"))),
            ("TRƯỞNG BAN KIỂM PHIẾU", _member_name(delegates, committee.get("head"))),
        ),
        fingerprint_line(closed),
    ]
    return compose_pdf(blocks, _metadata(meeting, created, closed, closed_at, "Biên bản kiểm phiếu"))


# ---------------------------------------------------------------------------------------------


def _sheet_title(created: Mapping[str, Any], kind: str) -> str:
    if kind == "confidence":
        return "KẾT QUẢ BỎ PHIẾU TÍN NHIỆM" if created.get("rule") == "no_confidence" else "KẾT QUẢ LẤY PHIẾU TÍN NHIỆM"
    if kind == "election":
        return "KẾT QUẢ BẦU CHỨC DANH"
    return "PHIẾU KẾT QUẢ BIỂU QUYẾT"


def _context(
    meeting: Meeting, item_title: str, created: Mapping[str, Any], closed_at: str, opened_at: str | None
) -> list[Block]:
    return [
        line(f"Kỳ họp: {meeting.title}"),
        line(f"Nội dung kỳ họp: {item_title}"),
        line(f"Hình thức: {kind_label(created)}"),
        line(f"Thời gian: {_when(opened_at, closed_at)}"),
        line(f"Địa điểm: {meeting.venue}", space_after=6),
    ]


def _when(opened_at: str | None, closed_at: str) -> str:
    if opened_at is None:
        return f"kết thúc lúc {hhmm(closed_at)}, ngày {ddmmyyyy(closed_at)}"
    if ddmmyyyy(opened_at) == ddmmyyyy(closed_at):
        return f"từ {hhmm(opened_at)} đến {hhmm(closed_at)}, ngày {ddmmyyyy(closed_at)}"
    return f"từ {hhmm(opened_at)} ngày {ddmmyyyy(opened_at)} đến {hhmm(closed_at)} ngày {ddmmyyyy(closed_at)}"


def _ballots_table(delegates: Mapping[str, Delegate], closed: Mapping[str, Any]) -> Table:
    """Every delegate in protocol order (the order of their ids), with a ballot or without."""
    ballots: Mapping[str, str] = closed.get("ballots", {})
    rows: list[tuple[str, ...]] = [("STT", "Họ và tên", "Tổ đại biểu", "Lựa chọn")]
    # A delegate removed after voting keeps the ballot in the record, named by id.
    everyone = sorted({*delegates, *ballots})
    for number, delegate_id in enumerate(everyone, start=1):
        delegate = delegates.get(delegate_id)
        choice = ballots.get(delegate_id)
        rows.append(
            (
                str(number),
                delegate.name if delegate is not None else delegate_id,
                delegate.group_name if delegate is not None else "",
                option_label(choice) if choice is not None else NOT_VOTED_LABEL,
            )
        )
    return Table(tuple(rows), (7, 32, 39, 22), ("center", "left", "left", "left"), size=10.5)


def _committee(created: Mapping[str, Any]) -> Mapping[str, Any]:
    committee = created.get("committee")
    return committee if isinstance(committee, Mapping) else {}


def _member_name(delegates: Mapping[str, Delegate], delegate_id: object) -> str:
    return person_name(delegates, delegate_id) if isinstance(delegate_id, str) else ""


def _committee_table(delegates: Mapping[str, Delegate], committee: Mapping[str, Any]) -> Block:
    head, secretary = committee.get("head"), committee.get("secretary")
    members = [m for m in committee.get("members", ()) if m not in (head, secretary)]
    roster = [(head, "Trưởng ban"), (secretary, "Thư ký"), *((m, "Ủy viên") for m in members)]
    rows: list[tuple[str, ...]] = [("STT", "Họ và tên", "Chức vụ", "Nhiệm vụ")]
    for number, (delegate_id, role) in enumerate(((d, r) for d, r in roster if isinstance(d, str)), start=1):
        delegate = delegates.get(delegate_id)
        rows.append((str(number), person_name(delegates, delegate_id), delegate.title if delegate else "", role))
    if len(rows) == 1:
        return line("Không ghi nhận thành phần Ban kiểm phiếu.", "italic")
    return Table(tuple(rows), (7, 27, 51, 15), ("center", "left", "left", "left"), size=10)


def _ballot_counts(kind: str, closed: Mapping[str, Any]) -> list[str]:
    n = int(closed["n_total"])
    present = int(closed.get("present", 0))
    head = [f"Tổng số đại biểu HĐND: {n}", f"Số đại biểu có mặt: {present}"]
    if kind == "election":
        return head + election_counts(closed)
    if kind == "confidence":
        return [
            *head,
            f"Số phiếu phát ra: {int(closed.get('issued', present))}",
            f"Số phiếu thu về: {int(closed.get('collected', 0))}",
            "Số phiếu hợp lệ, không hợp lệ: theo từng người, tại mục III.",
        ]
    # An electronic secret ballot goes to every delegate present and cannot be spoiled.
    participated = int(closed.get("participated", 0))
    return [
        *head,
        f"Số phiếu phát ra: {present}",
        f"Số phiếu thu về: {participated}",
        f"Số phiếu hợp lệ: {participated}",
        "Số phiếu không hợp lệ: 0",
    ]


def _counted(created: Mapping[str, Any], closed: Mapping[str, Any], kind: str) -> list[Block]:
    n = int(closed["n_total"])
    if kind == "election":
        return [election_table(created, closed), line(election_rule_words(n), "italic", left=20, size=11)]
    if kind == "confidence":
        collected = int(closed.get("collected", 0))
        return [confidence_table(created, closed), line(confidence_rule_words(created, collected), "italic", left=20, size=11)]
    # Tổng số / có mặt / tham gia are section II's; here only the options, as the ballots read.
    return [
        *(line(text, left=20) for text in yes_no_lines(closed)[3:]),
        Spacer(2),
        line(f"Tỷ lệ tính trên tổng số đại biểu HĐND (N = {n}). " + rule_words(created, n), "italic", left=20, size=11),
    ]


def _conclusion(created: Mapping[str, Any], closed: Mapping[str, Any], kind: str) -> list[str]:
    if kind == "election":
        return [election_conclusion(created, closed)]
    if kind == "confidence":
        return confidence_conclusion(created, closed)
    n = int(closed["n_total"])
    yes = int(closed.get("tally", {}).get("tan_thanh", 0))
    about = str(created.get("title", ""))
    if passed(closed):
        return [f"THÔNG QUA: «{about}» được {yes}/{n} đại biểu tán thành ({percent(yes, n)} tổng số đại biểu HĐND)."]
    return [f"KHÔNG THÔNG QUA: «{about}» chỉ được {yes}/{n} đại biểu tán thành ({percent(yes, n)} tổng số đại biểu HĐND)."]


def _metadata(
    meeting: Meeting, created: Mapping[str, Any], closed: Mapping[str, Any], closed_at: str, what: str
) -> PdfMetadata:
    signature = closed.get("signature")
    keywords = f"vote_id={closed.get('vote_id', '')}"
    if isinstance(signature, str) and signature:
        keywords += f"; fingerprint={fingerprint(signature)}"
    return PdfMetadata(
        title=f"{what}: {created.get('title', '')}",
        author=meeting.council,
        subject=meeting.title,
        created=vn_moment(closed_at),
        keywords=keywords,
    )

