"""Issue 8's end-to-end vote: a hall of 85 delegates over real TLS sockets (78 simulated seats of
`phonghop rehearse --sealed` and the seven counting committee devices running the product's
agent), a secret vote counted by the room and the same vote sealed; then `phonghop export` and
`phonghop verify` of the meeting: every proof re-checked, every result recounted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import ServerProcess, patience
from tests.test_archive import phonghop
from tests.test_rehearse import rehearse, technician_device

pytestmark = pytest.mark.slow

SEALED = {"secret_ballot_ack", "secret_close_result", "sealed_key", "sealed_ballot_ack", "sealed_close_result"}


async def test_eighty_five_delegates_and_a_committee_of_seven_hold_a_sealed_vote_that_verifies(
    server: ServerProcess, tmp_path: Path
) -> None:
    device = technician_device(server, tmp_path)
    out = tmp_path / "out.json"
    proc = rehearse(device, "--seats", "78", "--sealed", "--keep", "--json", str(out), "--timeout", "60")
    stdout, _ = proc.communicate(timeout=patience(240))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["failures"] == [] and report["skipped"] == [], stdout
    figures = {f["figure"]: f for f in report["figures"]}
    assert set(figures) >= SEALED
    assert figures["sealed_ballot_ack"]["n"] == 78 and figures["sealed_close_result"]["n"] == 78
    assert figures["sealed_key"]["n"] == 1

    archive = tmp_path / "dien-tap.jsonl"
    done = phonghop("export", "--data", str(server.data_dir), "--meeting", report["meeting_id"], "--out",
                    str(archive))
    assert done.returncode == 0, done.stderr
    checked = phonghop("verify", "--json", str(archive), timeout=120)
    verdict = json.loads(checked.stdout)
    assert checked.returncode == 0 and verdict["status"] == "valid", verdict["findings"]
    recounts = {v["title"]: (v["kind"], v["recount"], v["ballots"]) for v in verdict["votes"]}
    assert recounts["Phiếu kín mã hóa diễn tập"] == ("secret", "ok", 78)
    assert recounts["Phiếu kín diễn tập (máy chủ đếm)"] == ("secret", "ok", 78)
    events = [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()]
    sealed = next(e for e in events if e.get("name") == "vote.closed" and "sealed" in e["data"])
    assert sealed["data"]["participated"] == 78 and sum(sealed["data"]["tally"].values()) == 78
    assert sealed["data"]["present"] == 85 and sealed["data"]["n_total"] == 85
    assert sealed["data"]["sealed"]["threshold"] == 4
