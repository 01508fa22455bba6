"""A client and a server session paired in memory: the handshake, commands, events, misuse."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.canonical import ZERO_HASH
from app.events import NewEvent, seal
from sync.protocol import (
    CLOSE_POLICY,
    AckReceived,
    AuthReceived,
    ChallengeReceived,
    ClientSession,
    ClientState,
    CommandReceived,
    ErrorReceived,
    EventReceived,
    HelloReceived,
    LocalProtocolError,
    ServerSession,
    ServerState,
    Violation,
    Welcomed,
    encode,
    encode_event,
)
from sync.protocol.handshake import CLIENT_RECEIVE, SERVER_RECEIVE
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

MEETING = "ky-hop-12"
NONCE = base64.b64encode(bytes(range(32))).decode()
ROOM_KEY = base64.b64encode(bytes(32)).decode()
TIME = "2026-12-01T08:00:00+07:00"


def _pub(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _one(events: list[Any]) -> Any:
    assert len(events) == 1
    return events[0]


def _until_auth(key: Ed25519PrivateKey, last_seq: int = 0) -> tuple[ClientSession, ServerSession]:
    client, server = ClientSession(), ServerSession()
    got = _one(server.receive(client.hello("dev-1", MEETING, last_seq)))
    assert got == HelloReceived(Hello(1, "dev-1", MEETING, last_seq))
    assert _one(client.receive(server.challenge(NONCE))) == ChallengeReceived(NONCE)
    assert isinstance(_one(server.receive(client.auth(key.sign))), AuthReceived)
    return client, server


def _open_pair() -> tuple[ClientSession, ServerSession]:
    key = Ed25519PrivateKey.generate()
    client, server = _until_auth(key)
    assert server.verify(_pub(key))
    welcome = server.welcome("delegate", "d-12", TIME, 3, "token-1", ROOM_KEY)
    assert _one(client.receive(welcome)) == Welcomed(
        Welcome("delegate", "d-12", TIME, 3, "token-1", ROOM_KEY)
    )
    assert client.state is ClientState.OPEN and server.state is ServerState.OPEN
    return client, server


def test_full_session() -> None:
    client, server = _open_pair()
    got = _one(server.receive(client.command("c-1", "speak.request", {"kind": "discussion"})))
    assert got == CommandReceived(Command("c-1", "speak.request", {"kind": "discussion"}))
    event = seal(MEETING, ZERO_HASH, 4, TIME, "d-12", NewEvent("speak.requested", {"n": 1}))
    # The fan-out sends the same bytes to everyone as a text frame.
    assert _one(client.receive(encode_event(event))) == EventReceived(event)
    assert _one(client.receive(encode_event(event).decode())) == EventReceived(event)
    assert _one(client.receive(server.ack("c-1", 4))) == AckReceived("c-1", 4)
    refusal = server.error("c-2", "vote_closed", detail={"vote_id": "vote-1"})
    got = _one(client.receive(refusal))
    assert got == ErrorReceived(Error("c-2", "vote_closed", "Biểu quyết đã kết thúc.", {"vote_id": "vote-1"}))
    assert client.state is ClientState.OPEN and server.state is ServerState.OPEN


def test_auth_signs_the_exact_message() -> None:
    key = Ed25519PrivateKey.generate()
    client, server = ClientSession(), ServerSession()
    server.receive(client.hello("dev-1", None, 0))
    client.receive(server.challenge(NONCE))
    seen: list[bytes] = []

    def sign(message: bytes) -> bytes:
        seen.append(message)
        return key.sign(message)

    frame = json.loads(client.auth(sign))
    assert seen == [f"phonghop/v1/auth|dev-1|{NONCE}".encode()]
    key.public_key().verify(base64.b64decode(frame["sig"]), seen[0])


def test_wrong_signature_is_rejected() -> None:
    client, server = _until_auth(Ed25519PrivateKey.generate())
    assert not server.verify(_pub(Ed25519PrivateKey.generate()))
    assert not server.verify(b"too short")
    got = _one(client.receive(server.reject("unauthorized")))
    assert got == ErrorReceived(Error(None, "unauthorized", "Không xác thực được thiết bị hoặc chữ ký."))
    assert server.state is ServerState.CLOSED and client.state is ClientState.CLOSED
    assert CLOSE_POLICY == 1008


def test_garbage_signature_fails_verification() -> None:
    client, server = ClientSession(), ServerSession()
    server.receive(client.hello("dev-1", MEETING, 0))
    client.receive(server.challenge(NONCE))
    assert isinstance(_one(server.receive(encode(Auth("AAAA")))), AuthReceived)
    assert not server.verify(_pub(Ed25519PrivateKey.generate()))


def test_client_ahead_of_the_log_is_a_conflict() -> None:
    key = Ed25519PrivateKey.generate()
    client, server = _until_auth(key, last_seq=9)
    assert server.verify(_pub(key))
    with pytest.raises(LocalProtocolError) as info:
        server.welcome("delegate", "d-12", TIME, 8, "t", ROOM_KEY)
    assert info.value.code == "conflict"
    rejection = _one(client.receive(server.reject("conflict")))
    assert isinstance(rejection, ErrorReceived) and rejection.error.code == "conflict"
    assert rejection.error.id is None


def test_unsupported_version() -> None:
    server = ServerSession()
    frame = json.dumps({"type": "hello", "v": 2, "device_id": "d", "meeting_id": None, "last_seq": 0})
    got = _one(server.receive(frame))
    assert isinstance(got, Violation) and got.fatal
    assert got.error.code == "unsupported_version"
    assert server.state is ServerState.CLOSED
    assert json.loads(server.reject(got.error.code, got.error.message))["id"] is None


def test_newer_hello_with_new_fields_is_unsupported_version() -> None:
    server = ServerSession()
    got = _one(server.receive('{"type":"hello","v":3,"device_id":"d","compression":"zstd"}'))
    assert isinstance(got, Violation) and got.error.code == "unsupported_version"


def test_broken_hello_is_bad_request() -> None:
    got = _one(ServerSession().receive('{"type":"hello","v":1,"device_id":"d"}'))
    assert isinstance(got, Violation) and got.fatal and got.error.code == "bad_request"


AUTH = encode(Auth("AAAA"))
HELLO = encode(Hello(1, "dev-1", MEETING, 0))
COMMAND = encode(Command("c-1", "speak.request", {}))


@pytest.mark.parametrize(
    ("steps", "frame"),
    [
        ([], AUTH),  # auth before hello
        ([], COMMAND),  # command before hello
        ([HELLO], HELLO),  # a second hello before the challenge
        ([HELLO], AUTH),  # auth before the challenge was sent
        ([HELLO, "challenge"], HELLO),
        ([HELLO, "challenge"], COMMAND),  # command before welcome
        ([HELLO, "challenge", AUTH], AUTH),
        ([HELLO, "challenge", AUTH], COMMAND),  # pipelined command before welcome
        ([HELLO], "not json"),
    ],
)
def test_out_of_order_during_handshake_is_fatal(steps: list[str], frame: str) -> None:
    server = ServerSession()
    for step in steps:
        if step == "challenge":
            server.challenge(NONCE)
        else:
            assert not isinstance(_one(server.receive(step)), Violation)
    got = _one(server.receive(frame))
    assert isinstance(got, Violation) and got.fatal and got.error.code == "bad_request"
    assert server.state is ServerState.CLOSED
    assert server.receive(HELLO) == []  # late frames after the verdict are dropped
    assert json.loads(server.reject("bad_request"))["type"] == "error"


@pytest.mark.parametrize("frame", [HELLO, AUTH, "{", "[]", '{"type":"command"}', "x" * (2**20 + 1)])
def test_bad_frames_once_open_are_not_fatal(frame: str) -> None:
    client, server = _open_pair()
    got = _one(server.receive(frame))
    assert isinstance(got, Violation) and not got.fatal
    assert server.state is ServerState.OPEN
    answer = _one(client.receive(server.error(None, got.error.code, got.error.message)))
    assert isinstance(answer, ErrorReceived) and answer.error.id is None
    assert client.state is ClientState.OPEN
    # The session goes on.
    assert isinstance(_one(server.receive(client.command("c-9", "present.stop", {}))), CommandReceived)


def test_every_unlisted_server_transition_is_a_violation() -> None:
    frames: dict[type, str] = {Hello: HELLO, Auth: AUTH, Command: COMMAND}
    for state in ServerState:
        if state is ServerState.CLOSED:
            continue
        for kind, frame in frames.items():
            server = ServerSession()
            server.state = state
            got = _one(server.receive(frame))
            assert isinstance(got, Violation) == ((state, kind) not in SERVER_RECEIVE)


def test_every_unlisted_client_transition_is_a_violation() -> None:
    event = seal(MEETING, ZERO_HASH, 1, TIME, None, NewEvent("a.b", {}))
    frames: dict[type, str | bytes] = {
        Challenge: encode(Challenge(NONCE)),
        Welcome: encode(Welcome("display", None, TIME, 0, "t", ROOM_KEY)),
        EventMsg: encode_event(event),
        Ack: encode(Ack("c", 1)),
        Error: encode(Error(None, "unauthorized", "x")),
    }
    for state in ClientState:
        if state is ClientState.CLOSED:
            continue
        for kind, frame in frames.items():
            client = ClientSession()
            client.state, client.meeting_id = state, MEETING
            got = _one(client.receive(frame))
            assert isinstance(got, Violation) == ((state, kind) not in CLIENT_RECEIVE)


def test_rejection_during_handshake_closes_the_client() -> None:
    client, server = ClientSession(), ServerSession()
    server.receive(client.hello("dev-gone", MEETING, 0))
    got = _one(client.receive(server.reject("forbidden")))
    assert isinstance(got, ErrorReceived) and got.error.code == "forbidden"
    assert client.state is ClientState.CLOSED
    assert client.receive(encode(Challenge(NONCE))) == []


def test_client_violations() -> None:
    client = ClientSession()
    client.hello("dev-1", MEETING, 0)
    got = _one(client.receive(encode(Ack("c", 1))))  # ack before welcome
    assert isinstance(got, Violation) and got.fatal and client.state is ClientState.CLOSED

    client, _ = _open_pair()
    other = seal("other-meeting", ZERO_HASH, 1, TIME, None, NewEvent("a.b", {}))
    got = _one(client.receive(encode_event(other)))
    assert isinstance(got, Violation) and not got.fatal
    assert got.error.detail == {"reason": "wrong_meeting", "meeting_id": "other-meeting"}
    got = _one(client.receive(b'{"type":"event"}'))
    assert isinstance(got, Violation) and not got.fatal and client.state is ClientState.OPEN


def test_local_misuse() -> None:
    server = ServerSession()
    for call in (
        lambda: server.challenge(NONCE),
        lambda: server.verify(bytes(32)),
        lambda: server.welcome("chair", None, TIME, 0, "t", ROOM_KEY),
        lambda: server.ack("c", 1),
        lambda: server.error("c", "conflict"),
    ):
        with pytest.raises(LocalProtocolError):
            call()
    client = ClientSession()
    with pytest.raises(LocalProtocolError):
        client.auth(lambda message: b"")
    with pytest.raises(LocalProtocolError):
        client.command("c", "present.stop", {})
    client.hello("dev-1", None, 0)
    with pytest.raises(LocalProtocolError):
        client.hello("dev-1", None, 0)
    assert client.state is ClientState.AWAIT_CHALLENGE


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("present.page", {"page": 1.0}),
        ("Present.page", {}),
        ("present.page", {"deep": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}),
        ("present.page", {"n": 2**60}),
        ("present.page", {"x": object()}),
    ],
)
def test_client_refuses_to_send_invalid_commands(name: str, args: dict[str, Any]) -> None:
    client, _ = _open_pair()
    with pytest.raises(LocalProtocolError):
        client.command("c-1", name, args)
    assert client.state is ClientState.OPEN


def test_server_refuses_to_send_invalid_frames() -> None:
    _, server = _open_pair()
    with pytest.raises(LocalProtocolError):
        server.ack("c", 0)
    with pytest.raises(LocalProtocolError):
        server.error("c", "Not A Code")
    server = ServerSession()
    server.receive(HELLO)
    with pytest.raises(LocalProtocolError):
        server.challenge("not base64!")
    assert server.state is ServerState.HELLO_RECEIVED
