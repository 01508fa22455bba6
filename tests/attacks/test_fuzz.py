"""The CI's share of the fuzzing (tests/attacks/fuzzing.py): a few hundred generated inputs
each through the protocol decoder and the PDF import, from a fixed seed; the long run is
test_fuzz_long.py, on demand."""

from __future__ import annotations

from tests.attacks.fuzzing import fuzz_pdf, fuzz_protocol

SEED = 20261201


def test_hostile_frames_are_accepted_or_refused_by_the_protocol() -> None:
    tally = fuzz_protocol(600, SEED)
    assert tally.inputs == 600 and tally.accepted > 0
    # The mix reaches deep: size, nesting, schema and JSON refusals all occur.
    assert {"too_large/too_large", "bad_request/too_deep", "bad_request/invalid_json",
            "bad_request/unknown_field"} <= set(tally.refused), tally.refused


def test_hostile_files_are_imported_or_refused_by_the_pdf_import() -> None:
    tally = fuzz_pdf(300, SEED)
    assert tally.inputs == 300 and tally.accepted > 0
    assert {"damaged", "not_pdf", "too_many_pages"} <= set(tally.refused), tally.refused
