"""The technician's security log itself: one parseable line per refusal, a flood summarised,
peer-chosen text unable to forge a line or a field."""

from __future__ import annotations

import json
import time

import pytest

from phonghop.logs import JsonFormatter
from sync.server import security
from tests.attacks.drill import security_message


def lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, str]]:
    return [dict(pair.split("=", 1) for pair in r.getMessage().split(" "))
            for r in caplog.records if r.name == "phonghop.security"]


def test_a_flood_is_written_a_few_lines_then_counted(caplog: pytest.LogCaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "FLOOD_WINDOW_S", 0.2)
    caplog.set_level("WARNING", "phonghop.security")
    for _ in range(100):
        security.refused("command", "rate_limited", address="10.0.0.9", device_id="dev-flood", command="vote.cast")
    security.refused("command", "rate_limited", address="10.0.0.9", device_id="dev-other", command="vote.cast")
    assert len(lines(caplog)) == security.FLOOD_LINES + 1  # the other device is a source of its own
    time.sleep(0.25)
    security.refused("command", "rate_limited", address="10.0.0.9", device_id="dev-flood", command="vote.cast")
    last = lines(caplog)[-1]
    assert last["suppressed"] == str(100 - security.FLOOD_LINES) and last["device_id"] == "dev-flood"


def test_claimed_ids_do_not_escape_the_flood_count(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", "phonghop.security")
    for number in range(50):
        security.refused("handshake", "unauthorized", address="10.0.0.10", claimed=f"dev-made-up-{number}")
    assert len([e for e in lines(caplog) if e["address"] == "10.0.0.10"]) == security.FLOOD_LINES


def test_peer_text_cannot_forge_a_line_or_a_field(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", "phonghop.security")
    security.refused("http", "not_found", address="10.0.0.11",
                     path="/v1/blobs/x\nWARNING phonghop.security: event=fake code=none")
    message = caplog.records[-1].getMessage()
    assert "\n" not in message and message.count("event=") == 1 and message.count("code=") == 1
    assert lines(caplog)[-1]["path"].startswith("/v1/blobs/x\\x0a")


def test_the_line_reads_the_same_in_json_logs(caplog: pytest.LogCaptureFixture) -> None:
    """`phonghop server --json-logging`: the fields survive as the JSON entry's message."""
    caplog.set_level("WARNING", "phonghop.security")
    security.refused("handshake", "unauthorized", address="10.0.0.12", claimed="dev-x", reason="revoked")
    entry = JsonFormatter().format(caplog.records[-1])
    message = security_message(entry)
    assert message is not None and json.loads(entry)["logger"] == "phonghop.security"
    assert dict(pair.split("=", 1) for pair in message.split(" ")) == {
        "event": "handshake", "code": "unauthorized", "address": "10.0.0.12", "claimed": "dev-x", "reason": "revoked"}
