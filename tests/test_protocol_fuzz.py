"""Fuzzing: random, random-JSON and mutated frames only ever yield RemoteProtocolError/Violation."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.canonical import ZERO_HASH, canonical_json
from app.events import NewEvent, seal
from sync.protocol import (
    ClientSession,
    ClientState,
    ProtoEvent,
    RemoteProtocolError,
    ServerSession,
    ServerState,
    Violation,
    decode_client,
    decode_server,
    encode,
    encode_event,
)
from sync.protocol.handshake import (
    AckReceived,
    AuthReceived,
    ChallengeReceived,
    CommandReceived,
    ErrorReceived,
    EventReceived,
    HelloReceived,
    Welcomed,
)
from sync.protocol.messages import (
    Ack,
    Auth,
    Challenge,
    Command,
    Error,
    EventMsg,
    Hello,
    Welcome,
)

PROTO_EVENTS = (
    HelloReceived,
    AuthReceived,
    CommandReceived,
    ChallengeReceived,
    Welcomed,
    EventReceived,
    AckReceived,
    ErrorReceived,
    Violation,
)
NONCE = base64.b64encode(bytes(32)).decode()
EVENT = seal("m", ZERO_HASH, 1, "2026-12-01T08:00:00Z", "d-1", NewEvent("vote.created", {"o": [1]}))
VALID_CLIENT = [
    encode(Hello(1, "dev-1", "m", 0)),
    encode(Auth(NONCE)),
    encode(Command("c-1", "vote.cast", {"vote_id": "v-1", "choice": {"p": "tin_nhiem"}})),
]
VALID_SERVER = [
    encode(Challenge(NONCE)),
    encode(Welcome("chair", None, "2026-12-01T08:00:00Z", 0, "tok", NONCE)),
    encode_event(EVENT).decode(),
    encode(Ack("c-1", 1)),
    encode(Error("c-1", "conflict", "Xung đột.", {"k": [1]})),
]

Decoder = Callable[[str | bytes], object]


def _decodes_or_refuses(decode: Decoder, frame: str | bytes) -> bool:
    """True if accepted; a refusal must be a RemoteProtocolError, nothing else."""
    try:
        decode(frame)
    except RemoteProtocolError as exc:
        assert exc.code in {"bad_request", "too_large"}
        assert exc.message and exc.detail is not None
        return False
    return True


def _servers() -> list[ServerSession]:
    sessions = []
    for state in ServerState:
        session = ServerSession()
        session.state = state
        sessions.append(session)
    return sessions


def _clients() -> list[ClientSession]:
    sessions = []
    for state in ClientState:
        session = ClientSession()
        session.state, session.meeting_id = state, "m"
        sessions.append(session)
    return sessions


def _feed_all(frame: str | bytes) -> None:
    """Every session in every state copes; a frame that fails to decode is one Violation."""
    for decode, sessions in (
        (decode_client, _servers()),
        (decode_server, _clients()),
    ):
        accepted = _decodes_or_refuses(decode, frame)
        for session in sessions:
            was_closed = session.state.value == "closed"
            events: list[ProtoEvent] = session.receive(frame)
            assert all(isinstance(event, PROTO_EVENTS) for event in events)
            assert len(events) == (0 if was_closed else 1)
            if not accepted and not was_closed:
                assert isinstance(events[0], Violation)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes(frame: bytes) -> None:
    _feed_all(frame)
    try:
        text = frame.decode("utf-8")
    except UnicodeDecodeError:
        return
    _feed_all(text)


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_random_text(frame: str) -> None:
    _feed_all(frame)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)
TYPES = ["hello", "auth", "command", "challenge", "welcome", "event", "ack", "error", "x"]
FIELDS = [
    "v", "device_id", "meeting_id", "last_seq", "sig", "id", "name", "args", "nonce", "role",
    "delegate_id", "server_time", "head_seq", "token", "room_key", "seq", "at", "actor", "data",
    "prev", "hash", "code", "message", "detail",
]  # fmt: skip


@settings(max_examples=500)
@given(json_values)
def test_random_json(value: Any) -> None:
    _feed_all(json.dumps(value))


@settings(max_examples=1000)
@given(
    st.sampled_from(TYPES),
    st.dictionaries(st.sampled_from(FIELDS), json_values | st.text(max_size=70), max_size=8),
)
def test_random_json_messages(kind: str, fields: dict[str, Any]) -> None:
    """Objects shaped like our messages reach deep into validation."""
    frame = json.dumps({"type": kind, **fields}, ensure_ascii=False)
    _feed_all(frame)


@pytest.mark.parametrize("frame", VALID_CLIENT + VALID_SERVER)
def test_truncated_at_every_position(frame: str) -> None:
    data = frame.encode()
    for end in range(len(data)):
        _feed_all(data[:end])
        if end % 7 == 0:  # str frames too, where the cut is a character boundary
            _feed_all(frame[:end])


@settings(max_examples=500)
@given(
    st.sampled_from(VALID_CLIENT + VALID_SERVER),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=4),
)
def test_flipped_bytes(frame: str, flips: list[tuple[int, int]]) -> None:
    data = bytearray(frame.encode())
    for position, value in flips:
        data[position % len(data)] = value
    _feed_all(bytes(data))


json_safe = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(
    st.text(min_size=1, max_size=64),
    st.from_regex(r"\A[a-z_]{1,20}\.[a-z_]{1,20}\Z"),
    st.dictionaries(st.text(max_size=10), json_safe, max_size=5),
)
def test_valid_commands_round_trip(id: str, name: str, args: dict[str, Any]) -> None:
    msg = Command(id, name, args)
    frame = encode(msg)
    assert decode_client(frame) == msg
    assert decode_client(frame.encode()) == msg


@settings(max_examples=300)
@given(st.dictionaries(st.text(max_size=10), json_values, max_size=5))
def test_accepted_event_data_always_canonicalises(data: dict[str, Any]) -> None:
    """What the decoder accepts can be hashed: floats and unsafe integers never get through."""
    body = encode_event(seal("m", ZERO_HASH, 1, "t", None, NewEvent("a.b", {"x": 1}))).decode()
    frame = body.replace('{"x":1}', json.dumps(data))
    try:
        msg = decode_server(frame)
    except RemoteProtocolError:
        return
    assert isinstance(msg, EventMsg)
    canonical_json(msg.data)
    assert isinstance(msg.to_event().hash_ok(), bool)
