"""The session state machines of both ends: frames in, protocol events and frames out."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.canonical import canonical_json
from app.device_status import DeviceReport, DeviceStatus
from app.errors import MESSAGES
from app.events import Event
from app.keys import b64e
from app.keys import verify as verify_signature
from sync.protocol.errors import LocalProtocolError, ProtocolError, RemoteProtocolError
from sync.protocol.messages import (
    PROTOCOL_VERSION,
    Ack,
    Auth,
    Challenge,
    ClientMessage,
    Command,
    DeviceEntry,
    Devices,
    Error,
    EventMsg,
    Hello,
    Locate,
    LocateSeat,
    Presence,
    Role,
    ServerMessage,
    Status,
    Welcome,
    decode_client,
    decode_server,
    encode,
    peek_version,
)

CLOSE_POLICY = 1008  # WebSocket close code after a rejected handshake (PROTOCOL.md)


def auth_message(device_id: str, nonce: str) -> bytes:
    """What a device signs to answer a challenge; the nonce exactly as sent (its base64 text)."""
    return f"phonghop/v1/auth|{device_id}|{nonce}".encode()


def ballot_message(vote_id: str, choice: Any, nonce: str) -> bytes:
    """What a delegate's device signs for `vote.cast`; a string choice keeps its JSON quotes."""
    return b"|".join([b"phonghop/v1/ballot", vote_id.encode(), canonical_json(choice), nonce.encode()])


# Protocol events: immutable values the IO layer acts on.


@dataclass(frozen=True, slots=True)
class HelloReceived:
    hello: Hello


@dataclass(frozen=True, slots=True)
class AuthReceived:
    sig: str


@dataclass(frozen=True, slots=True)
class CommandReceived:
    command: Command


@dataclass(frozen=True, slots=True)
class ChallengeReceived:
    nonce: str


@dataclass(frozen=True, slots=True)
class Welcomed:
    welcome: Welcome


@dataclass(frozen=True, slots=True)
class EventReceived:
    event: Event


@dataclass(frozen=True, slots=True)
class AckReceived:
    id: str
    seq: int
    receipt: str | None = None


@dataclass(frozen=True, slots=True)
class PresenceReceived:
    online: frozenset[str]


@dataclass(frozen=True, slots=True)
class StatusReceived:
    report: DeviceReport


@dataclass(frozen=True, slots=True)
class LocateRequested:
    device_id: str


@dataclass(frozen=True, slots=True)
class DevicesReceived:
    full: bool
    devices: tuple[DeviceStatus, ...]


@dataclass(frozen=True, slots=True)
class LocateReceived:
    seat: str
    seconds: int


@dataclass(frozen=True, slots=True)
class ErrorReceived:
    error: Error


@dataclass(frozen=True, slots=True)
class Violation:
    """The peer broke the protocol; when `fatal` the session is CLOSED and must be rejected."""

    error: ProtocolError
    fatal: bool


ProtoEvent = (
    HelloReceived
    | AuthReceived
    | CommandReceived
    | ChallengeReceived
    | Welcomed
    | EventReceived
    | AckReceived
    | PresenceReceived
    | StatusReceived
    | LocateRequested
    | DevicesReceived
    | LocateReceived
    | ErrorReceived
    | Violation
)


class ServerState(enum.Enum):
    AWAIT_HELLO = "await_hello"
    HELLO_RECEIVED = "hello_received"  # our turn: challenge() or reject()
    AWAIT_AUTH = "await_auth"
    AUTH_RECEIVED = "auth_received"  # our turn: verify(), then welcome() or reject()
    OPEN = "open"
    CLOSED = "closed"


class ClientState(enum.Enum):
    START = "start"  # our turn: hello()
    AWAIT_CHALLENGE = "await_challenge"
    CHALLENGED = "challenged"  # our turn: auth()
    AWAIT_WELCOME = "await_welcome"
    OPEN = "open"
    CLOSED = "closed"


_S = ServerState
_C = ClientState

# (state, message received) → next state; a pair missing here is an out-of-order message.
SERVER_RECEIVE: dict[tuple[ServerState, type[ClientMessage]], ServerState] = {
    (_S.AWAIT_HELLO, Hello): _S.HELLO_RECEIVED,
    (_S.AWAIT_AUTH, Auth): _S.AUTH_RECEIVED,
    (_S.OPEN, Command): _S.OPEN,
    (_S.OPEN, Status): _S.OPEN,
    (_S.OPEN, Locate): _S.OPEN,
}
# (state, frame we send) → next state; reject() is allowed in every state and leads to CLOSED.
SERVER_SEND: dict[tuple[ServerState, str], ServerState] = {
    (_S.HELLO_RECEIVED, "challenge"): _S.AWAIT_AUTH,
    (_S.AUTH_RECEIVED, "welcome"): _S.OPEN,
    (_S.OPEN, "ack"): _S.OPEN,
    (_S.OPEN, "error"): _S.OPEN,
}
CLIENT_RECEIVE: dict[tuple[ClientState, type[ServerMessage]], ClientState] = {
    (_C.AWAIT_CHALLENGE, Challenge): _C.CHALLENGED,
    (_C.AWAIT_WELCOME, Welcome): _C.OPEN,
    (_C.OPEN, EventMsg): _C.OPEN,
    (_C.OPEN, Ack): _C.OPEN,
    (_C.OPEN, Presence): _C.OPEN,
    (_C.OPEN, Devices): _C.OPEN,
    (_C.OPEN, LocateSeat): _C.OPEN,
    # Once open an error answers one command (or one bad frame): the session goes on.
    (_C.OPEN, Error): _C.OPEN,
    # During the handshake an error is the server's rejection; a close 1008 follows.
    (_C.AWAIT_CHALLENGE, Error): _C.CLOSED,
    (_C.CHALLENGED, Error): _C.CLOSED,
    (_C.AWAIT_WELCOME, Error): _C.CLOSED,
}
CLIENT_SEND: dict[tuple[ClientState, str], ClientState] = {
    (_C.START, "hello"): _C.AWAIT_CHALLENGE,
    (_C.CHALLENGED, "auth"): _C.AWAIT_WELCOME,
    (_C.OPEN, "command"): _C.OPEN,
    (_C.OPEN, "status"): _C.OPEN,
    (_C.OPEN, "locate"): _C.OPEN,
}


def _unexpected(msg: ClientMessage | ServerMessage, state: enum.Enum) -> RemoteProtocolError:
    tag = type(msg).__struct_config__.tag
    detail = {"reason": "unexpected_message", "type": tag, "state": state.value}
    return RemoteProtocolError("bad_request", detail=detail)


def _unsupported(version: int) -> RemoteProtocolError:
    detail = {"reason": "unsupported_version", "v": version, "supported": [PROTOCOL_VERSION]}
    return RemoteProtocolError("unsupported_version", detail=detail)


def _misuse(what: str, state: enum.Enum) -> LocalProtocolError:
    info = f"{what}() is not allowed in state {state.value}"
    return LocalProtocolError("bad_request", detail={"reason": "misuse", "info": info})


def _checked(msg: ClientMessage | ServerMessage, decode: Callable[[str], object]) -> str:
    """Encode what we send and hold it to the schema the peer will apply."""
    frame = encode(msg)
    try:
        decode(frame)
    except RemoteProtocolError as exc:
        raise LocalProtocolError(exc.code, exc.message, exc.detail) from None
    return frame


def _status_of(entry: DeviceEntry) -> DeviceStatus:
    report = None
    if entry.version is not None:
        report = DeviceReport(entry.version, tuple(entry.documents or ()), entry.clock_offset_ms)
    return DeviceStatus(entry.device_id, entry.online, entry.since, entry.last_seen, report)


class ServerSession:
    """The room server's end of one connection.

    Attributes: `state`, `hello` (once received), `nonce` (once challenged).
    """

    def __init__(self) -> None:
        self.state = ServerState.AWAIT_HELLO
        self.hello: Hello | None = None
        self.nonce: str | None = None
        self._sig: str | None = None

    def receive(self, frame: str | bytes) -> list[ProtoEvent]:
        """Feed one text frame; frames arriving after CLOSED are dropped."""
        if self.state is ServerState.CLOSED:
            return []
        try:
            msg = decode_client(frame)
        except RemoteProtocolError as exc:
            if self.state is ServerState.AWAIT_HELLO and exc.code == "bad_request":
                # A newer client's hello fails our schema: tell it the version is the problem.
                version = peek_version(frame)
                if version is not None and version != PROTOCOL_VERSION:
                    exc = _unsupported(version)
            return [self._violation(exc)]
        next_state = SERVER_RECEIVE.get((self.state, type(msg)))
        if next_state is None:
            return [self._violation(_unexpected(msg, self.state))]
        if isinstance(msg, Hello) and msg.v != PROTOCOL_VERSION:
            return [self._violation(_unsupported(msg.v))]
        self.state = next_state
        if isinstance(msg, Hello):
            self.hello = msg
            return [HelloReceived(msg)]
        if isinstance(msg, Auth):
            self._sig = msg.sig
            return [AuthReceived(msg.sig)]
        if isinstance(msg, Status):
            return [StatusReceived(DeviceReport(msg.version, tuple(msg.documents), msg.clock_offset_ms))]
        if isinstance(msg, Locate):
            return [LocateRequested(msg.device_id)]
        return [CommandReceived(msg)]

    def challenge(self, nonce_b64: str) -> str:
        """The challenge frame; the nonce (32 random bytes, base64) comes from the caller."""
        frame = self._send("challenge", Challenge(nonce_b64))
        self.nonce = nonce_b64
        return frame

    def verify(self, sign_pub: bytes) -> bool:
        """Whether the received auth signature is the device's, for this hello and nonce."""
        if self.state is not ServerState.AUTH_RECEIVED:
            raise _misuse("verify", self.state)
        assert self.hello is not None and self.nonce is not None and self._sig is not None
        # app.keys is the one home of cryptography; it refuses non-canonical base64 as well.
        message = auth_message(self.hello.device_id, self.nonce)
        return verify_signature(b64e(sign_pub), message, self._sig)

    def welcome(
        self,
        role: Role,
        delegate_id: str | None,
        server_time: str,
        head_seq: int,
        token: str,
        room_key_b64: str,
    ) -> str:
        """The welcome frame: the session is OPEN and events (last_seq, head_seq] follow."""
        if self.hello is not None and self.hello.last_seq > head_seq:
            # PROTOCOL.md: a client ahead of the log is rejected with `conflict`, not welcomed.
            info = "hello.last_seq > head_seq: call reject('conflict')"
            raise LocalProtocolError("conflict", detail={"reason": "misuse", "info": info})
        msg = Welcome(role, delegate_id, server_time, head_seq, token, room_key_b64)
        return self._send("welcome", msg)

    def ack(self, id: str, seq: int) -> str:
        return self._send("ack", Ack(id, seq))

    def error(
        self,
        id: str | None,
        code: str,
        message: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> str:
        """An error answering command `id`, or a bad frame when `id` is None; stays OPEN."""
        text = message or MESSAGES.get(code, MESSAGES["bad_request"])
        return self._send("error", Error(id, code, text, detail))

    def reject(self, code: str, message: str | None = None, detail: dict[str, Any] | None = None) -> str:
        """The error (id null) that ends the session; then close with CLOSE_POLICY."""
        text = message or MESSAGES.get(code, MESSAGES["bad_request"])
        frame = _checked(Error(None, code, text, detail), decode_server)
        self.state = ServerState.CLOSED
        return frame

    def _send(self, what: str, msg: ServerMessage) -> str:
        next_state = SERVER_SEND.get((self.state, what))
        if next_state is None:
            raise _misuse(what, self.state)
        frame = _checked(msg, decode_server)
        self.state = next_state
        return frame

    def _violation(self, error: ProtocolError) -> Violation:
        # During the handshake nothing can be trusted any more; once open one bad frame is
        # answered with an error (id null) and the session goes on.
        fatal = self.state is not ServerState.OPEN
        if fatal:
            self.state = ServerState.CLOSED
        return Violation(error, fatal)


class ClientSession:
    """A device's end of one connection.

    Attributes: `state`, `device_id` and `meeting_id` (once hello() is sent), `nonce`, `welcome`.
    """

    def __init__(self) -> None:
        self.state = ClientState.START
        self.device_id: str | None = None
        self.meeting_id: str | None = None
        self.nonce: str | None = None
        self.welcome: Welcome | None = None

    def hello(self, device_id: str, meeting_id: str | None, last_seq: int) -> str:
        frame = self._send("hello", Hello(PROTOCOL_VERSION, device_id, meeting_id, last_seq))
        self.device_id, self.meeting_id = device_id, meeting_id
        return frame

    def auth(self, sign: Callable[[bytes], bytes]) -> str:
        """The auth frame; `sign` holds the device key, which never enters this module."""
        if self.state is not ClientState.CHALLENGED:
            raise _misuse("auth", self.state)
        assert self.device_id is not None and self.nonce is not None
        sig = sign(auth_message(self.device_id, self.nonce))
        return self._send("auth", Auth(b64e(sig)))

    def command(self, id: str, name: str, args: dict[str, Any]) -> str:
        return self._send("command", Command(id, name, args))

    def status(self, report: DeviceReport) -> str:
        """This device's report (docs/devices.md); only once the session is open."""
        return self._send("status", Status(report.version, list(report.documents), report.clock_offset_ms))

    def locate(self, device_id: str) -> str:
        return self._send("locate", Locate(device_id))

    def receive(self, frame: str | bytes) -> list[ProtoEvent]:
        """Feed one text frame; frames arriving after CLOSED are dropped."""
        if self.state is ClientState.CLOSED:
            return []
        try:
            msg = decode_server(frame)
        except RemoteProtocolError as exc:
            return [self._violation(exc)]
        next_state = CLIENT_RECEIVE.get((self.state, type(msg)))
        if next_state is None:
            return [self._violation(_unexpected(msg, self.state))]
        if isinstance(msg, EventMsg) and msg.meeting_id != self.meeting_id:
            # Mixing two logs would corrupt the replica; the hash chain alone cannot tell.
            detail = {"reason": "wrong_meeting", "meeting_id": msg.meeting_id}
            return [self._violation(RemoteProtocolError("bad_request", detail=detail))]
        self.state = next_state
        if isinstance(msg, Challenge):
            self.nonce = msg.nonce
            return [ChallengeReceived(msg.nonce)]
        if isinstance(msg, Welcome):
            self.welcome = msg
            return [Welcomed(msg)]
        if isinstance(msg, EventMsg):
            return [EventReceived(msg.to_event())]
        if isinstance(msg, Ack):
            return [AckReceived(msg.id, msg.seq, msg.receipt)]
        if isinstance(msg, Presence):
            return [PresenceReceived(frozenset(msg.online))]
        if isinstance(msg, Devices):
            return [DevicesReceived(msg.full, tuple(_status_of(e) for e in msg.devices))]
        if isinstance(msg, LocateSeat):
            return [LocateReceived(msg.seat, msg.seconds)]
        return [ErrorReceived(msg)]

    def _send(self, what: str, msg: ClientMessage) -> str:
        next_state = CLIENT_SEND.get((self.state, what))
        if next_state is None:
            raise _misuse(what, self.state)
        frame = _checked(msg, decode_client)
        self.state = next_state
        return frame

    def _violation(self, error: ProtocolError) -> Violation:
        fatal = self.state is not ClientState.OPEN
        if fatal:
            self.state = ClientState.CLOSED
        return Violation(error, fatal)
