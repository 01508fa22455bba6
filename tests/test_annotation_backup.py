"""Sealed annotation backups: round trips for every device of the delegate, everything else refused."""

from __future__ import annotations

import json
import os

import msgspec
import pytest

from app.annotation_backup import MAX_BACKUP, backup_context, open_backup, seal_backup, sealed_for
from app.errors import DomainError
from app.keys import DeviceKeys, b64d, b64e

MEETING, DELEGATE = "ninhbinh-2026-k1", "db-007"
PAYLOAD = "Ghi chú: đề nghị làm rõ khoản 3 Điều 5.".encode() + os.urandom(64)


def pub(keys: DeviceKeys) -> bytes:
    return b64d(keys.kex_pub_b64)


@pytest.fixture(scope="module")
def devices() -> dict[str, DeviceKeys]:
    return {"dev-a": DeviceKeys.generate(), "dev-b": DeviceKeys.generate(), "dev-other": DeviceKeys.generate()}


@pytest.fixture(scope="module")
def blob(devices: dict[str, DeviceKeys]) -> bytes:
    return seal_backup(PAYLOAD, MEETING, DELEGATE, {d: pub(devices[d]) for d in ("dev-a", "dev-b")})


def refused(blob: bytes, device: str, devices: dict[str, DeviceKeys], delegate: str = DELEGATE,
            meeting: str = MEETING) -> DomainError:
    with pytest.raises(DomainError) as info:
        open_backup(blob, device, devices[device], delegate, meeting)
    assert info.value.message and "phonghop" not in info.value.message  # a sentence for people
    return info.value


def edited(blob: bytes, **fields: object) -> bytes:
    envelope = json.loads(blob)
    envelope.update(fields)
    return json.dumps(envelope).encode()


def test_every_device_of_the_delegate_opens_it(blob: bytes, devices: dict[str, DeviceKeys]) -> None:
    assert open_backup(blob, "dev-a", devices["dev-a"], DELEGATE, MEETING) == PAYLOAD
    assert open_backup(blob, "dev-b", devices["dev-b"], DELEGATE, MEETING) == PAYLOAD
    assert sealed_for(blob) == {"dev-a", "dev-b"}
    envelope = json.loads(blob)
    assert envelope["v"] == 1 and (envelope["meeting_id"], envelope["delegate_id"]) == (MEETING, DELEGATE)
    assert PAYLOAD not in blob and b64e(PAYLOAD) not in blob.decode()


def test_each_backup_has_its_own_key_and_nonce(devices: dict[str, DeviceKeys]) -> None:
    one = json.loads(seal_backup(PAYLOAD, MEETING, DELEGATE, {"dev-a": pub(devices["dev-a"])}))
    two = json.loads(seal_backup(PAYLOAD, MEETING, DELEGATE, {"dev-a": pub(devices["dev-a"])}))
    assert one["nonce"] != two["nonce"] and one["ct"] != two["ct"] and one["keys"] != two["keys"]


def test_empty_payload_round_trips(devices: dict[str, DeviceKeys]) -> None:
    blob = seal_backup(b"", MEETING, DELEGATE, {"dev-a": pub(devices["dev-a"])})
    assert open_backup(blob, "dev-a", devices["dev-a"], DELEGATE, MEETING) == b""


def test_a_device_it_was_not_sealed_for_cannot_open_it(blob: bytes, devices: dict[str, DeviceKeys]) -> None:
    assert refused(blob, "dev-other", devices).code == "not_found"
    # Naming itself as a recipient does not help: the sealed key is for dev-a's key alone.
    assert refused(blob.replace(b'"dev-a"', b'"dev-other"'), "dev-other", devices).code == "unauthorized"


def test_another_delegate_or_meeting_is_refused(blob: bytes, devices: dict[str, DeviceKeys]) -> None:
    assert refused(blob, "dev-a", devices, delegate="db-008").code == "forbidden"
    assert refused(blob, "dev-a", devices, meeting="ninhbinh-2026-to1").code == "forbidden"
    # Relabelled for the victim's name: the tag and the sealed key are bound to the real owner.
    relabelled = edited(blob, delegate_id="db-008")
    assert refused(relabelled, "dev-a", devices, delegate="db-008").code == "unauthorized"
    moved = edited(blob, meeting_id="ninhbinh-2026-to1")
    assert refused(moved, "dev-a", devices, meeting="ninhbinh-2026-to1").code == "unauthorized"


def test_a_sealed_key_from_another_delegates_backup_does_not_open_it(devices: dict[str, DeviceKeys]) -> None:
    mine = json.loads(seal_backup(PAYLOAD, MEETING, DELEGATE, {"dev-a": pub(devices["dev-a"])}))
    theirs = json.loads(seal_backup(b"x", MEETING, "db-008", {"dev-a": pub(devices["dev-a"])}))
    spliced = json.dumps({**mine, "keys": theirs["keys"]}).encode()
    assert refused(spliced, "dev-a", devices).code == "unauthorized"


def test_any_changed_byte_of_the_ciphertext_is_refused(blob: bytes, devices: dict[str, DeviceKeys]) -> None:
    envelope = json.loads(blob)
    ct = bytearray(b64d(envelope["ct"]))
    for where in (0, len(ct) // 2, len(ct) - 1):
        flipped = bytearray(ct)
        flipped[where] ^= 0x01
        assert refused(edited(blob, ct=b64e(bytes(flipped))), "dev-a", devices).code == "unauthorized"
    assert refused(edited(blob, ct=b64e(bytes(ct[:-1]))), "dev-a", devices).code == "unauthorized"
    nonce = bytearray(b64d(envelope["nonce"]))
    nonce[0] ^= 0x80
    assert refused(edited(blob, nonce=b64e(bytes(nonce))), "dev-a", devices).code == "unauthorized"
    sealed = bytearray(b64d(envelope["keys"]["dev-a"]))
    sealed[-1] ^= 0x01
    keys = {**envelope["keys"], "dev-a": b64e(bytes(sealed))}
    assert refused(edited(blob, keys=keys), "dev-a", devices).code == "unauthorized"


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        b"not json",
        b"[]",
        b'{"v": 1}',
        b"{" * 10_000,
        "é".encode("latin-1"),
    ],
)
def test_malformed_input_is_a_bad_request(bad: bytes, devices: dict[str, DeviceKeys]) -> None:
    assert refused(bad, "dev-a", devices).code == "bad_request"


def test_malformed_fields_are_bad_requests(blob: bytes, devices: dict[str, DeviceKeys]) -> None:
    cases = [
        edited(blob, nonce="%%%"),
        edited(blob, nonce=b64e(b"short")),
        edited(blob, ct=b64e(b"x")),
        edited(blob, keys={}),
        edited(blob, keys=[]),
        edited(blob, delegate_id="db|007"),
        edited(blob, extra="field"),
        edited(blob, v="1"),
        b"x" * (MAX_BACKUP + 1),
    ]
    for case in cases:
        assert refused(case, "dev-a", devices).code == "bad_request", case[:80]


def test_a_newer_version_says_so(blob: bytes, devices: dict[str, DeviceKeys]) -> None:
    assert refused(edited(blob, v=2, something_new=True), "dev-a", devices).code == "unsupported_version"


def test_sealing_refuses_no_recipients_bad_keys_bad_ids_and_oversize(devices: dict[str, DeviceKeys]) -> None:
    with pytest.raises(DomainError) as none:
        seal_backup(PAYLOAD, MEETING, DELEGATE, {})
    assert none.value.code == "bad_request"
    with pytest.raises(DomainError) as bad_key:
        seal_backup(PAYLOAD, MEETING, DELEGATE, {"dev-a": b"\x00" * 31})
    assert bad_key.value.code == "bad_request"
    with pytest.raises(DomainError) as bad_id:
        backup_context(MEETING, "db|1")
    assert bad_id.value.code == "bad_request"
    with pytest.raises(DomainError) as big:
        seal_backup(os.urandom(MAX_BACKUP), MEETING, DELEGATE, {"dev-a": pub(devices["dev-a"])})
    assert big.value.code == "too_large"


def test_envelope_is_msgspec_json_with_only_the_documented_fields(blob: bytes) -> None:
    decoded = msgspec.json.decode(blob)
    assert set(decoded) == {"v", "meeting_id", "delegate_id", "keys", "nonce", "ct"}
    assert len(b64d(decoded["nonce"])) == 12
