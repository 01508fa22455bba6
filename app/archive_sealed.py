"""A sealed vote re-checked from the meeting log alone (docs/sealed.md, "Verification"): the key
ceremony, every ballot's proofs, the tally as their sum, every decryption share's proof, and the
counts they give. The recount of the published result from these counts is app/archive_votes.py's.

Findings (stable codes): `sealed_key` (a deal, the qualified dealers, the public key or a
verification key that the deals do not give), `sealed_ballot` (a ballot whose proofs fail, a copy,
or a tracking hash that is not its own), `sealed_tally` (vote.counting's tally is not the sum of
the ballots, or more ballots than delegates checked in), `sealed_decryption` (a share whose proof fails, or too few shares), `sealed_count`
(the shares do not decrypt to counts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.events import Event
from app.tally.ballot import Question, check_ballot, questions_for, tracking
from app.tally.decrypt import check_decryption, combine
from app.tally.dkg import check_deal, ready_data
from app.tally.elgamal import Tally, tally_from_json, tally_of, tally_to_json
from app.tally.group import TallyError, point_from_b64


class Reporter(Protocol):
    def add(self, code: str, message: str, **where: Any) -> None: ...


@dataclass(slots=True)
class SealedEvents:
    """The events of one sealed vote, in log order, each with its archive line."""

    created_event: Event
    deals: list[tuple[Event, int]] = field(default_factory=list)
    checks: list[tuple[Event, int]] = field(default_factory=list)
    ready: tuple[Event, int] | None = None
    ballots: list[tuple[Event, int]] = field(default_factory=list)
    counting: tuple[Event, int] | None = None
    decryptions: list[tuple[Event, int]] = field(default_factory=list)

    def take(self, event: Event, number: int) -> None:
        name = event.name
        if name == "vote.key_dealt":
            self.deals.append((event, number))
        elif name == "vote.key_checked":
            self.checks.append((event, number))
        elif name == "vote.key_ready":
            self.ready = (event, number)
        elif name == "vote.ballot_recorded":
            self.ballots.append((event, number))
        elif name == "vote.counting":
            self.counting = (event, number)
        elif name == "vote.decryption_added":
            self.decryptions.append((event, number))


SEALED_EVENTS = frozenset({"vote.key_dealt", "vote.key_checked", "vote.key_ready", "vote.ballot_recorded",
                           "vote.counting", "vote.decryption_added"})


class SealedAudit:
    """Returns the counts the committee's shares decrypt to, or None when they cannot be trusted."""

    def __init__(self, reporter: Reporter, events: SealedEvents):
        self.v = reporter
        self.e = events
        c = events.created_event.data
        self.vote_id = str(c["vote_id"])
        self.members = [str(m) for m in c["committee"]["members"]]
        self.t = len(self.members) // 2 + 1
        self.questions: tuple[Question, ...] = questions_for(
            str(c["kind"]), len(c["options"]), len(c.get("subjects") or ()), int(c.get("seats", 1)))

    def flag(self, code: str, message: str, number: int | None, seq: int | None = None) -> None:
        self.v.add(code, message, part="meeting_log", line=number, seq=seq, vote_id=self.vote_id)

    def run(self) -> list[list[int]] | None:
        ready = self.check_key()
        if ready is None:
            return None
        public_key = point_from_b64(ready["public_key"], "public_key")
        ballots = self.check_ballots(public_key)
        tally = self.check_tally(ballots)
        if tally is None:
            return None
        return self.check_decryptions(ready, tally)

    def check_key(self) -> Mapping[str, Any] | None:
        if self.e.ready is None:
            self.flag("sealed_key", f"phiếu kín {self.vote_id} có kết quả nhưng nhật ký không có khóa của Ban kiểm phiếu.",
                      None)
            return None
        deals: dict[str, Mapping[str, Any]] = {}
        for event, number in self.e.deals:
            dealer = str(event.data.get("member"))
            try:
                if dealer not in self.members or dealer in deals:
                    raise TallyError("người chia khóa không thuộc Ban kiểm phiếu hoặc chia hai lần")
                check_deal(self.vote_id, dealer, self.members, self.t, event.data)
            except TallyError as exc:
                self.flag("sealed_key", f"phần chia khóa của {dealer} cho phiếu kín {self.vote_id} không hợp lệ "
                                        f"({exc.message}).", number, event.seq)
                return None
            deals[dealer] = event.data
        event, number = self.e.ready
        data = event.data
        dealers = set(deals)
        # A check counts when it covered every dealer, and only until the key was declared ready.
        current = [e.data for e, _n in self.e.checks
                   if e.seq < event.seq and set(e.data.get("dealers", ())) == dealers]
        complained = {str(d) for check in current for d in check.get("complaints", ())}
        qualified = [m for m in self.members if m in dealers and m not in complained]
        try:
            expected = ready_data(self.vote_id, self.members, self.t, deals, qualified,
                                  list(data.get("holders", ())))
        except (TallyError, KeyError) as exc:
            self.flag("sealed_key", f"không dựng lại được khóa của phiếu kín {self.vote_id} ({exc}).", number, event.seq)
            return None
        for name in ("threshold", "qualified", "public_key", "verification_keys"):
            if data.get(name) != expected[name]:
                self.flag("sealed_key", f"khóa của phiếu kín {self.vote_id} khác khóa dựng lại từ các phần chia "
                                        f"(ở «{name}»).", number, event.seq)
                return None
        if len(qualified) < self.t:
            self.flag("sealed_key", f"phiếu kín {self.vote_id} chỉ có {len(qualified)} người chia khóa hợp lệ, cần "
                                    f"{self.t}.", number, event.seq)
            return None
        return data

    def check_ballots(self, public_key: bytes) -> list[Mapping[str, Any]]:
        accepted: list[Mapping[str, Any]] = []
        seen: set[bytes] = set()
        for event, number in self.e.ballots:
            ballot = event.data.get("ballot")
            try:
                points = check_ballot(self.vote_id, public_key, self.questions, ballot)
            except TallyError as exc:
                self.flag("sealed_ballot", f"phiếu mã hóa thứ {event.data.get('count')} của {self.vote_id} không hợp lệ "
                                           f"({exc.message}).", number, event.seq)
                continue
            assert isinstance(ballot, Mapping)
            if event.data.get("tracking") != tracking(ballot):
                self.flag("sealed_ballot", f"mã theo dõi của phiếu thứ {event.data.get('count')} trong {self.vote_id} "
                                           "không phải mã của chính phiếu đó.", number, event.seq)
            if seen & set(points):
                self.flag("sealed_ballot", f"phiếu thứ {event.data.get('count')} trong {self.vote_id} chép lại một phiếu "
                                           "đã có.", number, event.seq)
            seen.update(points)
            accepted.append(ballot)
        return accepted

    def check_tally(self, ballots: Sequence[Mapping[str, Any]]) -> Tally | None:
        if self.e.counting is None:
            self.flag("sealed_tally", f"phiếu kín {self.vote_id} có kết quả nhưng không có bước kiểm phiếu.", None)
            return None
        event, number = self.e.counting
        tally = tally_of(self.questions, ballots)
        if event.data.get("tally") != tally_to_json(tally) or event.data.get("collected") != len(ballots):
            self.flag("sealed_tally", f"tổng mã hóa của {self.vote_id} không phải tổng của {len(ballots)} phiếu trong "
                                      "nhật ký.", number, event.seq)
            return None
        present = event.data.get("present")
        if isinstance(present, int) and len(ballots) > present:
            self.flag("sealed_tally", f"{self.vote_id} có {len(ballots)} phiếu mà chỉ {present} đại biểu có mặt khi kết "
                                      "thúc bỏ phiếu.", number, event.seq)
            return None
        return tally_from_json(event.data["tally"], self.questions)

    def check_decryptions(self, ready: Mapping[str, Any], tally: Tally) -> list[list[int]] | None:
        keys = ready["verification_keys"]
        shares: dict[int, list[list[bytes]]] = {}
        for event, number in self.e.decryptions:
            member = str(event.data.get("member"))
            try:
                if member not in keys:
                    raise TallyError("không phải thành viên Ban kiểm phiếu")
                found = check_decryption(self.vote_id, member, point_from_b64(keys[member], "key"), tally,
                                         event.data.get("shares"))
            except TallyError as exc:
                self.flag("sealed_decryption", f"phần giải mã của {member} cho {self.vote_id} không hợp lệ "
                                               f"({exc.message}).", number, event.seq)
                continue
            shares[self.members.index(member) + 1] = found
        if len(shares) < self.t:
            self.flag("sealed_decryption", f"{self.vote_id} chỉ có {len(shares)} phần giải mã hợp lệ, cần {self.t}.",
                      None)
            return None
        chosen = dict(sorted(shares.items())[: self.t])
        try:
            return combine(tally, chosen, len(self.e.ballots))
        except TallyError as exc:
            self.flag("sealed_count", f"các phần giải mã của {self.vote_id} không cho ra số phiếu ({exc.message}).", None)
            return None
