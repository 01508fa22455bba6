"""Generated hostile inputs, from a seed: frames for the protocol decoder and its handshake state
machines, files for the PDF import. Each input must be accepted or refused with the protocol's or
the domain's own error, never another exception, and within PER_INPUT_S."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.documents import MAX_PAGES, DocumentError, import_document
from app.documents_compose import PageBreak, Paragraph, PdfMetadata, compose_pdf
from app.errors import DomainError
from sync.protocol import (
    ClientSession,
    ClientState,
    RemoteProtocolError,
    ServerSession,
    ServerState,
    Violation,
)
from sync.protocol.messages import MAX_FRAME, decode_client, decode_server

PER_INPUT_S = 5.0

TYPES = ["hello", "auth", "command", "challenge", "welcome", "event", "ack", "error", "status", "locate",
         "devices", "presence", "x", ""]
FIELDS = ["type", "v", "device_id", "meeting_id", "last_seq", "sig", "id", "name", "args", "nonce", "role",
          "delegate_id", "server_time", "head_seq", "token", "room_key", "seq", "at", "actor", "data", "prev",
          "hash", "code", "message", "detail", "version", "documents", "clock_offset_ms", "seconds", "seat"]
VALID_FRAMES = [
    '{"type":"hello","v":1,"device_id":"dev-1","meeting_id":"m","last_seq":0}',
    '{"type":"auth","sig":"' + "A" * 86 + '=="}',
    '{"type":"command","id":"c-1","name":"vote.cast","args":{"vote_id":"vote-3","choice":"tan_thanh",'
    '"nonce":"AAAA","sig":"AAAA"}}',
    '{"type":"status","version":"0.1.0","documents":["doc-1@2"],"clock_offset_ms":-12}',
    '{"type":"locate","device_id":"dev-2"}',
    '{"type":"challenge","nonce":"' + "A" * 43 + '="}',
    '{"type":"welcome","role":"delegate","delegate_id":"db-001","server_time":"2026-12-01T08:00:00Z",'
    '"head_seq":3,"token":"t","room_key":"AAAA"}',
    '{"type":"ack","id":"c-1","seq":4}',
    '{"type":"error","id":null,"code":"forbidden","message":"Không.","detail":{"reason":"x"}}',
]
WEIRD_TEXT = ["\ud800", "\x00", "\ufeff", "\u202e", "đ" * 50, "😀", "\\u0000", "1e400", "-0", "NaN",
              "Infinity", "9" * 400, "\n", '"', "{", "[", "null"]


@dataclass
class Tally:
    inputs: int = 0
    accepted: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    slowest_s: float = 0.0

    def count(self, refusal: str | None, took: float) -> None:
        self.inputs += 1
        self.slowest_s = max(self.slowest_s, took)
        if refusal is None:
            self.accepted += 1
        else:
            self.refused[refusal] = self.refused.get(refusal, 0) + 1


# -- the protocol --------------------------------------------------------------------------------------


def _json_value(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth > 4 or roll < 0.5:
        return rng.choice([None, True, False, rng.randint(-(2**63), 2**63), rng.random() * 1e6,
                           rng.choice(WEIRD_TEXT), "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 12))),
                           rng.choice(TYPES), "vote-1", "dev-" + "a" * rng.randint(0, 140)])
    if roll < 0.75:
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(FIELDS + WEIRD_TEXT): _json_value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not out:
            break
        op, at = rng.randrange(5), rng.randrange(len(out))
        if op == 0:
            out[at] = rng.randrange(256)
        elif op == 1:
            del out[at:at + rng.randint(1, 20)]
        elif op == 2:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 3:
            piece = out[at:at + rng.randint(1, 40)]
            out[at:at] = piece * rng.randint(1, 4)
        else:
            out = out[:at]
    return bytes(out)


def frames(rng: random.Random) -> Iterator[str | bytes]:
    """An endless mix of hostile frames, as text and as binary."""
    makers: list[Callable[[], str | bytes]] = [
        lambda: bytes(rng.randrange(256) for _ in range(rng.randint(0, 300))),
        lambda: "".join(chr(rng.randint(1, 0x10FFFF)) for _ in range(rng.randint(0, 100))).encode("utf-8", "surrogatepass"),
        lambda: json.dumps(_json_value(rng), ensure_ascii=rng.random() < 0.5),
        lambda: json.dumps({"type": rng.choice(TYPES),
                            **{rng.choice(FIELDS): _json_value(rng) for _ in range(rng.randint(0, 8))}}),
        lambda: _mutate(rng, rng.choice(VALID_FRAMES).encode()),
        lambda: rng.choice(VALID_FRAMES)[: rng.randint(0, 200)],
        lambda: _deep(rng),
        lambda: rng.choice(VALID_FRAMES).replace('"', '"' + rng.choice(WEIRD_TEXT), 1),
        lambda: rng.choice(VALID_FRAMES)[:-1] + ',"' + rng.choice(FIELDS) + '":' + json.dumps(_json_value(rng)) + "}",
    ]
    while True:
        frame = rng.choice(makers)()
        yield frame.decode("utf-8", "replace") if isinstance(frame, bytes) and rng.random() < 0.3 else frame


def _deep(rng: random.Random) -> str:
    depth = rng.choice([rng.randint(20, 40), rng.randint(100, 5000)])
    opener, closer = rng.choice([('{"a":', "}"), ("[", "]")])
    inner = opener * depth + "1" + closer * depth
    return '{"type":"command","id":"d","name":"a.b","args":{"x":' + inner + "}}" if rng.random() < 0.7 else inner


def _sessions() -> list[ServerSession | ClientSession]:
    sessions: list[ServerSession | ClientSession] = []
    for server_state in ServerState:
        server = ServerSession()
        server.state = server_state
        sessions.append(server)
    for client_state in ClientState:
        client = ClientSession()
        client.state, client.meeting_id = client_state, "m"
        sessions.append(client)
    return sessions


def feed_protocol(frame: str | bytes) -> str | None:
    """Decodes a frame both ways and feeds it to every session state; None when one side accepts
    it, else the refusal's code."""
    refusals = []
    for decode in (decode_client, decode_server):
        try:
            decode(frame)
        except RemoteProtocolError as exc:
            assert exc.code in ("bad_request", "too_large", "unsupported_version") and exc.message, exc
            reason = exc.detail.get("reason") if exc.detail else None
            refusals.append(f"{exc.code}/{reason}")
    refusal = refusals[0] if len(refusals) == 2 else None
    for session in _sessions():
        for event in session.receive(frame):
            if isinstance(event, Violation):
                assert event.error.code and event.error.message
    return refusal


def fuzz_protocol(count: int, seed: int) -> Tally:
    rng, tally = random.Random(seed), Tally()
    source = frames(rng)
    oversized = '{"type":"hello","x":"' + "a" * MAX_FRAME + '"}'
    for number in range(count):
        frame = oversized if number % 2500 == 0 else next(source)
        started = time.monotonic()
        try:
            refusal = feed_protocol(frame)
        except AssertionError:
            raise
        except Exception as exc:  # the finding: anything but the protocol's own error
            raise AssertionError(f"seed {seed}, input {number}: {type(exc).__name__}: {exc}; frame {frame[:200]!r}") from exc
        took = time.monotonic() - started
        assert took < PER_INPUT_S, f"seed {seed}, input {number} took {took:.1f} s: {frame[:200]!r}"
        tally.count(refusal, took)
    return tally


# -- the PDF import ------------------------------------------------------------------------------------


def _raw_pdf(*objects: str) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_corpus() -> list[bytes]:
    """Real PDFs to mutate: composed ones (Vietnamese text, several pages), one page past the
    limit, and hand-written ones whose page tree lies about its size or loops."""
    meta = PdfMetadata(title="Tờ trình", author="Thử", subject="", created=datetime(2026, 12, 1, tzinfo=UTC))
    composed = [
        compose_pdf([Paragraph("Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2027")], meta),
        compose_pdf([Paragraph("Trang một"), PageBreak(), Paragraph("Trang hai"), PageBreak(),
                     Paragraph("LƯU HÀNH NỘI BỘ")], meta),
    ]
    page = "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"
    liars = [
        _raw_pdf("<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 2147483647>>", page),
        _raw_pdf("<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R 3 0 R 3 0 R]/Count 999999>>", page),
        _raw_pdf("<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[2 0 R]/Count 1>>"),  # a tree that loops
        _raw_pdf("<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>",
                 "<</Type/Pages/Kids[3 0 R]/Count 1>>", page),
        _raw_pdf("<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count -5>>", page),
    ]
    huge = MAX_PAGES + 1
    kids = " ".join(f"{number + 3} 0 R" for number in range(huge))
    too_many = _raw_pdf("<</Type/Catalog/Pages 2 0 R>>", f"<</Type/Pages/Kids[{kids}]/Count {huge}>>", *[page] * huge)
    return composed + liars + [too_many]


def files(rng: random.Random, corpus: list[bytes]) -> Iterator[bytes]:
    keywords = [b"/JavaScript", b"/Launch", b"/Encrypt", b"/Count 999999999", b"/EmbeddedFile", b"obj",
                b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"%%EOF", b"/Length 99999999", b"<<", b">>"]
    makers: list[Callable[[], bytes]] = [
        lambda: _mutate(rng, rng.choice(corpus)),
        lambda: rng.choice(corpus)[: rng.randint(0, len(rng.choice(corpus)))],
        lambda: b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000))),
        lambda: bytes(rng.randrange(256) for _ in range(rng.randint(0, 500))),
        lambda: _splice(rng, rng.choice(corpus), rng.choice(corpus)),
        lambda: _insert(rng, rng.choice(corpus), rng.choice(keywords)),
        lambda: rng.choice(corpus),
    ]
    while True:
        yield rng.choice(makers)()


def _splice(rng: random.Random, first: bytes, second: bytes) -> bytes:
    return first[: rng.randint(0, len(first))] + second[rng.randint(0, len(second)):]


def _insert(rng: random.Random, data: bytes, word: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + word + data[at:]


def fuzz_pdf(count: int, seed: int) -> Tally:
    rng, tally = random.Random(seed), Tally()
    source = files(rng, pdf_corpus())
    for number in range(count):
        data = next(source)
        started = time.monotonic()
        try:
            import_document(data, "tai-lieu.pdf", item_id="item-01")
            refusal = None
        except DocumentError as exc:
            assert exc.code in ("bad_request", "forbidden") and exc.message and exc.detail, exc
            refusal = str(exc.detail["reason"])
        except DomainError as exc:
            raise AssertionError(f"seed {seed}, input {number}: a DomainError that is not a DocumentError: {exc}") from exc
        except Exception as exc:  # the finding: anything but the import's own refusal
            raise AssertionError(f"seed {seed}, input {number}: {type(exc).__name__}: {exc}; "
                                 f"{len(data)} bytes starting {data[:80]!r}") from exc
        took = time.monotonic() - started
        assert took < PER_INPUT_S, f"seed {seed}, input {number} took {took:.1f} s ({len(data)} bytes)"
        tally.count(refusal, took)
    return tally
