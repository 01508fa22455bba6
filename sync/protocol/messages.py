"""Every message of protocol v1 as a strict msgspec schema, and the frame codec."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from app.events import Event
from sync.protocol.errors import LocalProtocolError, RemoteProtocolError, bad_frame

PROTOCOL_VERSION = 1
MAX_FRAME = 1_048_576  # bytes of UTF-8, PROTOCOL.md "at most 1 MiB"
MAX_DEPTH = 32  # nested objects/arrays in one frame, the frame object itself counted as 1
# Integers in hashed content stay exact in every JSON implementation (a JavaScript hall display).
MAX_SAFE_INT = 2**53 - 1

# `\Z` rather than `$`: msgspec patterns use `re.search`, and `$` also matches before a final "\n".
CommandId = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
# Ids are joined with "|" into signed strings, so they carry neither "|" nor spaces or controls.
Ident = Annotated[str, msgspec.Meta(min_length=1, max_length=128, pattern=r"^[^\x00-\x20|\x7f]+\Z")]
DottedName = Annotated[str, msgspec.Meta(max_length=64, pattern=r"^[a-z_]+\.[a-z_]+\Z")]
Code = Annotated[str, msgspec.Meta(max_length=64, pattern=r"^[a-z_]+\Z")]
HexHash = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}\Z")]
Base64 = Annotated[str, msgspec.Meta(max_length=256, pattern=r"^[A-Za-z0-9+/]+={0,2}\Z")]
Timestamp = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Token = Annotated[str, msgspec.Meta(min_length=1, max_length=512)]
Text = Annotated[str, msgspec.Meta(max_length=4096)]
Version = Annotated[int, msgspec.Meta(ge=0, le=MAX_SAFE_INT)]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_SAFE_INT)]
Seq = Annotated[int, msgspec.Meta(ge=1, le=MAX_SAFE_INT)]
Role = Literal["delegate", "chair", "secretary", "technician", "display"]
# The device monitor (docs/devices.md). A tag is document_tag(): the id, "@", the version; the
# version is the digits after the last "@" (an id may hold one).
DocumentTag = Annotated[str, msgspec.Meta(min_length=3, max_length=160, pattern=r"^[^\x00-\x20|\x7f]+@[0-9]{1,15}\Z")]
MAX_REPORTED_DOCUMENTS = 2000
DocumentTags = Annotated[list[DocumentTag], msgspec.Meta(max_length=MAX_REPORTED_DOCUMENTS)]
# What the server passes on to the consoles it checked already on the way in: bounded only, since
# 500 devices × 2000 tags through a regex would cost a console ~15 ms per message.
EchoedTags = Annotated[list[Annotated[str, msgspec.Meta(min_length=3, max_length=160)]],
                       msgspec.Meta(max_length=MAX_REPORTED_DOCUMENTS)]
AppVersion = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z.+_-]+\Z")]
OffsetMs = Annotated[int, msgspec.Meta(ge=-MAX_SAFE_INT, le=MAX_SAFE_INT)]
MAX_LOCATE_S = 60


class _Message(msgspec.Struct, frozen=True, forbid_unknown_fields=True, tag_field="type"):
    """Common config: immutable, no unknown fields, tagged by the `type` field."""


# Client → server.


class Hello(_Message, frozen=True, tag="hello"):
    v: Version
    device_id: Ident
    meeting_id: Ident | None
    last_seq: Count


class Auth(_Message, frozen=True, tag="auth"):
    sig: Base64


class Command(_Message, frozen=True, tag="command"):
    id: CommandId
    name: DottedName
    args: dict[str, Any]


# Server → client.


class Challenge(_Message, frozen=True, tag="challenge"):
    nonce: Base64


class Welcome(_Message, frozen=True, tag="welcome"):
    role: Role
    delegate_id: Ident | None
    server_time: Timestamp
    head_seq: Count
    token: Token
    room_key: Base64


class EventMsg(_Message, frozen=True, tag="event"):
    meeting_id: Ident | None
    seq: Seq
    at: Timestamp
    actor: Ident | None
    name: DottedName
    data: dict[str, Any]
    prev: HexHash
    hash: HexHash

    @classmethod
    def from_event(cls, event: Event) -> EventMsg:
        return cls(
            event.meeting_id, event.seq, event.at, event.actor, event.name, event.data,
            event.prev, event.hash,
        )  # fmt: skip

    def to_event(self) -> Event:
        return Event(
            self.meeting_id, self.seq, self.at, self.actor, self.name, self.data,
            self.prev, self.hash,
        )  # fmt: skip


class Ack(_Message, frozen=True, tag="ack", omit_defaults=True):
    """`receipt` (an addition, docs/votes.md): a secret ballot's receipt code, or a sealed one's
    tracking code `XXXXX-XXXXX` (docs/sealed.md); omitted otherwise."""

    id: CommandId
    seq: Seq
    receipt: Annotated[str, msgspec.Meta(pattern=r"^(?:[A-Z2-7]{10}|[A-Z2-7]{5}-[A-Z2-7]{5})\Z")] | None = None


class Error(_Message, frozen=True, tag="error", omit_defaults=True):
    """`detail` is optional on the wire: omitted when None."""

    id: CommandId | None
    code: Code
    message: Text
    detail: dict[str, Any] | None = None


class Status(_Message, frozen=True, tag="status"):
    """An addition (docs/devices.md): what the device reports about itself, after the welcome and
    whenever it changes (at most one per 2 s). Never an event: it is no part of the record."""

    version: AppVersion
    documents: DocumentTags
    clock_offset_ms: OffsetMs | None


class Locate(_Message, frozen=True, tag="locate"):
    """An addition (docs/devices.md): a technician asks for a device's screen to flash its seat."""

    device_id: Ident


ClientMessage = Hello | Auth | Command | Status | Locate


class Presence(_Message, frozen=True, tag="presence"):
    """An addition (docs/presence.md): the delegates of a meeting whose seat is connected now,
    sent to the presidium and the technician after the welcome and whenever it changes. Not an
    event: who is online is not the meeting's record, and it would flood the log."""

    meeting_id: Ident
    online: Annotated[list[Ident], msgspec.Meta(max_length=10_000)]


class DeviceEntry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One device in `devices`: app.device_status.DeviceStatus.to_wire(); the report's three
    fields are null until the device reported since the server started."""

    device_id: Ident
    online: bool
    since: Timestamp | None
    last_seen: Timestamp | None
    version: AppVersion | None
    documents: EchoedTags | None
    clock_offset_ms: OffsetMs | None


class Devices(_Message, frozen=True, tag="devices"):
    """An addition (docs/devices.md), to the technicians' consoles: `full` replaces what the
    console knew, else the entries override it (only the devices that changed)."""

    full: bool
    devices: Annotated[list[DeviceEntry], msgspec.Meta(max_length=10_000)]


class LocateSeat(_Message, frozen=True, tag="locate"):
    """An addition (docs/devices.md): flash this seat label (or device name) for `seconds`."""

    seat: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    seconds: Annotated[int, msgspec.Meta(ge=1, le=MAX_LOCATE_S)]


ServerMessage = Challenge | Welcome | EventMsg | Ack | Error | Presence | Devices | LocateSeat

_client_decoder = msgspec.json.Decoder(ClientMessage)
_server_decoder = msgspec.json.Decoder(ServerMessage)
_encoder = msgspec.json.Encoder()


class _Peek(msgspec.Struct):
    """Just enough of a hello to see its version when the rest fails a newer schema."""

    type: str
    v: int


_peek_decoder = msgspec.json.Decoder(_Peek)


def decode_client(frame: str | bytes) -> ClientMessage:
    """Parse and validate one client frame; any failure is a RemoteProtocolError."""
    msg: ClientMessage = _decode(frame, _client_decoder)
    if isinstance(msg, Command):
        _check_hashed(msg.args)
    return msg


def decode_server(frame: str | bytes) -> ServerMessage:
    """Parse and validate one server frame; any failure is a RemoteProtocolError."""
    msg: ServerMessage = _decode(frame, _server_decoder)
    if isinstance(msg, EventMsg):
        _check_hashed(msg.data)
    elif isinstance(msg, Error) and msg.detail is not None:
        _check_nesting(msg.detail)
    return msg


def peek_version(frame: str | bytes) -> int | None:
    """The `v` of a frame that looks like a hello of any version, else None; never raises."""
    try:
        peek = _peek_decoder.decode(frame)
    except Exception:
        return None
    return peek.v if peek.type == "hello" else None


def encode(msg: ClientMessage | ServerMessage) -> str:
    """One text frame for a message (not validated: the sessions validate what they send)."""
    try:
        return _encoder.encode(msg).decode("utf-8")
    except (TypeError, ValueError, OverflowError) as exc:
        raise LocalProtocolError("bad_request", detail={"info": str(exc)[:200]}) from None


def encode_event(event: Event) -> bytes:
    """The fan-out hot path: the UTF-8 JSON of `event.to_wire()`, to send as a text frame."""
    # A Struct encodes faster than the equivalent dict, with the same keys in the same order.
    return _encoder.encode(EventMsg.from_event(event))


def _decode(frame: str | bytes, decoder: msgspec.json.Decoder[Any]) -> Any:
    try:
        _check_size(frame)
        return decoder.decode(frame)
    except RemoteProtocolError:
        raise
    except msgspec.ValidationError as exc:
        raise _classify(str(exc)) from None
    except msgspec.DecodeError as exc:
        raise bad_frame("invalid_json", str(exc)) from None
    except UnicodeError:
        raise bad_frame("invalid_utf8") from None
    except RecursionError:
        raise bad_frame("too_deep") from None
    except Exception as exc:
        # A peer must never crash the reader: whatever else goes wrong is its bad frame.
        raise bad_frame("invalid_json", type(exc).__name__) from None


def _check_size(frame: str | bytes) -> None:
    size = len(frame)
    # A str needs 1 to 4 UTF-8 bytes per character: encode only when the answer is in doubt.
    if isinstance(frame, str) and MAX_FRAME // 4 < size <= MAX_FRAME:
        size = len(frame.encode("utf-8"))
    if size > MAX_FRAME:
        raise RemoteProtocolError("too_large", detail={"reason": "too_large", "limit": MAX_FRAME})


def _classify(text: str) -> RemoteProtocolError:
    """Map msgspec's validation message onto a stable reason."""
    path = text.rpartition(" - at `")[2].rstrip("`") if " - at `" in text else "$"
    if text.startswith("Object missing required field"):
        reason = "missing_field"
    elif text.startswith("Object contains unknown field"):
        reason = "unknown_field"
    elif path == "$.type":
        reason = "unknown_type"
    elif path == "$" and text.startswith("Expected `object`"):
        reason = "not_object"
    else:
        reason = "invalid_value"
    return bad_frame(reason, text)


def _check_hashed(value: dict[str, Any]) -> None:
    """Hashed and signed content: bounded nesting, no floats, integers exact everywhere."""
    stack: list[tuple[Any, int]] = [(value, 2)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth > MAX_DEPTH:
                raise bad_frame("too_deep")
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            if depth > MAX_DEPTH:
                raise bad_frame("too_deep")
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, float):
            raise bad_frame("float")
        elif isinstance(item, int) and not -MAX_SAFE_INT <= item <= MAX_SAFE_INT:
            raise bad_frame("invalid_value", "integer out of range")


def _check_nesting(value: dict[str, Any]) -> None:
    stack: list[tuple[Any, int]] = [(value, 2)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise bad_frame("too_deep")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
