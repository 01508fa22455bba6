"""The counting committee's devices at work by themselves (sync.client.sealed_agent, docs/sealed.md).

First the agent's decisions over a vote built from real deals and real sealed ballots (no room):
what it owes at each stage, that its shares decrypt the true counts, and that it refuses a tally
that is not the sum of the board's ballots. Then the real room server with seven committee
devices, a few voters and the chair: the key ceremony completes with nobody pressing anything,
the seats cast sealed ballots, the chair closes, the devices decrypt and the signed result comes
back; and a committee device restarted in the middle of the ceremony finishes its part."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.ballots import result_message
from app.canonical import without_body
from app.keys import DeviceKeys, RoomKey, verify
from app.model import Ceremony, Committee, MeetingState, Vote
from app.storage.replica import Replica
from app.tally import dkg
from app.tally.ballot import marks_for, seal_ballot, tracking, vote_questions
from app.tally.decrypt import check_decryption, combine
from app.tally.elgamal import tally_of, tally_to_json
from app.tally.group import point_from_b64
from app.vote_rules import RESOLUTION_OPTIONS
from sync.client.ballot import (
    CAST_SEALED,
    expected_tracking_code,
    seal_choice,
    sealed_cast_args,
)
from sync.client.connection import Connection
from sync.client.sealed_agent import (
    SealedAgent,
    TallyMismatch,
    current_dealers,
    decrypt_args,
    member_of,
    prepare,
    stage_of,
    steps_for,
)
from sync.client.status import Backoff
from tests.support import ServerProcess, enrolled_client, patience, wait_until

ITEM = "item-07"
MEMBERS = [f"db-{i:03d}" for i in range(70, 77)]
COMMITTEE = {"head": MEMBERS[0], "secretary": MEMBERS[1], "members": MEMBERS}


# -- the agent's decisions over a vote made of real deals and ballots (no room) -------------------


def committee_vote(members: list[str], keys: dict[str, DeviceKeys]) -> Vote:
    return Vote(
        vote_id="vote-9", item_id=ITEM, title="Bỏ phiếu kín", kind="secret", options=tuple(RESOLUTION_OPTIONS),
        rule="majority_of_all", n_total=50, duration_s=0, allow_change=False, created_at="2026-05-04T08:00:00+07:00",
        committee=Committee(members[0], members[1], tuple(members)), sealed=True,
        committee_keys={m: (f"dev-{m}", keys[m].kex_pub_b64) for m in members},
    )


def with_deal(vote: Vote, member: str, args: dict[str, Any]) -> Vote:
    deal = {k: v for k, v in args.items() if k != "vote_id"}
    return replace(vote, ceremony=replace(vote.ceremony, deals={**vote.ceremony.deals, member: deal}))


def with_check(vote: Vote, member: str, args: dict[str, Any]) -> Vote:
    check = {"dealers": args["dealers"], "complaints": args["complaints"]}
    return replace(vote, ceremony=replace(vote.ceremony, checks={**vote.ceremony.checks, member: check}))


def ready_vote(members: list[str], keys: dict[str, DeviceKeys]) -> Vote:
    """Every member dealt and checked, as the agents decide it; then the room's key_ready."""
    vote = committee_vote(members, keys)
    for member in members:
        (step,) = steps_for(vote, member)
        assert step.action == "deal"
        vote = with_deal(vote, member, prepare(keys[member], vote, member, step))
    for member in members:
        (step,) = steps_for(vote, member)
        assert step.action == "check" and step.basis.split("|") == members
        args = prepare(keys[member], vote, member, step)
        assert args["complaints"] == [], args
        vote = with_check(vote, member, args)
        assert steps_for(vote, member) == [] and stage_of(vote, member) == "dealt"
    t = dkg.threshold(len(members))
    ready = dkg.ready_data(vote.vote_id, members, t, vote.ceremony.deals, members, members)
    return replace(vote, ceremony=replace(vote.ceremony, ready=ready))


def counting(vote: Vote, ballots: list[dict[str, Any]], tallied: list[dict[str, Any]]) -> Vote:
    """The vote at counting: `ballots` on the board, the room's tally the sum of `tallied`."""
    board = tuple({"vote_id": vote.vote_id, "count": i + 1, "ballot": b, "tracking": tracking(b)}
                  for i, b in enumerate(ballots))
    tally = tally_to_json(tally_of(vote_questions(vote), tallied))
    data = {"vote_id": vote.vote_id, "closed_by": "chair", "present": [], "collected": len(ballots), "tally": tally}
    return replace(vote, status="counting", ballots=board, counting=data)


def sealed(vote: Vote, choice: str) -> dict[str, Any]:
    assert vote.ceremony.ready is not None
    public_key = point_from_b64(vote.ceremony.ready["public_key"], "public_key")
    return seal_ballot(vote.vote_id, public_key, vote_questions(vote), marks_for(vote, choice))


def test_the_agents_shares_decrypt_the_true_counts_and_a_new_deal_makes_a_check_stale() -> None:
    members = ["db-1", "db-2", "db-3", "db-4", "db-5"]
    keys = {m: DeviceKeys.generate() for m in members}
    vote = committee_vote(members, keys)
    assert member_of(vote, "dev-db-3") == "db-3" and member_of(vote, "dev-other") is None
    assert member_of(replace(vote, sealed=False), "dev-db-3") is None

    # A check made before the last deal no longer covers the dealers: the device checks again.
    early = with_deal(vote, "db-1", prepare(keys["db-1"], vote, "db-1", steps_for(vote, "db-1")[0]))
    early = with_deal(early, "db-2", prepare(keys["db-2"], early, "db-2", steps_for(early, "db-2")[0]))
    (step,) = steps_for(early, "db-1")
    early = with_check(early, "db-1", prepare(keys["db-1"], early, "db-1", step))
    assert steps_for(early, "db-1") == []
    later = with_deal(early, "db-3", prepare(keys["db-3"], early, "db-3", steps_for(early, "db-3")[0]))
    (again,) = steps_for(later, "db-1")
    assert again.action == "check" and again.basis == "db-1|db-2|db-3" == "|".join(current_dealers(later))
    assert stage_of(later, "db-1") == "dealing"

    vote = ready_vote(members, keys)
    assert [stage_of(vote, m) for m in members] == ["ready"] * 5
    choices = ["tan_thanh", "tan_thanh", "khong_tan_thanh", "tan_thanh", "khong_bieu_quyet", "tan_thanh"]
    ballots = [sealed(vote, c) for c in choices]
    vote = counting(vote, ballots, ballots)
    assert stage_of(vote, "db-2") == "decrypting"
    ready = vote.ceremony.ready
    assert ready is not None and vote.counting is not None
    tally = tally_of(vote_questions(vote), vote.ballots)
    shares = {}
    for member in ("db-2", "db-4", "db-5"):  # any t = 3 of the 5
        (step,) = steps_for(vote, member)
        assert step.action == "decrypt"
        args = decrypt_args(keys[member], vote, member)
        verification = point_from_b64(ready["verification_keys"][member], "verification_keys")
        shares[members.index(member) + 1] = check_decryption(vote.vote_id, member, verification, tally, args["shares"])
    assert combine(tally, shares, len(ballots)) == [[4, 1, 1]]
    # A member whose check did not count holds no share: it owes nothing at counting.
    ready_without = {**ready, "holders": members[:4]}
    outsider = replace(vote, ceremony=replace(vote.ceremony, ready=ready_without))
    assert steps_for(outsider, "db-5") == [] and stage_of(outsider, "db-5") == "not_holder"
    done = replace(vote, decryptions={"db-2": {"shares": []}})
    assert steps_for(done, "db-2") == [] and stage_of(done, "db-2") == "decrypted"


def test_the_agent_refuses_a_tally_that_is_not_the_sum_of_the_board() -> None:
    """A room that asks the committee to decrypt one ballot's ciphertexts as 'the tally' would
    learn that ballot: the device recomputes the sum from its own board and sends nothing."""
    members = ["db-1", "db-2", "db-3"]
    keys = {m: DeviceKeys.generate() for m in members}
    vote = ready_vote(members, keys)
    ballots = [sealed(vote, c) for c in ("tan_thanh", "khong_tan_thanh", "tan_thanh")]
    honest = counting(vote, ballots, ballots)
    assert decrypt_args(keys["db-1"], honest, "db-1")["vote_id"] == vote.vote_id  # the control: it decrypts
    lying = counting(vote, ballots, ballots[1:2])  # "the tally" is the second ballot alone
    (step,) = steps_for(lying, "db-1")
    with pytest.raises(TallyMismatch) as refused:
        prepare(keys["db-1"], lying, "db-1", step)
    assert refused.value.code == "conflict" and "không khớp" in refused.value.message
    assert refused.value.detail == {"reason": "tally_mismatch", "vote_id": vote.vote_id, "ballots": 3}
    # A board that holds a ballot without its body (as a seat receives it) cannot be summed.
    lean = replace(honest, ballots=(*honest.ballots[:2], without_body("vote.ballot_recorded", honest.ballots[2])))
    with pytest.raises(TallyMismatch) as unchecked:
        prepare(keys["db-1"], lean, "db-1", step)
    assert unchecked.value.detail == {"reason": "board_incomplete", "vote_id": vote.vote_id, "ballots": 3}


def test_a_seat_seals_signs_and_knows_its_tracking_code_before_sending() -> None:
    members = ["db-1", "db-2", "db-3"]
    keys = {m: DeviceKeys.generate() for m in members}
    vote = ready_vote(members, keys)
    seat = DeviceKeys.generate()
    args = sealed_cast_args(seat, vote.vote_id, seal_choice(vote, "khong_tan_thanh"))
    assert set(args) == {"vote_id", "ballot", "nonce", "sig"}
    code = expected_tracking_code(args)
    assert len(code) == 11 and code[5] == "-" and code.replace("-", "").isalnum()
    from app.ballots import ballot_message
    assert verify(seat.sign_pub_b64, ballot_message(vote.vote_id, args["ballot"], args["nonce"]), args["sig"])
    election = replace(vote, kind="election", options=("c1", "c2", "c3"), seats=1)
    with pytest.raises(Exception, match="tối đa 1"):
        seal_choice(election, ["c1", "c2"])


# -- the real room ----------------------------------------------------------------------------------


def meeting(conn: Connection) -> MeetingState:
    state = conn.state
    assert isinstance(state, MeetingState)
    return state


def vote_of(conn: Connection, vote_id: str) -> Vote | None:
    return meeting(conn).votes.get(vote_id)


def status_of(conn: Connection, vote_id: str) -> str:
    vote = vote_of(conn, vote_id)
    return vote.status if vote is not None else ""


async def delegate(server: ServerProcess, tmp_path: Path, delegate_id: str) -> Connection:
    conn = await enrolled_client(tmp_path / delegate_id, server.card("delegate", delegate_id)["link"],
                                 f"Ghế {delegate_id}")
    await wait_until(lambda: conn.status.kind == "online", what=f"{delegate_id} online")
    answer = await conn.request("attendance.check_in", {}, timeout=patience(10))
    assert answer["type"] == "ack", answer
    return conn


def log_names(conn: Connection, vote_id: str) -> list[str]:
    return [e.name for e in conn.replica.events(0) if e.data.get("vote_id") == vote_id]


async def create_sealed(chair: Connection, **args: Any) -> str:
    body = {"item_id": ITEM, "title": "Bỏ phiếu kín thông qua Nghị quyết", "kind": "secret",
            "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 0,
            "committee": COMMITTEE, "sealed": True, **args}
    created = await chair.request("vote.create", body, timeout=patience(5))
    assert created["type"] == "ack", created
    return f"vote-{created['seq']}"


async def cast(seat: Connection, vote_id: str, choice: str) -> str:
    vote = vote_of(seat, vote_id)
    assert vote is not None
    args = await asyncio.to_thread(sealed_cast_args, seat.keys, vote_id, seal_choice(vote, choice))
    answer = await seat.request(CAST_SEALED, args, timeout=patience(10))
    assert answer["type"] == "ack", answer
    assert answer["receipt"] == expected_tracking_code(args)  # the seat knew it before sending
    return str(answer["receipt"])


@pytest.mark.slow
async def test_seven_devices_make_the_key_count_and_the_signed_result_arrives_by_itself(
    server: ServerProcess, tmp_path: Path
) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    committee = await asyncio.gather(*(delegate(server, tmp_path, m) for m in MEMBERS))
    voters = await asyncio.gather(*(delegate(server, tmp_path, f"db-{i:03d}") for i in range(1, 5)))
    agents = [SealedAgent(conn) for conn in committee]
    for agent in agents:
        agent.start()
    try:
        await wait_until(lambda: chair.status.kind == "online", what="chair online")
        vote_id = await create_sealed(chair)
        await wait_until(lambda: getattr(vote_of(chair, vote_id), "ceremony", Ceremony()).ready is not None,
                         timeout=30, what="the key ready with nobody pressing anything")
        vote = vote_of(chair, vote_id)
        assert vote is not None and vote.ceremony.ready is not None
        assert vote.ceremony.ready["qualified"] == MEMBERS and vote.ceremony.ready["holders"] == MEMBERS
        names = log_names(chair, vote_id)
        assert names.count("vote.key_dealt") == 7 and names.count("vote.key_ready") == 1
        await wait_until(lambda: all(a.status.stage == "ready" for a in agents), what="every device says ready")

        opened = await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(5))
        assert opened["type"] == "ack", opened
        everyone = [*committee, *voters]
        await wait_until(lambda: all(status_of(c, vote_id) == "open" for c in everyone), what="open everywhere")
        choices = ["tan_thanh"] * 6 + ["khong_tan_thanh"] * 3 + ["khong_bieu_quyet"] * 2
        codes = await asyncio.gather(*(cast(seat, vote_id, c) for seat, c in zip(everyone, choices, strict=True)))
        await wait_until(lambda: len(getattr(vote_of(voters[0], vote_id), "ballots", ())) == 11, what="the board")
        board = vote_of(voters[0], vote_id)
        assert board is not None
        from app.tally.ballot import tracking_code
        assert sorted(tracking_code(b["tracking"]) for b in board.ballots) == sorted(codes)

        closed = await chair.request("vote.close", {"vote_id": vote_id}, timeout=patience(5))
        assert closed["type"] == "ack", closed
        await wait_until(lambda: all(status_of(c, vote_id) == "closed" for c in [chair, *everyone]),
                         timeout=20, what="the result decrypted by the devices and published")
        vote = vote_of(chair, vote_id)
        assert vote is not None and vote.result is not None
        result = dict(vote.result)
        assert result["tally"] == {"tan_thanh": 6, "khong_tan_thanh": 3, "khong_bieu_quyet": 2}, result
        assert result["participated"] == 11 and result["outcome"] == "failed"  # 6 of N = 50
        assert result["sealed"]["threshold"] == 4 and len(result["sealed"]["decrypted_by"]) >= 4
        assert "receipts" not in result and "counted" not in result
        event = next(e for e in chair.replica.events(0) if e.name == "vote.closed" and e.data["vote_id"] == vote_id)
        room_key = RoomKey.load_or_create(server.data_dir / "room_key.pem").public_b64
        assert verify(room_key, result_message(result, event.prev), result["signature"])
        names = log_names(chair, vote_id)
        assert names.count("vote.counting") == 1 and 4 <= names.count("vote.decryption_added") <= 7
        # Every device did its part once: no deal twice, nothing refused-and-resent in a loop.
        await wait_until(lambda: all(not c.replica.pending() for c in committee), what="every answer in")
        await asyncio.sleep(0.3)  # and nothing more sent after the result
        assert all(not c.replica.pending() for c in committee)
        assert all(a.status.stage == "none" for a in agents)
        assert names.count("vote.key_checked") <= 7 * 7
    finally:
        await asyncio.gather(*(a.stop() for a in agents))
        await asyncio.gather(*(c.stop() for c in [chair, *committee, *voters]))


@pytest.mark.slow
async def test_a_committee_device_restarted_mid_ceremony_finishes_its_part(server: ServerProcess, tmp_path: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    committee = list(await asyncio.gather(*(delegate(server, tmp_path, m) for m in MEMBERS)))
    late = committee[-1]  # the last member's device is away until the others have dealt and checked
    await late.stop()
    agents = [SealedAgent(conn) for conn in committee[:-1]]
    for agent in agents:
        agent.start()
    restarted: Connection | None = None
    back: Connection | None = None
    again: SealedAgent | None = None
    try:
        await wait_until(lambda: chair.status.kind == "online", what="chair online")
        vote_id = await create_sealed(chair)
        # The first device deals and checks, then goes down (its seat restarts).
        first, first_agent = committee[0], agents[0]

        def dealt(member: str) -> bool:
            vote = vote_of(chair, vote_id)
            return vote is not None and member in vote.ceremony.deals

        await wait_until(lambda: all(dealt(m) for m in MEMBERS[:-1]), timeout=20, what="six deals")
        await wait_until(lambda: len(getattr(vote_of(chair, vote_id), "ceremony", Ceremony()).checks) == 6,
                         timeout=20, what="six checks")
        await first_agent.stop()
        await first.stop()
        first.replica.close()

        # The away member comes back: its deal makes every check stale.
        back = Connection(late.identity, late.keys, late.replica, backoff=Backoff(base_s=0.05, cap_s=0.5))
        back_agent = SealedAgent(back)
        back_agent.start()
        back.start()
        agents.append(back_agent)
        await wait_until(lambda: dealt(MEMBERS[-1]), timeout=20, what="the seventh deal")
        vote = vote_of(chair, vote_id)
        assert vote is not None and vote.ceremony.ready is None  # the first device's check is stale

        # The restarted seat: the same device and replica, a new process; it checks again by itself.
        replica = Replica(tmp_path / MEMBERS[0] / "replica.db")
        restarted = Connection(first.identity, first.keys, replica, backoff=Backoff(base_s=0.05, cap_s=0.5))
        again = SealedAgent(restarted)
        again.start()
        restarted.start()
        await wait_until(lambda: getattr(vote_of(chair, vote_id), "ceremony", Ceremony()).ready is not None,
                         timeout=30, what="the key ready once the restarted device checked again")
        vote = vote_of(chair, vote_id)
        assert vote is not None and vote.ceremony.ready is not None
        assert vote.ceremony.ready["holders"] == MEMBERS
        names = log_names(chair, vote_id)
        assert names.count("vote.key_dealt") == 7  # nobody dealt twice, the restarted device included
        await wait_until(lambda: again is not None and again.status.stage == "ready", what="the restarted device")
    finally:
        await asyncio.gather(*(a.stop() for a in [*agents, *([again] if again is not None else [])]))
        running = [chair, *committee[1:-1], *([back] if back is not None else []),
                   *([restarted] if restarted is not None else [])]
        await asyncio.gather(*(c.stop() for c in running))
