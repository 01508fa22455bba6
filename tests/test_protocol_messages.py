"""Every message of protocol v1 round-trips; every malformed frame is a RemoteProtocolError."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from app.canonical import ZERO_HASH
from app.events import Event, NewEvent, seal
from sync.protocol import (
    MAX_FRAME,
    Ack,
    Auth,
    Challenge,
    ClientMessage,
    Command,
    Error,
    EventMsg,
    Hello,
    RemoteProtocolError,
    ServerMessage,
    Welcome,
    auth_message,
    ballot_message,
    decode_client,
    decode_server,
    encode,
    encode_event,
)
from sync.protocol.errors import REASONS

NONCE = "q2b1kGvJ8oN6mJ0yW3a5Xw7Qd9sT1uV4xZ6cE8fH0jM="
EVENT = seal(
    "ky-hop-12",
    ZERO_HASH,
    1,
    "2026-12-01T08:00:00+07:00",
    "d-12",
    NewEvent("speak.requested", {"request_id": "req-1", "kind": "discussion", "n": [1, None]}),
)

CLIENT_MESSAGES: list[ClientMessage] = [
    Hello(1, "dev-1", "ky-hop-12", 0),
    Hello(1, "dev-tech", None, 42),
    Auth("c2ln" * 22),
    Command("7b0f9d1e-2c1a-4a8e-9d55-0b9f1c3a2e11", "speak.request", {"kind": "discussion"}),
    Command("c-1", "vote.cast", {"vote_id": "vote-3", "choice": {"p-1": "tin_nhiem"}, "x": [1]}),
]
SERVER_MESSAGES: list[ServerMessage] = [
    Challenge(NONCE),
    Welcome("delegate", "d-12", "2026-12-01T08:00:00+07:00", 17, "tok", "a2V5" * 11),
    Welcome("technician", None, "2026-12-01T08:00:00Z", 0, "tok", "a2V5" * 11),
    EventMsg.from_event(EVENT),
    EventMsg(None, 5, "2026-12-01T08:00:00Z", None, "device.revoked", {}, "a" * 64, "b" * 64),
    Ack("c-1", 17),
    Error("c-1", "vote_closed", "Biểu quyết đã kết thúc.", {"vote_id": "vote-3"}),
    Error(None, "bad_request", "Khung dữ liệu không phải JSON hợp lệ."),
]


@pytest.mark.parametrize("msg", CLIENT_MESSAGES, ids=repr)
def test_client_messages_round_trip(msg: Any) -> None:
    frame = encode(msg)
    assert decode_client(frame) == msg
    assert decode_client(frame.encode()) == msg


@pytest.mark.parametrize("msg", SERVER_MESSAGES, ids=repr)
def test_server_messages_round_trip(msg: Any) -> None:
    frame = encode(msg)
    assert decode_server(frame) == msg
    assert decode_server(frame.encode()) == msg


def test_wire_shapes_follow_protocol() -> None:
    assert json.loads(encode(Hello(1, "dev-1", None, 3))) == {
        "type": "hello", "v": 1, "device_id": "dev-1", "meeting_id": None, "last_seq": 3,
    }  # fmt: skip
    assert encode(Error(None, "bad_request", "x")) == (
        '{"type":"error","id":null,"code":"bad_request","message":"x"}'
    )
    assert json.loads(encode(Error("c", "conflict", "x", {"a": 1})))["detail"] == {"a": 1}
    assert list(json.loads(encode(Welcome("chair", None, "t", 0, "k", "AAAA")))) == [
        "type", "role", "delegate_id", "server_time", "head_seq", "token", "room_key",
    ]  # fmt: skip
    # Vietnamese stays readable UTF-8 on the wire.
    assert "Biểu quyết" in encode(SERVER_MESSAGES[-2])


def test_encode_event_is_to_wire() -> None:
    wire = encode_event(EVENT)
    assert isinstance(wire, bytes)
    assert json.loads(wire) == EVENT.to_wire()
    assert list(json.loads(wire)) == list(EVENT.to_wire())
    assert wire == msgspec.json.encode(EVENT.to_wire())
    received = decode_server(wire)
    assert isinstance(received, EventMsg)
    assert received.to_event() == EVENT
    assert received.to_event().hash_ok()


def test_signed_messages() -> None:
    assert auth_message("dev-1", NONCE) == f"phonghop/v1/auth|dev-1|{NONCE}".encode()
    assert ballot_message("vote-3", "tan_thanh", "n1") == b'phonghop/v1/ballot|vote-3|"tan_thanh"|n1'
    assert ballot_message("v", {"p2": "tin_nhiem", "ồ": "tin_nhiem_cao"}, "n") == (
        'phonghop/v1/ballot|v|{"p2":"tin_nhiem","ồ":"tin_nhiem_cao"}|n'.encode()
    )
    assert ballot_message("v", ["c-2", "c-1"], "n") == b'phonghop/v1/ballot|v|["c-2","c-1"]|n'


def _command(args: str) -> bytes:
    return b'{"type":"command","id":"c-1","name":"speak.request","args":' + args.encode() + b"}"


def _hello(**fields: Any) -> str:
    body = {"type": "hello", "v": 1, "device_id": "dev-1", "meeting_id": "m", "last_seq": 0}
    body.update(fields)
    return json.dumps({k: v for k, v in body.items() if v is not ...})


BAD_CLIENT_FRAMES: list[tuple[str, str | bytes, str]] = [
    ("empty", b"", "invalid_json"),
    ("not json", "hello", "invalid_json"),
    ("trailing garbage", _hello() + " x", "invalid_json"),
    ("NaN", _command('{"x":NaN}'), "invalid_json"),
    ("bom", b"\xef\xbb\xbf" + _hello().encode(), "invalid_json"),
    ("invalid utf-8 in string", _command('{"x":"_"}').replace(b"_", b"\xff"), "invalid_utf8"),
    ("surrogate utf-8", _command('{"x":"_"}').replace(b"_", b"\xed\xa0\x80"), "invalid_utf8"),
    ("invalid utf-8 in key", _command('{"_":1}').replace(b"_", b"\xc3"), "invalid_utf8"),
    # json.dumps escapes it as \ud800; msgspec refuses escaped lone surrogates as invalid JSON.
    ("escaped lone surrogate", _hello(device_id="\ud800"), "invalid_json"),
    ("lone surrogate raw str", '{"type":"hello","device_id":"\ud800"}', "invalid_utf8"),
    ("array", "[1,2]", "not_object"),
    ("string", '"hello"', "not_object"),
    ("null", "null", "not_object"),
    ("number", "17", "not_object"),
    ("no type", '{"v":1}', "missing_field"),
    ("unknown type", '{"type":"welcome"}', "unknown_type"),
    ("type not a string", '{"type":1}', "unknown_type"),
    ("unknown field", _hello(extra=1), "unknown_field"),
    ("missing field", _hello(last_seq=...), "missing_field"),
    ("missing meeting_id", _hello(meeting_id=...), "missing_field"),
    ("wrong type", _hello(last_seq="0"), "invalid_value"),
    ("bool for int", _hello(last_seq=True), "invalid_value"),
    ("float for int", _hello(last_seq=1.0), "invalid_value"),
    ("negative last_seq", _hello(last_seq=-1), "invalid_value"),
    ("huge last_seq", _hello().replace('"last_seq": 0', '"last_seq": 1' + "0" * 400), "invalid_value"),
    ("empty device_id", _hello(device_id=""), "invalid_value"),
    ("device_id with |", _hello(device_id="a|b"), "invalid_value"),
    ("device_id with space", _hello(device_id="a b"), "invalid_value"),
    ("auth sig not base64", '{"type":"auth","sig":"***"}', "invalid_value"),
    ("args not object", _command("[]"), "invalid_value"),
    ("float in args", _command('{"x":1.5}'), "float"),
    ("exponent in args", _command('{"x":1E2}'), "float"),
    ("nested float in args", _command('{"x":[{"y":[0.0]}]}'), "float"),
    ("1e400 in args", _command('{"x":1e400}'), "invalid_value"),
    ("10**400 in args", _command('{"x":1' + "0" * 400 + "}"), "invalid_value"),
    ("-10**400 in args", _command('{"x":-1' + "0" * 400 + "}"), "invalid_value"),
    ("2**53 in args", _command('{"x":9007199254740992}'), "invalid_value"),
    ("10**5000 in args", _command('{"x":1' + "0" * 5000 + "}"), "invalid_value"),
    ("deep args", _command('{"x":' + "[" * 10_000 + "]" * 10_000 + "}"), "too_deep"),
    ("deep unclosed args", _command('{"x":' + "[" * 10_000), "too_deep"),
    ("very deep args", _command('{"x":' + "[" * 200_000 + "]" * 200_000 + "}"), "too_deep"),
    ("deep frame", "[" * 10_000, "not_object"),
    ("deep objects", _command('{"a":' * 40 + "1" + "}" * 40), "too_deep"),
    ("empty command id", b'{"type":"command","id":"","name":"a.b","args":{}}', "invalid_value"),
    ("long command id", _command("{}").replace(b'"c-1"', b'"' + b"c" * 65 + b'"'), "invalid_value"),
    ("name without dot", _command("{}").replace(b"speak.request", b"speak"), "invalid_value"),
    ("name uppercase", _command("{}").replace(b"speak.request", b"Speak.request"), "invalid_value"),
    ("name newline", _command("{}").replace(b"speak.request", b"speak.request\\n"), "invalid_value"),
    ("name too long", _command("{}").replace(b"speak.request", b"a." + b"b" * 63), "invalid_value"),
]


@pytest.mark.parametrize(
    ("frame", "reason"), [c[1:] for c in BAD_CLIENT_FRAMES], ids=[c[0] for c in BAD_CLIENT_FRAMES]
)
def test_bad_client_frames(frame: str | bytes, reason: str) -> None:
    with pytest.raises(RemoteProtocolError) as info:
        decode_client(frame)
    assert info.value.code == "bad_request"
    assert info.value.detail is not None
    assert info.value.detail["reason"] == reason
    assert info.value.message == REASONS[reason]


def _event(**fields: Any) -> str:
    body = msgspec.to_builtins(EventMsg.from_event(EVENT))
    body.update(fields)
    return json.dumps({k: v for k, v in body.items() if v is not ...})


BAD_SERVER_FRAMES: list[tuple[str, str, str]] = [
    ("hello to a client", _hello(), "unknown_type"),
    ("uppercase hash", _event(hash="A" * 64), "invalid_value"),
    ("short prev", _event(prev="0" * 63), "invalid_value"),
    ("hash with newline", _event(hash="a" * 64 + "\n"), "invalid_value"),
    ("seq 0", _event(seq=0), "invalid_value"),
    ("float in data", _event(data={"x": 0.5}), "float"),
    ("huge int in data", _event(data={"x": 10**30}), "invalid_value"),
    (
        "deep data",
        _event(data={"x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}),
        "too_deep",
    ),
    ("event without actor", _event(actor=...), "missing_field"),
    (
        "bad role",
        '{"type":"welcome","role":"admin","delegate_id":null,"server_time":"t",'
        '"head_seq":0,"token":"k","room_key":"AAAA"}',
        "invalid_value",
    ),
    ("error code uppercase", '{"type":"error","id":null,"code":"BAD","message":"x"}', "invalid_value"),
    ("error without id", '{"type":"error","code":"bad_request","message":"x"}', "missing_field"),
    ("ack seq 0", '{"type":"ack","id":"c","seq":0}', "invalid_value"),
]


@pytest.mark.parametrize(
    ("frame", "reason"), [c[1:] for c in BAD_SERVER_FRAMES], ids=[c[0] for c in BAD_SERVER_FRAMES]
)
def test_bad_server_frames(frame: str, reason: str) -> None:
    with pytest.raises(RemoteProtocolError) as info:
        decode_server(frame)
    assert info.value.code == "bad_request"
    assert info.value.detail is not None and info.value.detail["reason"] == reason


def test_escaped_surrogate_pairs_are_text() -> None:
    frame = r'{"type":"command","id":"c","name":"a.b","args":{"t":"\ud83d\uddf3 \u1ed3"}}'
    assert decode_client(frame) == Command("c", "a.b", {"t": "🗳 ồ"})


def test_error_detail_may_hold_floats() -> None:
    # detail is neither hashed nor signed.
    frame = '{"type":"error","id":"c","code":"rate_limited","message":"x","detail":{"s":1.5}}'
    msg = decode_server(frame)
    assert isinstance(msg, Error) and msg.detail == {"s": 1.5}


def _padded_command(size: int, filler: str) -> str:
    """A valid command frame of exactly `size` UTF-8 bytes."""
    base = '{"type":"command","id":"c-1","name":"message.send","args":{"text":""}}'
    room = size - len(base.encode())
    width = len(filler.encode())
    text = filler * (room // width) + "x" * (room % width)
    frame = base.replace('""}', json.dumps(text, ensure_ascii=False) + "}")
    assert len(frame.encode()) == size
    return frame


@pytest.mark.parametrize("filler", ["x", "ồ", "🗳"])
def test_frame_size_limit_counts_utf8_bytes(filler: str) -> None:
    exact = _padded_command(MAX_FRAME, filler)
    assert isinstance(decode_client(exact), Command)
    assert isinstance(decode_client(exact.encode()), Command)
    over = _padded_command(MAX_FRAME + 1, filler)
    for frame in (over, over.encode()):
        with pytest.raises(RemoteProtocolError) as info:
            decode_client(frame)
        assert info.value.code == "too_large"
        assert info.value.message == "Khung dữ liệu vượt quá giới hạn 1 MiB."


def test_oversize_is_refused_before_parsing() -> None:
    # Not JSON at all, yet too_large: the size is checked first.
    with pytest.raises(RemoteProtocolError) as info:
        decode_server(b"\xff" * (MAX_FRAME + 1))
    assert info.value.code == "too_large"


def test_depth_limit_boundary() -> None:
    # Frame object (1) + args (2) + 30 more levels = 32 containers: allowed.
    assert isinstance(decode_client(_command('{"x":' + "[" * 30 + "]" * 30 + "}")), Command)
    with pytest.raises(RemoteProtocolError):
        decode_client(_command('{"x":' + "[" * 31 + "]" * 31 + "}"))


def test_accepted_events_always_hash() -> None:
    # Whatever the decoder accepts can be canonicalised: no floats, no huge ints, no deep nesting.
    data: dict[str, Any] = {"a": [1, -(2**53 - 1), None, True, "ồ", {"b": []}]}
    event = Event("m", 1, "t", None, "a.b", data, ZERO_HASH, ZERO_HASH)
    msg = decode_server(encode_event(event))
    assert isinstance(msg, EventMsg)
    assert msg.to_event().hash_ok() is False
