"""The meeting as data: immutable state that the reducer rebuilds from the log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from app.canonical import ZERO_HASH

DELEGATE: Final = "delegate"
CHAIR: Final = "chair"
SECRETARY: Final = "secretary"
TECHNICIAN: Final = "technician"
DISPLAY: Final = "display"
ROLES: Final = (DELEGATE, CHAIR, SECRETARY, TECHNICIAN, DISPLAY)

MEETING_KINDS: Final = ("regular", "thematic", "extraordinary", "standing_committee")

ROLE_LABELS: Final = {
    DELEGATE: "Đại biểu",
    CHAIR: "Chủ tọa",
    SECRETARY: "Thư ký kỳ họp",
    TECHNICIAN: "Kỹ thuật viên",
    DISPLAY: "Màn hình hội trường",
}

# A delegate's mandate: active (đang thực hiện nhiệm vụ), suspended (tạm đình chỉ), ended (đã thôi nhiệm vụ).
MANDATES: Final = ("active", "suspended", "ended")
MANDATE_LABELS: Final = {
    "active": "Đang thực hiện nhiệm vụ",
    "suspended": "Tạm đình chỉ",
    "ended": "Đã thôi nhiệm vụ",
}

KIND_LABELS: Final = {
    "regular": "Kỳ họp thường lệ",
    "thematic": "Kỳ họp chuyên đề",
    "extraordinary": "Kỳ họp giải quyết công việc phát sinh đột xuất",
    "standing_committee": "Phiên họp Thường trực HĐND",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Numbers the law leaves to the council's working rules, with DOMAIN.md's defaults."""

    quorum_num: int = 2
    quorum_den: int = 3
    allow_change: bool = False
    speak_first_s: int = 420
    speak_second_s: int = 180
    debate_s: int = 180
    # DOMAIN.md gives no figures for these two; a question is timed like a debate, a point of
    # order is about procedure and short (see docs/events.md, Speaking).
    question_s: int = 180
    point_of_order_s: int = 60
    # Hours a device keeps the documents without hearing from the room server (docs/lifecycle.md).
    offline_lease_h: int = 12


@dataclass(frozen=True, slots=True)
class Meeting:
    meeting_id: str
    kind: str
    title: str
    council: str
    term: str
    date: str
    venue: str
    n_total: int
    settings: Settings = Settings()
    # The council's committees (Ban) by id, e.g. "ban-phap-che" → "Ban Pháp chế".
    committees: Mapping[str, str] = field(default_factory=dict)
    # N follows the delegates' mandates (docs/events.md, "Delegates: posts, committees, mandate").
    n_from_mandates: bool = False


@dataclass(frozen=True, slots=True)
class Delegate:
    delegate_id: str
    name: str
    title: str
    group_id: str
    group_name: str
    gender: str
    roles: tuple[str, ...]
    full_time: bool
    # Council posts as the list writes them («Trưởng Ban Pháp chế»); committee ids of the meeting.
    posts: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    standing: bool = False  # a member of the Standing Committee (Thường trực HĐND)
    mandate: str = "active"  # one of MANDATES

    @property
    def holds_mandate(self) -> bool:
        """Counted in N: a suspended delegate still holds the mandate (DOMAIN.md), one whose
        mandate has ended does not."""
        return self.mandate != "ended"


@dataclass(frozen=True, slots=True)
class Seat:
    seat_id: str
    label: str
    row: int
    col: int
    zone: str
    delegate_id: str | None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """status is pending, active or done; times are the `at` of the events that set them."""

    item_id: str
    title: str
    position: int
    planned_min: int
    presenter: str
    status: str = "pending"
    started_at: str | None = None
    completed_at: str | None = None
    # An item may be paused (another activated) and taken up again: its time is the sum of its
    # runs. used_s: the runs that ended; resumed_at: the start of the current run, if active.
    used_s: int = 0
    resumed_at: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    message_id: str
    to: str
    text: str
    from_role: str
    at: str


@dataclass(frozen=True, slots=True)
class Document:
    """One document's current version; `keys` maps a device id to the document key wrapped
    for that device alone, so the server never holds a key it could use."""

    document_id: str
    item_id: str | None
    title: str
    version: int
    pages: int
    classification: str
    blob: str
    size: int
    plain_size: int
    chunk_size: int
    keys: Mapping[str, str] = field(default_factory=dict)
    updated_at: str = ""
    change_note: str = ""
    # Who may read it: "all", "standing" (Thường trực HĐND) or "committee:<id>"; see app.catalog.
    audience: str = "all"


@dataclass(frozen=True, slots=True)
class Presentation:
    """The page the presidium shows the hall; `page` is 1-based, as printed for people."""

    document_id: str
    page: int


SPEECH_KINDS: Final = ("discussion", "debate", "question", "point_of_order")

SPEECH_KIND_LABELS: Final = {
    "discussion": "Phát biểu",
    "debate": "Tranh luận",
    "question": "Chất vấn",
    "point_of_order": "Ý kiến về trình tự, thủ tục",
}


@dataclass(frozen=True, slots=True)
class SpeechRequest:
    """One request for the floor on one agenda item, from registration to its end.

    status is waiting, speaking, done, withdrawn or lapsed (its item closed while it waited).
    position is its 1-based place in the queue while waiting, else None. Times are the `at` of
    the events that set them; limit_s is the granted limit plus every extension (extended_s);
    duration_s is what the speech took, in whole seconds. answer_to names the question request
    whose answer a priority debate request replies to.
    """

    request_id: str
    delegate_id: str
    item_id: str
    kind: str
    requested_at: str
    status: str = "waiting"
    position: int | None = None
    answer_to: str | None = None
    granted_at: str | None = None
    limit_s: int | None = None
    extended_s: int = 0
    ended_at: str | None = None
    duration_s: int | None = None


@dataclass(frozen=True, slots=True)
class SpeakingQueue:
    """Every request of the meeting (kept for the statistics) and the one speaking, if any."""

    requests: Mapping[str, SpeechRequest] = field(default_factory=dict)
    speaker: str | None = None

    def waiting(self) -> list[SpeechRequest]:
        """The queue in calling order. Only the active item's requests ever wait."""
        return sorted(
            (r for r in self.requests.values() if r.status == "waiting"),
            key=lambda r: (r.position or 0, r.request_id),
        )

    def current(self) -> SpeechRequest | None:
        return None if self.speaker is None else self.requests[self.speaker]


@dataclass(frozen=True, slots=True)
class Absence:
    """An absence the secretary recorded ("Đăng ký vắng mặt"); a check-in clears it."""

    delegate_id: str
    excused: bool
    reason: str
    at: str


@dataclass(frozen=True, slots=True)
class Person:
    """A person a ballot names: an official assessed in a confidence vote, or a candidate."""

    person_id: str
    name: str
    position: str = ""


@dataclass(frozen=True, slots=True)
class Committee:
    """The Ban kiểm phiếu of a secret vote: delegate ids; members include head and secretary."""

    head: str
    secretary: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ceremony:
    """The committee's key ceremony of a sealed vote (docs/sealed.md), as the log tells it.

    deals: dealer -> its `vote.key_dealt` data without vote_id and member; checks: member -> its
    latest `{"dealers", "complaints"}`; ready: the `vote.key_ready` data; failed: the reason given."""

    deals: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    checks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    ready: Mapping[str, Any] | None = None
    failed: str = ""


@dataclass(frozen=True, slots=True)
class Vote:
    """One vote from creation to its result (docs/votes.md).

    status is created, open, counting (sealed votes only, docs/sealed.md), closed or cancelled.
    `voted` names who has voted for the open kind only: for secret kinds the log never says.
    `result` is the `vote.closed` data. A sealed vote also holds its committee's device keys
    (member -> (device_id, kex_pub)), its ceremony, its ballots (the `vote.ballot_recorded` data
    in log order), the `vote.counting` data and the committee's decryptions (member -> data).
    """

    vote_id: str
    item_id: str
    title: str
    kind: str
    options: tuple[str, ...]
    rule: str
    n_total: int
    duration_s: int
    allow_change: bool
    created_at: str
    subjects: tuple[Person, ...] = ()
    candidates: tuple[Person, ...] = ()
    seats: int = 1
    committee: Committee | None = None
    status: str = "created"
    opened_at: str | None = None
    closes_at: str | None = None
    closed_at: str | None = None
    count: int = 0
    voted: frozenset[str] = frozenset()
    result: Mapping[str, Any] | None = None
    cancel_reason: str = ""
    sealed: bool = False
    committee_keys: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    ceremony: Ceremony = Ceremony()
    counting: Mapping[str, Any] | None = None
    decryptions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    ballots: tuple[Mapping[str, Any], ...] = ()

    @property
    def secret(self) -> bool:
        return self.kind in SECRET_KINDS


SECRET_KINDS: Final = ("secret", "confidence", "election")
# Kinds counted as a resolution: three options, passed or not by the rule.
RESOLUTION_KINDS: Final = ("open", "hands", "secret")


@dataclass(frozen=True, slots=True)
class BallotBox:
    """What only the room server holds of a vote until it closes, never in the log.

    voters: who has voted (to count each delegate once); nonces: "delegate|nonce" already used,
    so a replayed ballot is refused; named: the open kind's choices by delegate (canonical JSON);
    secret: the secret kinds' choices with nothing beside them; receipts: their receipt codes.
    """

    voters: frozenset[str] = frozenset()
    nonces: frozenset[str] = frozenset()
    named: Mapping[str, str] = field(default_factory=dict)
    secret: tuple[str, ...] = ()
    receipts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MeetingState:
    """One meeting's state after the events up to `seq` (whose hash is `head`)."""

    meeting: Meeting | None = None
    delegates: Mapping[str, Delegate] = field(default_factory=dict)
    seats: Mapping[str, Seat] = field(default_factory=dict)
    agenda: Mapping[str, AgendaItem] = field(default_factory=dict)
    active_item: str | None = None
    present: frozenset[str] = frozenset()
    messages: tuple[Message, ...] = ()
    documents: Mapping[str, Document] = field(default_factory=dict)
    presenting: Presentation | None = None
    speaking: SpeakingQueue = SpeakingQueue()
    absences: Mapping[str, Absence] = field(default_factory=dict)
    votes: Mapping[str, Vote] = field(default_factory=dict)
    # The room server's alone (seats keep it empty): filled from its private tables, not the log.
    boxes: Mapping[str, BallotBox] = field(default_factory=dict)
    # When the technician purged the documents after the meeting (docs/lifecycle.md).
    purged_at: str | None = None
    seq: int = 0
    head: str = ZERO_HASH

    def agenda_in_order(self) -> list[AgendaItem]:
        return sorted(self.agenda.values(), key=lambda item: (item.position, item.item_id))

    def seat_of(self, delegate_id: str) -> Seat | None:
        return next((s for s in self.seats.values() if s.delegate_id == delegate_id), None)

    def open_vote(self) -> Vote | None:
        return next((v for v in self.votes.values() if v.status == "open"), None)

    def quorum_met(self) -> bool:
        if self.meeting is None:
            return False
        s = self.meeting.settings
        return s.quorum_den * len(self.present) >= s.quorum_num * self.meeting.n_total


def meeting_or_empty(state: object) -> MeetingState:
    """A client's followed state as a meeting: empty before its first event, or when the log it
    follows is the server's own."""
    return state if isinstance(state, MeetingState) else MeetingState()


@dataclass(frozen=True, slots=True)
class Enrollment:
    """A one-time code's promise (only its hash is known); used_by is the device it made."""

    code_hash: str
    role: str
    meeting_id: str | None
    delegate_id: str | None
    seat: str | None
    expires_at: str
    used_by: str | None = None
    # A lost seat card: the technician cancels its code before printing a new one.
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class Device:
    device_id: str
    role: str
    meeting_id: str | None
    delegate_id: str | None
    seat: str | None
    device_name: str
    sign_pub: str
    kex_pub: str
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class ServerState:
    """The server's own log: which meetings exist and which devices may connect."""

    meetings: Mapping[str, Meeting] = field(default_factory=dict)
    enrollments: Mapping[str, Enrollment] = field(default_factory=dict)
    devices: Mapping[str, Device] = field(default_factory=dict)
    seq: int = 0
    head: str = ZERO_HASH


@dataclass(frozen=True, slots=True)
class Actor:
    """Who sends a command: the authenticated device and what it was enrolled as."""

    device_id: str | None
    role: str
    delegate_id: str | None = None

    @classmethod
    def of(cls, device: Device) -> Actor:
        return cls(device.device_id, device.role, device.delegate_id)


SYSTEM = Actor(device_id=None, role=TECHNICIAN)
