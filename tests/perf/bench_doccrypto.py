"""Performance benchmark of document encryption (app/doccrypto.py) against raw AES-GCM.

    .venv/bin/python tests/perf/bench_doccrypto.py [--mb 100] [--repeats 7] [--chunk-size 65536]

Encrypts and decrypts one random document and, in the same run, times the bare floor: one
AESGCM.encrypt / AESGCM.decrypt call per chunk on the same chunk bytes, nonces and associated
data, results thrown away. Prints one JSON line per figure to stdout:

    {"figure", "value", "unit", "floor", "ratio", "target", "ok", "n", "machine"}

Figures (median of --repeats runs):
- decrypt_throughput_mb_s: decrypt_document, a fresh plaintext buffer each time (what a reader
  opening a document pays, memory from app/plaintext_memory.py included), ratio to raw decrypt
  ≥ 0.7;
- decrypt_into_reused_mb_s: decrypt_document_into a buffer kept between runs, ratio ≥ 0.7
  (the module's own overhead: framing, AAD, tag checks, slicing);
- encrypt_throughput_mb_s: encrypt_document (fresh blob each time, a plain bytearray: the
  technician's one-off, no target in the issue), ratio to raw encrypt, informative;
- fresh_buffer_ms: allocating and zero-filling one document-sized buffer on this machine
  (informative: the cost that separates the first two decrypt figures);
- decrypt_vs_raw_fresh_output_mb_s / encrypt_vs_raw_fresh_output_mb_s: the same decrypt and
  encrypt figures against a second floor that also writes into one fresh document-sized buffer
  (AESGCM.decrypt_into / encrypt_into), so both sides pay the same memory first-touch cost
  (informative next to the main figures, which keep the bare floor);
- random_read_4k_us: EncryptedFile.read of 4 KiB at random offsets over an in-memory blob, cache
  disabled (informative: one chunk fetched and decrypted per read).

Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app import doccrypto as dc

DOC, VER = "bench-doc", 1


def median_seconds(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def emit(
    figure: str, value: float, unit: str, n: int, floor: float | None = None, target: float | None = None
) -> None:
    line: dict[str, object] = {"figure": figure, "value": round(value, 3), "unit": unit}
    if floor is not None:
        ratio = value / floor
        line |= {
            "floor": round(floor, 3),
            "ratio": round(ratio, 3),
            "target": target,
            "ok": ratio >= (target or 0),
        }
    line |= {"n": n, "machine": f"{platform.machine()} {os.cpu_count()} cpu, py {platform.python_version()}"}
    print(json.dumps(line), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--chunk-size", type=int, default=dc.DEFAULT_CHUNK_SIZE)
    args = parser.parse_args()

    size = args.mb * 1_000_000
    plain = os.urandom(size)
    key = dc.new_document_key()
    blob = dc.encrypt_document(key, DOC, VER, plain, args.chunk_size)
    header = dc.parse_header(blob)
    assert dc.decrypt_document(key, DOC, VER, blob) == plain
    mb = size / 1e6

    # The floor's inputs, sliced once outside the timing: the very bytes the blob holds.
    aes = AESGCM(key)
    cipher = dc._ChunkCipher(key, DOC, VER, header)
    nonces, bodies, aads, pieces = [], [], [], []
    for i in range(header.chunk_count):
        start, end = dc.chunk_range(header, i)
        nonces.append(blob[start : start + dc.NONCE_LEN])
        bodies.append(blob[start + dc.NONCE_LEN : end])
        aads.append(cipher.aad(i))
        pieces.append(plain[i * args.chunk_size : (i + 1) * args.chunk_size])
    triples = list(zip(nonces, bodies, aads, strict=True))
    encrypt_triples = list(zip(nonces, pieces, aads, strict=True))

    def raw_decrypt() -> None:
        for nonce, body, aad in triples:
            aes.decrypt(nonce, body, aad)

    def raw_encrypt() -> None:
        for nonce, piece, aad in encrypt_triples:
            aes.encrypt(nonce, piece, aad)

    def raw_decrypt_fresh() -> None:
        out = memoryview(bytearray(size))
        for i, (nonce, body, aad) in enumerate(triples):
            aes.decrypt_into(
                nonce, body, aad, out[i * args.chunk_size : i * args.chunk_size + len(body) - 16]
            )

    def raw_encrypt_fresh() -> None:
        out = memoryview(bytearray(len(blob)))
        for i, (nonce, piece, aad) in enumerate(encrypt_triples):
            start = dc.HEADER_LEN + i * header.stride + dc.NONCE_LEN
            aes.encrypt_into(nonce, piece, aad, out[start : start + len(piece) + 16])

    reused = bytearray(size)
    raw_dec = mb / median_seconds(raw_decrypt, args.repeats)
    dec = mb / median_seconds(lambda: dc.decrypt_document(key, DOC, VER, blob), args.repeats)
    dec_into = mb / median_seconds(
        lambda: dc.decrypt_document_into(key, DOC, VER, blob, reused), args.repeats
    )
    raw_enc = mb / median_seconds(raw_encrypt, args.repeats)
    enc = mb / median_seconds(
        lambda: dc.encrypt_document(key, DOC, VER, plain, args.chunk_size), args.repeats
    )
    fresh = median_seconds(lambda: bytearray(size), args.repeats)
    raw_dec_fresh = mb / median_seconds(raw_decrypt_fresh, args.repeats)
    raw_enc_fresh = mb / median_seconds(raw_encrypt_fresh, args.repeats)

    emit("decrypt_throughput_mb_s", dec, "MB/s", size, raw_dec, 0.7)
    emit("decrypt_into_reused_mb_s", dec_into, "MB/s", size, raw_dec, 0.7)
    emit("encrypt_throughput_mb_s", enc, "MB/s", size, raw_enc)
    emit("fresh_buffer_ms", fresh * 1000, "ms", size)
    emit("decrypt_vs_raw_fresh_output_mb_s", dec, "MB/s", size, raw_dec_fresh, 0.7)
    emit("encrypt_vs_raw_fresh_output_mb_s", enc, "MB/s", size, raw_enc_fresh, 0.7)

    f = dc.EncryptedFile(key, DOC, VER, lambda s, e: blob[s:e], header=header, cache_chunks=1)
    rng = random.Random(7)
    offsets = [rng.randrange(0, size - 4096) for _ in range(2000)]
    start = time.perf_counter()
    for offset in offsets:
        f._cache.clear()
        f.read(offset, 4096)
    emit("random_read_4k_us", (time.perf_counter() - start) / len(offsets) * 1e6, "us", len(offsets))


if __name__ == "__main__":
    main()
