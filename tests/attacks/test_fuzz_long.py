"""On demand (`pytest -m fuzz_long tests/attacks/test_fuzz_long.py -s`): at least 10,000
generated inputs through the protocol decoder and its handshake state machines, and 10,000
through the PDF import. PHONGHOP_FUZZ_INPUTS sets how many, PHONGHOP_FUZZ_SEED replays a run
(every failure names its seed and input number)."""

from __future__ import annotations

import os
import random
import time

import pytest

from tests.attacks.fuzzing import Tally, fuzz_pdf, fuzz_protocol

pytestmark = [pytest.mark.fuzz_long, pytest.mark.timeout(1800)]

INPUTS = max(10_000, int(os.environ.get("PHONGHOP_FUZZ_INPUTS", "10000")))
SEED = int(os.environ.get("PHONGHOP_FUZZ_SEED", str(random.SystemRandom().randrange(2**32))))


def report(what: str, tally: Tally, took: float) -> None:
    print(f"\n{what}: {tally.inputs} inputs (seed {SEED}) in {took:.1f} s, {tally.accepted} accepted, "
          f"slowest {tally.slowest_s * 1000:.0f} ms; refused: {dict(sorted(tally.refused.items()))}")


def test_the_protocol_decoder_with_ten_thousand_inputs() -> None:
    started = time.monotonic()
    tally = fuzz_protocol(INPUTS, SEED)
    report("protocol", tally, time.monotonic() - started)
    assert tally.inputs >= 10_000


def test_the_pdf_import_with_ten_thousand_inputs() -> None:
    started = time.monotonic()
    tally = fuzz_pdf(INPUTS, SEED)
    report("PDF import", tally, time.monotonic() - started)
    assert tally.inputs >= 10_000
