"""One closed vote of an archive, checked on its own: the room's signature on the result, the
device signatures of its ballots, and a recount with app.vote_rules (see app/archive_verify.py)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from app.archive import OpenBallot, SecretBallots
from app.archive_sealed import SealedAudit, SealedEvents
from app.events import Event
from app.keys import verify
from app.model import MeetingState, Vote
from app.vote_results import sealed_result
from app.vote_rules import confidence_results, election_result, resolution_outcome, tally
from app.voting import apply_created

Recount = Literal["ok", "mismatch", "not_recountable"]


class Reporter(Protocol):
    """What a vote's check needs of the whole archive's verifier."""

    signed: set[Any]

    def add(self, code: str, message: str, **where: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class VoteCheck:
    vote_id: str
    kind: str
    title: str
    seq: int
    signature_ok: bool
    recount: Recount
    ballots: int
    outcome: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"vote_id": self.vote_id, "kind": self.kind, "title": self.title, "seq": self.seq,
                "signature_ok": self.signature_ok, "recount": self.recount, "ballots": self.ballots,
                "outcome": self.outcome}


@dataclass(slots=True)
class _Recount:
    """The differences found while recounting one vote."""

    fields: list[str] = field(default_factory=list)
    delegate_id: str | None = None
    notes: list[str] = field(default_factory=list)

    def expect(self, name: str, got: Any, want: Any) -> None:
        if got != want:
            self.fields.append(name)


class VoteAudit:
    """One closed vote: its signature, its ballots and its recount."""

    def __init__(
        self,
        verifier: Reporter,
        event: Event,
        number: int,
        created: Mapping[str, Any] | None,
        present: int,
        recorded: Sequence[Event],
        ballots: Sequence[tuple[OpenBallot, int]],
        box: tuple[SecretBallots, int] | None,
        devices: Mapping[str, Mapping[str, Any]],
        revoked: Mapping[str, str],
        sealed: SealedEvents | None = None,
    ):
        self.v = verifier
        self.event = event
        self.data = event.data
        self.vote_id = str(self.data.get("vote_id"))
        self.number = number
        self.created = created or {}
        self.present = present
        self.recorded = recorded
        self.ballots = ballots
        self.box = box
        self.devices = devices
        self.revoked = revoked
        self.kind = str(self.created.get("kind", self.data.get("kind", "")))
        self.sealed_events = sealed
        self.problems = _Recount()
        self.mismatched_ballots = False

    def run(self) -> VoteCheck:
        signature_ok = self.signature_ok()
        if not signature_ok:
            self.v.add("bad_result_signature", f"kết quả biểu quyết {self.vote_id} (sự kiện số {self.event.seq}) không "
                                               "có chữ ký hợp lệ của khóa phòng họp (kết quả, hoặc nhật ký trước nó, "
                                               "đã bị sửa).",
                       part="meeting_log", line=self.number, seq=self.event.seq, vote_id=self.vote_id)
        counting: dict[str, Callable[[], None]] = {
            "open": self.open_vote, "hands": self.hands, "secret": self.secret, "confidence": self.secret,
            "election": self.secret,
        }
        count = self.sealed if self.sealed_events is not None else counting.get(self.kind)
        try:
            if not self.created:
                self.problems.notes.append("không có sự kiện tạo biểu quyết trong nhật ký")
            elif count is None:
                self.problems.notes.append(f"loại biểu quyết «{self.kind}» không biết")
            else:
                self.common()
                count()
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
            self.problems.notes.append(f"dữ liệu không kiểm lại được ({exc})")
        p = self.problems
        if p.fields or p.notes:
            what = "; ".join([*p.notes, *([f"khác ở {', '.join(p.fields)}"] if p.fields else [])])
            self.v.add("recount_mismatch", f"kiểm lại biểu quyết {self.vote_id} không khớp kết quả đã công bố: {what}.",
                       part="meeting_log", line=self.number, seq=self.event.seq, vote_id=self.vote_id,
                       delegate_id=p.delegate_id)
        if p.fields or p.notes or self.mismatched_ballots:
            recount: Recount = "mismatch"
        else:
            recount = "not_recountable" if self.kind == "hands" else "ok"
        outcome = self.data.get("outcome")
        return VoteCheck(self.vote_id, self.kind, str(self.created.get("title", "")), self.event.seq, signature_ok,
                         recount, len(self.ballots) if self.kind == "open" else len(self.recorded),
                         outcome if isinstance(outcome, str) else None)

    def signature_ok(self) -> bool:
        return ("result", self.number) in self.v.signed

    def common(self) -> None:
        d, c, p = self.data, self.created, self.problems
        p.expect("kind", d.get("kind"), c.get("kind"))
        p.expect("rule", d.get("rule"), c.get("rule"))
        p.expect("n_total", d.get("n_total"), c.get("n_total"))
        p.expect("present", d.get("present"), self.present)

    def resolution(self, choices: Sequence[Any] | None, counts: Mapping[str, int]) -> None:
        """`tally`, `participated`, `not_voted`, `outcome` of open, hands and secret votes."""
        d, c, p = self.data, self.created, self.problems
        options = list(c["options"])
        if choices is not None:
            counts = tally(options, choices)
        p.expect("tally", d.get("tally"), {option: counts.get(option, 0) for option in options})
        participated = sum(counts.values())
        p.expect("participated", d.get("participated"), participated)
        p.expect("not_voted", d.get("not_voted"), max(0, self.present - participated))
        p.expect("outcome", d.get("outcome"), resolution_outcome(str(c["rule"]), counts, int(c["n_total"])))

    def hands(self) -> None:
        counts = self.data.get("tally")
        if not isinstance(counts, dict) or set(counts) != set(self.created["options"]) or not all(
                isinstance(n, int) and n >= 0 for n in counts.values()):
            self.problems.fields.append("tally")
            return
        self.resolution(None, counts)

    def open_vote(self) -> None:
        last: dict[str, Any] = {}
        nonces: set[tuple[str, str]] = set()
        for ballot, number in self.ballots:
            self.check_ballot(ballot, number)
            if (ballot.delegate_id, ballot.nonce) in nonces:
                self.mismatched_ballots = True
                self.v.add("ballot_mismatch", f"phiếu của đại biểu {ballot.delegate_id} trong biểu quyết {self.vote_id} "
                                              "dùng lại một mã dùng một lần (phiếu gửi lại).",
                           part="open_ballots", line=number, vote_id=self.vote_id, delegate_id=ballot.delegate_id)
            nonces.add((ballot.delegate_id, ballot.nonce))
            last[ballot.delegate_id] = ballot.choice  # the last ballot counts
        self.against_log()
        published = self.data.get("ballots")
        if published != last:
            self.problems.fields.append("ballots")
            if isinstance(published, dict):
                differing = sorted(k for k in set(published) | set(last) if published.get(k) != last.get(k))
                if differing:
                    self.problems.delegate_id = differing[0]
                    shown = ", ".join(differing[:5]) + (" …" if len(differing) > 5 else "")
                    self.problems.notes.append(f"phiếu đã ký khác kết quả ở đại biểu {shown}")
        self.resolution(list(last.values()), {})
        self.last_count(len(last))

    def check_ballot(self, ballot: OpenBallot, number: int) -> None:
        where = {"part": "open_ballots", "line": number, "vote_id": self.vote_id, "delegate_id": ballot.delegate_id}
        device = self.devices.get(ballot.device_id)
        if device is None or device.get("delegate_id") != ballot.delegate_id or device.get("role") != "delegate":
            self.v.add("unknown_device", f"phiếu của đại biểu {ballot.delegate_id} trong biểu quyết {self.vote_id} gửi từ "
                                         f"thiết bị {ballot.device_id}, không phải thiết bị đã đăng ký cho đại biểu này "
                                         "trong nhật ký máy chủ.", **where)
            return
        if ("ballot", number) not in self.v.signed:
            self.v.add("bad_ballot_signature", f"phiếu của đại biểu {ballot.delegate_id} trong biểu quyết {self.vote_id} "
                                               "không có chữ ký hợp lệ của thiết bị (phiếu bị sửa).", **where)

    def against_log(self) -> None:
        """The log recorded one `vote.ballot_recorded` per accepted ballot, by the device that sent it."""
        logged: dict[str, list[tuple[str | None, str]]] = {}
        for event in self.recorded:
            logged.setdefault(str(event.data.get("delegate_id")), []).append((event.actor, event.at))
        archived: dict[str, list[tuple[str, int]]] = {}
        for ballot, number in self.ballots:
            archived.setdefault(ballot.delegate_id, []).append((ballot.device_id, number))
        for delegate_id in sorted(set(logged) | set(archived)):
            log_side = logged.get(delegate_id, [])
            ours = archived.get(delegate_id, [])
            where = {"vote_id": self.vote_id, "delegate_id": delegate_id,
                     "part": "open_ballots", "line": ours[0][1] if ours else None}
            if len(log_side) != len(ours):
                self.mismatched_ballots = True
                self.v.add("ballot_mismatch", f"nhật ký ghi {len(log_side)} phiếu của đại biểu {delegate_id} trong biểu "
                                              f"quyết {self.vote_id}, biên bản lưu trữ có {len(ours)} phiếu.", **where)
                continue
            for (actor, at), (device_id, number) in zip(log_side, ours, strict=True):
                if actor != device_id:
                    self.mismatched_ballots = True
                    self.v.add("ballot_mismatch", f"phiếu của đại biểu {delegate_id} trong biểu quyết {self.vote_id} "
                                                  f"ghi thiết bị {device_id}, nhật ký ghi {actor}.", **{**where, "line": number})
                elif device_id in self.revoked and self.revoked[device_id] < at:
                    self.v.add("unknown_device", f"phiếu của đại biểu {delegate_id} trong biểu quyết {self.vote_id} gửi "
                                                 f"từ thiết bị {device_id} đã bị thu hồi trước đó.", **{**where, "line": number})

    def last_count(self, participated: int) -> None:
        if self.recorded:
            self.problems.expect("count", self.recorded[-1].data.get("count"), participated)
        elif participated:
            self.problems.fields.append("count")

    def secret(self) -> None:
        d, c, p = self.data, self.created, self.problems
        if self.box is None:
            self.mismatched_ballots = True
            self.v.add("ballot_mismatch", f"biên bản lưu trữ không có hòm phiếu kín của biểu quyết {self.vote_id}.",
                       part="secret_ballots", vote_id=self.vote_id)
            counted, receipts = list(d.get("counted", [])), list(d.get("receipts", []))
        else:
            box = self.box[0]
            counted, receipts = box.counted, box.receipts
            if counted != d.get("counted") or receipts != d.get("receipts"):
                p.notes.append("hòm phiếu kín khác danh sách phiếu trong kết quả đã ký")
                p.fields += [name for name, mine in (("counted", counted), ("receipts", receipts)) if mine != d.get(name)]
        if counted != sorted(counted) or receipts != sorted(receipts) or len(set(receipts)) != len(receipts):
            p.notes.append("phiếu hoặc mã biên nhận không được sắp xếp, hoặc có mã trùng")
        if len(receipts) != len(counted):
            p.notes.append(f"{len(receipts)} mã biên nhận cho {len(counted)} phiếu")
        p.expect("ballot_recorded", len(self.recorded), len(counted))
        self.last_count(len(counted))
        choices = [json.loads(choice) for choice in counted]
        if self.kind == "secret":
            self.resolution(choices, {})
            return
        p.expect("issued", d.get("issued"), self.present)
        p.expect("collected", d.get("collected"), len(choices))
        if self.kind == "confidence":
            subjects = [str(s["id"]) for s in c.get("subjects", [])]
            p.expect("results", d.get("results"),
                     confidence_results(str(c["rule"]), subjects, list(c["options"]), choices, self.present))
            return
        seats = int(c.get("seats", 1))
        outcome = election_result(list(c["options"]), seats, int(c["n_total"]), choices)
        p.expect("seats", d.get("seats"), seats)
        for name, value in outcome.items():
            p.expect(name, d.get(name), value)


    def sealed(self) -> None:
        """A sealed vote: its cryptography from the log alone, then the result from the counts
        the committee's shares decrypt to (docs/sealed.md)."""
        events = self.sealed_events
        assert events is not None
        counts = SealedAudit(self.v, events).run()
        if counts is None:
            self.mismatched_ballots = True
            return
        d, p = self.data, self.problems
        counting = events.counting[0].data if events.counting else {}
        vote = vote_of(events.created_event)
        want = sealed_result(vote, counts, self.present, len(events.ballots), str(counting.get("closed_by")))
        for name, value in want.items():
            p.expect(name, d.get(name), value)
        ready = events.ready[0].data if events.ready else {}
        sealed = d.get("sealed")
        if not isinstance(sealed, Mapping) or sealed.get("public_key") != ready.get("public_key") or sealed.get(
                "threshold") != ready.get("threshold"):
            p.fields.append("sealed")
        p.expect("ballot_recorded", len(self.recorded), len(events.ballots))
        self.last_count(len(events.ballots))


def vote_of(created: Event) -> Vote:
    """The vote as the reducer builds it from its vote.created event."""
    return apply_created(MeetingState(), created).votes[str(created.data["vote_id"])]


def verify_many(jobs: Sequence[tuple[str, bytes, str]]) -> list[bool]:
    """`app.keys.verify` of each (public key, message, signature), split over a few threads."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    workers = min(8, cores)
    if workers < 2 or len(jobs) < 64:
        return [verify(*job) for job in jobs]
    size = -(-len(jobs) // workers)

    def chunk(start: int) -> list[bool]:
        return [verify(*job) for job in jobs[start:start + size]]

    with ThreadPoolExecutor(workers) as pool:
        return [ok for part in pool.map(chunk, range(0, len(jobs), size)) for ok in part]


