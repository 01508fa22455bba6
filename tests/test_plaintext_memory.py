"""Buffers for decrypted documents: zero-filled, writable, the exact size, mapped when large."""

from __future__ import annotations

import mmap

import pytest

from app import doccrypto as dc
from app.plaintext_memory import MAPPED_FROM, plaintext_buffer


@pytest.mark.parametrize("size", [0, 1, 4096, MAPPED_FROM - 1, MAPPED_FROM, 3 * MAPPED_FROM + 7])
def test_buffer_is_zeroed_writable_and_exact(size: int) -> None:
    view = plaintext_buffer(size)
    assert len(view) == size and not view.readonly
    assert view.tobytes() == bytes(size)
    if size:
        view[size - 1] = 0xAB
        assert view[size - 1] == 0xAB


def test_large_buffers_are_anonymous_mappings_on_linux() -> None:
    view = plaintext_buffer(MAPPED_FROM * 2)
    if hasattr(mmap, "MADV_HUGEPAGE"):
        assert isinstance(view.obj, mmap.mmap)
    else:  # pragma: no cover - platforms without madvise advice
        assert isinstance(view.obj, bytearray)


def test_a_large_document_decrypts_into_mapped_memory_and_opens_in_place() -> None:
    plain = bytes(range(256)) * (MAPPED_FROM // 256 * 3)
    key = dc.new_document_key()
    out = dc.decrypt_document(key, "d", 1, dc.encrypt_document(key, "d", 1, plain))
    assert out == plain
    assert len(out) == len(plain)


def test_a_failed_decryption_leaves_no_plaintext_in_the_buffer() -> None:
    plain = b"bi mat" * (MAPPED_FROM // 6 + 1)
    key = dc.new_document_key()
    blob = dc.encrypt_document(key, "d", 1, plain)
    blob[-1] ^= 1  # the last chunk's tag: every earlier chunk decrypts fine first
    out = plaintext_buffer(len(plain))
    with pytest.raises(dc.DocumentCryptoError):
        dc.decrypt_document_into(key, "d", 1, blob, out)
    assert out.tobytes() == bytes(len(plain))
