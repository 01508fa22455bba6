"""End-to-end document encryption: round trips, random access, and every tampering refused."""

from __future__ import annotations

import os
import struct
import traceback

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import doccrypto as dc
from app.errors import DomainError
from app.keys import DeviceKeys, b64d, b64e

DOC, VER = "doc-7", 3
SMALL = 64  # a small chunk size so "many chunks" stays fast


@pytest.fixture(scope="module")
def key() -> bytes:
    return dc.new_document_key()


def chunks_of(blob: bytes) -> tuple[dc.BlobHeader, list[bytes]]:
    header = dc.parse_header(blob)
    pieces = []
    for i in range(header.chunk_count):
        start, end = dc.chunk_range(header, i)
        pieces.append(blob[start:end])
    return header, pieces


def refused(blob: bytes | bytearray, key: bytes, doc: str = DOC, ver: int = VER) -> dc.DocumentCryptoError:
    with pytest.raises(dc.DocumentCryptoError) as info:
        dc.decrypt_document(key, doc, ver, blob)
    return info.value


# -- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "chunk_size"),
    [(0, SMALL), (1, SMALL), (SMALL, SMALL), (SMALL * 10, SMALL), (SMALL * 10 + 7, SMALL),
     (0, dc.DEFAULT_CHUNK_SIZE), (3 * dc.DEFAULT_CHUNK_SIZE + 1, dc.DEFAULT_CHUNK_SIZE)],
)  # fmt: skip
def test_round_trip(key: bytes, size: int, chunk_size: int) -> None:
    plain = os.urandom(size)
    blob = dc.encrypt_document(key, DOC, VER, plain, chunk_size)
    header = dc.parse_header(blob)
    assert header.plaintext_length == size
    assert header.chunk_count == max(1, -(-size // chunk_size))
    assert len(blob) == header.blob_length
    assert blob.startswith(dc.MAGIC)
    assert dc.decrypt_document(key, DOC, VER, blob) == plain


@given(plain=st.binary(max_size=600), chunk_size=st.integers(dc.MIN_CHUNK_SIZE, 200))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_round_trip_any_size(key: bytes, plain: bytes, chunk_size: int) -> None:
    blob = dc.encrypt_document(key, DOC, VER, plain, chunk_size)
    assert dc.decrypt_document(key, DOC, VER, blob) == plain


def test_encrypting_twice_gives_different_blobs_and_ids(key: bytes) -> None:
    a = dc.encrypt_document(key, DOC, VER, b"same text")
    b = dc.encrypt_document(key, DOC, VER, b"same text")
    assert a != b  # random nonces: re-encrypting with the same key never reuses a nonce
    assert dc.blob_id(a) != dc.blob_id(b)
    assert dc.blob_id(a) == dc.blob_id(bytes(a)) and len(dc.blob_id(a)) == 64


def test_decrypt_into_reused_buffer(key: bytes) -> None:
    plain = os.urandom(1000)
    blob = dc.encrypt_document(key, DOC, VER, plain, SMALL)
    out = bytearray(len(plain))
    assert dc.decrypt_document_into(key, DOC, VER, blob, out).chunk_count == 16
    assert out == plain
    bad = bytearray(blob)
    bad[-1] ^= 1
    with pytest.raises(dc.DocumentCryptoError):
        dc.decrypt_document_into(key, DOC, VER, bad, out)
    assert out == bytes(len(out))  # nothing unauthenticated is left behind


def test_new_keys_are_random_256_bit() -> None:
    keys = {dc.new_document_key() for _ in range(20)}
    assert len(keys) == 20 and all(len(k) == 32 for k in keys)


# -- random access -----------------------------------------------------------------------------


def test_each_chunk_decrypts_alone_from_its_range(key: bytes) -> None:
    plain = os.urandom(SMALL * 5 + 9)
    blob = dc.encrypt_document(key, DOC, VER, plain, SMALL)
    header = dc.parse_header(blob[: dc.HEADER_LEN])
    for i in range(header.chunk_count):
        start, end = dc.chunk_range(header, i)
        got = dc.decrypt_chunk(key, header, DOC, VER, i, blob[start:end])
        assert got == plain[i * SMALL : (i + 1) * SMALL]
    assert dc.chunk_range(header, header.chunk_count - 1)[1] == len(blob)
    with pytest.raises(dc.DocumentCryptoError) as info:
        dc.chunk_range(header, header.chunk_count)
    assert info.value.code == "bad_request"


class Server:
    """A blob behind a range-request callable that records what was asked."""

    def __init__(self, blob: bytes):
        self.blob = blob
        self.requests: list[tuple[int, int]] = []

    def fetch(self, start: int, end: int) -> bytes:
        self.requests.append((start, end))
        return self.blob[start:end]


def test_encrypted_file_reads_across_chunk_boundaries(key: bytes) -> None:
    plain = os.urandom(SMALL * 6 + 5)
    server = Server(dc.encrypt_document(key, DOC, VER, plain, SMALL))
    f = dc.EncryptedFile(key, DOC, VER, server.fetch, cache_chunks=3)
    assert len(f) == f.size == len(plain)
    for offset, n in [(0, 1), (SMALL - 1, 2), (SMALL - 3, SMALL * 3), (0, len(plain)), (len(plain) - 2, 10),
                      (len(plain), 5), (5 * SMALL, SMALL + 5), (10, 0), (0, 10**9)]:  # fmt: skip
        assert f.read(offset, n) == plain[offset : offset + n], (offset, n)
    assert f.decrypt_all() == plain


def test_encrypted_file_fetches_only_needed_chunks_and_caches(key: bytes) -> None:
    plain = os.urandom(SMALL * 20)
    server = Server(dc.encrypt_document(key, DOC, VER, plain, SMALL))
    f = dc.EncryptedFile(key, DOC, VER, server.fetch, cache_chunks=2)
    header = f.header
    assert server.requests == [(0, dc.HEADER_LEN)]
    server.requests.clear()
    assert f.read(SMALL * 7 + 3, 10) == plain[SMALL * 7 + 3 : SMALL * 7 + 13]
    assert server.requests == [dc.chunk_range(header, 7)]
    f.read(SMALL * 7, 5)  # cached
    assert len(server.requests) == 1
    f.read(SMALL * 8, 1)
    f.read(SMALL * 9, 1)  # evicts chunk 7 (LRU of two)
    f.read(SMALL * 7, 1)
    assert server.requests[-1] == dc.chunk_range(header, 7) and len(server.requests) == 4


def test_encrypted_file_refuses_tampered_or_short_ranges(key: bytes) -> None:
    blob = bytearray(dc.encrypt_document(key, DOC, VER, os.urandom(SMALL * 4), SMALL))
    start, _ = dc.chunk_range(dc.parse_header(blob), 2)
    blob[start + 20] ^= 0x40
    f = dc.EncryptedFile(key, DOC, VER, lambda s, e: bytes(blob[s:e]))
    assert f.read(0, SMALL) == f.chunk(0)
    with pytest.raises(dc.DocumentCryptoError) as info:
        f.read(SMALL * 2, 1)
    assert info.value.code == "unauthorized"
    short = dc.EncryptedFile(key, DOC, VER, lambda s, e: bytes(blob[s : e - 1]) if s else bytes(blob[s:e]))
    with pytest.raises(dc.DocumentCryptoError):
        short.read(0, 1)
    with pytest.raises(dc.DocumentCryptoError):
        short.decrypt_all()


# -- tampering ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(key: bytes) -> tuple[bytes, bytes]:
    plain = os.urandom(SMALL * 4 + 10)
    return plain, dc.encrypt_document(key, DOC, VER, plain, SMALL)


@given(data=st.data())
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_flipped_bit_is_refused(key: bytes, sample: tuple[bytes, bytes], data: st.DataObject) -> None:
    _, blob = sample
    position = data.draw(st.integers(0, len(blob) - 1), label="byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    bad = bytearray(blob)
    bad[position] ^= 1 << bit
    err = refused(bad, key)
    assert err.code in {"unauthorized", "bad_request"}
    assert err.code == "unauthorized" or position < dc.HEADER_LEN


def test_flipped_bit_in_one_fetched_chunk_is_refused(key: bytes, sample: tuple[bytes, bytes]) -> None:
    _, blob = sample
    header = dc.parse_header(blob)
    for i in range(header.chunk_count):
        start, end = dc.chunk_range(header, i)
        for position in range(start, end, 7):
            chunk = bytearray(blob[start:end])
            chunk[position - start] ^= 0x01
            with pytest.raises(dc.DocumentCryptoError) as info:
                dc.decrypt_chunk(key, header, DOC, VER, i, chunk)
            assert info.value.code == "unauthorized"


def test_swapped_chunks_are_refused(key: bytes, sample: tuple[bytes, bytes]) -> None:
    _, blob = sample
    header, pieces = chunks_of(blob)
    pieces[0], pieces[1] = pieces[1], pieces[0]
    assert refused(header.raw + b"".join(pieces), key).code == "unauthorized"
    # and a chunk fetched for one index never decrypts as another (pieces[1] is now chunk 0)
    with pytest.raises(dc.DocumentCryptoError):
        dc.decrypt_chunk(key, header, DOC, VER, 1, pieces[1])


def test_missing_chunk_is_refused(key: bytes, sample: tuple[bytes, bytes]) -> None:
    _, blob = sample
    header, pieces = chunks_of(blob)
    for dropped in range(len(pieces)):
        rest = pieces[:dropped] + pieces[dropped + 1 :]
        assert refused(header.raw + b"".join(rest), key).code == "unauthorized"


def test_dropping_the_last_chunk_and_fixing_the_header_is_refused(key: bytes) -> None:
    plain = os.urandom(SMALL * 3)
    _, pieces = chunks_of(dc.encrypt_document(key, DOC, VER, plain, SMALL))
    forged = dc.BlobHeader.for_plaintext(SMALL * 2, SMALL)
    assert refused(forged.raw + b"".join(pieces[:2]), key).code == "unauthorized"


def test_truncated_or_extended_blob_is_refused(key: bytes, sample: tuple[bytes, bytes]) -> None:
    _, blob = sample
    for cut in [1, 15, 16, 17, dc.TAG_LEN + dc.NONCE_LEN, SMALL, len(blob) - dc.HEADER_LEN]:
        refused(blob[:-cut], key)
    for cut in range(dc.HEADER_LEN):
        assert refused(blob[:cut], key).code == "bad_request"
    assert refused(blob + b"\0", key).code == "unauthorized"


@pytest.mark.parametrize(
    ("chunk_size", "length", "count"),
    [(SMALL * 2, None, None), (SMALL // 2, None, None), (None, SMALL * 4 + 9, None),
     (None, SMALL * 4, None), (None, SMALL * 3 + 1, 4), (None, None, 6), (None, 0, 1)],
)  # fmt: skip
def test_edited_header_is_refused(
    key: bytes, sample: tuple[bytes, bytes], chunk_size: int | None, length: int | None, count: int | None
) -> None:
    _, blob = sample
    h = dc.parse_header(blob)
    edited = struct.pack(
        ">6sIQQ",
        dc.MAGIC,
        h.chunk_size if chunk_size is None else chunk_size,
        h.plaintext_length if length is None else length,
        h.chunk_count if count is None else count,
    )
    refused(edited + blob[dc.HEADER_LEN :], key)


def test_consistent_forged_header_over_a_valid_prefix_is_refused(key: bytes) -> None:
    # Claim the document is shorter, trimming the blob to match: every chunk's AAD still names
    # the original header, so even the intact first chunks refuse.
    plain = os.urandom(SMALL * 4)
    blob = dc.encrypt_document(key, DOC, VER, plain, SMALL)
    forged = dc.BlobHeader.for_plaintext(SMALL * 2, SMALL)
    assert refused(forged.raw + blob[dc.HEADER_LEN : forged.blob_length], key).code == "unauthorized"


def test_malformed_headers_are_bad_requests(key: bytes, sample: tuple[bytes, bytes]) -> None:
    _, blob = sample
    for bad in [b"", b"PHDOC1", b"PHDOC2" + blob[6:], struct.pack(">6sIQQ", dc.MAGIC, 0, 0, 1),
                struct.pack(">6sIQQ", dc.MAGIC, 8, 0, 1), struct.pack(">6sIQQ", dc.MAGIC, 64, 0, 0),
                struct.pack(">6sIQQ", dc.MAGIC, 64, 1 << 41, 1 << 35)]:  # fmt: skip
        with pytest.raises(dc.DocumentCryptoError) as info:
            dc.parse_header(bad)
        assert info.value.code == "bad_request"


def test_wrong_key_document_or_version_is_refused(key: bytes, sample: tuple[bytes, bytes]) -> None:
    plain, blob = sample
    assert refused(blob, dc.new_document_key()).code == "unauthorized"
    assert refused(blob, key, doc="doc-8").code == "unauthorized"
    assert refused(blob, key, ver=VER + 1).code == "unauthorized"
    header, pieces = chunks_of(blob)
    with pytest.raises(dc.DocumentCryptoError):
        dc.decrypt_chunk(key, header, DOC, VER + 1, 0, pieces[0])
    # the same plaintext under the same key for another document is not interchangeable
    other = dc.encrypt_document(key, "doc-8", VER, plain, SMALL)
    _, other_pieces = chunks_of(other)
    assert refused(header.raw + other_pieces[0] + b"".join(pieces[1:]), key).code == "unauthorized"


def test_bad_arguments_are_bad_requests(key: bytes) -> None:
    for call in [
        lambda: dc.encrypt_document(b"short", DOC, VER, b"x"),
        lambda: dc.encrypt_document(key, "a|b", VER, b"x"),
        lambda: dc.encrypt_document(key, "", VER, b"x"),
        lambda: dc.encrypt_document(key, DOC, -1, b"x"),
        lambda: dc.encrypt_document(key, DOC, VER, b"x", chunk_size=8),
        lambda: dc.wrap_key(key, b"\0" * 31, DOC, VER),
        lambda: dc.wrap_key(key[:16], pub_of(DeviceKeys.generate()), DOC, VER),
    ]:
        with pytest.raises(dc.DocumentCryptoError) as info:
            call()
        assert info.value.code == "bad_request"


# -- key wrapping ------------------------------------------------------------------------------


def pub_of(device: DeviceKeys) -> bytes:
    return b64d(device.kex_pub_b64)


def test_wrap_unwrap_round_trip(key: bytes) -> None:
    device = DeviceKeys.generate()
    wrapped = dc.wrap_key(key, pub_of(device), DOC, VER)
    assert len(wrapped) <= 512 and b64e(b64d(wrapped)) == wrapped
    assert dc.unwrap_key(wrapped, device, DOC, VER) == key
    assert dc.wrap_key(key, pub_of(device), DOC, VER) != wrapped  # fresh ephemeral key each time


def test_unwrap_refuses_other_device_document_version(key: bytes) -> None:
    device, other = DeviceKeys.generate(), DeviceKeys.generate()
    wrapped = dc.wrap_key(key, pub_of(device), DOC, VER)
    for call in [
        lambda: dc.unwrap_key(wrapped, other, DOC, VER),
        lambda: dc.unwrap_key(wrapped, device, "doc-8", VER),
        lambda: dc.unwrap_key(wrapped, device, DOC, VER + 1),
    ]:
        with pytest.raises(dc.DocumentCryptoError) as info:
            call()
        assert info.value.code == "unauthorized"


@given(data=st.data())
@settings(max_examples=100)
def test_tampered_wrapped_key_is_refused(data: st.DataObject) -> None:
    device = DeviceKeys.generate()
    raw = bytearray(b64d(dc.wrap_key(bytes(32), pub_of(device), DOC, VER)))
    position = data.draw(st.integers(0, len(raw) - 1))
    raw[position] ^= 1 << data.draw(st.integers(0, 7))
    with pytest.raises(dc.DocumentCryptoError) as info:
        dc.unwrap_key(b64e(bytes(raw)), device, DOC, VER)
    assert info.value.code == "unauthorized"


def test_malformed_wrapped_keys_are_refused() -> None:
    device = DeviceKeys.generate()
    good = dc.wrap_key(bytes(32), pub_of(device), DOC, VER)
    for bad in ["", "not base64!", good[:-4], good + "AAAA", b64e(bytes(60)), b64e(bytes(92))]:
        with pytest.raises(dc.DocumentCryptoError) as info:
            dc.unwrap_key(bad, device, DOC, VER)
        assert info.value.code == "unauthorized"


def test_seal_round_trip_and_context_binding() -> None:
    device, other = DeviceKeys.generate(), DeviceKeys.generate()
    for payload in [b"", b"ink strokes " * 1000]:
        sealed = dc.seal_for(pub_of(device), payload, b"annotations|doc-7")
        assert dc.open_sealed(device, sealed, b"annotations|doc-7") == payload
        for dev, ctx in [(other, b"annotations|doc-7"), (device, b"annotations|doc-8")]:
            with pytest.raises(dc.DocumentCryptoError) as info:
                dc.open_sealed(dev, sealed, ctx)
            assert info.value.code == "unauthorized"


# -- no key material in messages or reprs ------------------------------------------------------


def test_errors_and_reprs_hold_no_key_material(key: bytes, sample: tuple[bytes, bytes]) -> None:
    _, blob = sample
    device = DeviceKeys.generate()
    secrets = [key, device.kex_key.private_bytes_raw()]
    spellings = [s for k in secrets for s in (k.hex(), b64e(k), repr(k), str(list(k)))]
    texts = []
    bad = bytearray(blob)
    bad[-1] ^= 1
    for call in [
        lambda: dc.decrypt_document(key, DOC, VER, bad),
        lambda: dc.decrypt_document(dc.new_document_key(), DOC, VER, blob),
        lambda: dc.unwrap_key(dc.wrap_key(key, pub_of(DeviceKeys.generate()), DOC, VER), device, DOC, VER),
        lambda: dc.encrypt_document(key[:31], DOC, VER, b""),
    ]:
        with pytest.raises(dc.DocumentCryptoError) as info:
            call()
        err = info.value
        assert isinstance(err, DomainError)
        assert err.__cause__ is None
        texts += [str(err), repr(err), err.message, repr(err.to_dict())]
        texts.append("".join(traceback.format_exception(err)))
    f = dc.EncryptedFile(key, DOC, VER, Server(blob).fetch)
    texts += [repr(f), str(f), repr(f.header), repr(f.__dict__)]
    assert "Tài liệu đã bị thay đổi hoặc khóa không đúng." in texts[0]
    for text in texts:
        for spelling in spellings:
            assert spelling not in text
