"""The English interface: every message translated with its placeholders, the .qm in step with the
.ts, and the seat's words in English only when asked (Vietnamese stays the default)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sync.client.connection import Changes
from sync.client.status import ConnectionStatus
from tests.ui.test_seat_parts import StandInConnection, StandInFetcher, meeting_state
from ui.banner import ConnectionBanner
from ui.i18n import choose_language, install_translator, remove_translator
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "phonghop_en.ts"
QM = ROOT / "resources" / "translations" / "phonghop_en.qm"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%L?\d+")


def messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [
        (context.findtext("name", ""), message.findtext("source", ""), message.find("translation"))  # type: ignore[misc]
        for context in root.iter("context")
        for message in context.iter("message")
    ]


@pytest.fixture
def language(qapp: QApplication) -> Iterator[None]:
    """Whatever a test installs is gone afterwards: the other tests read Vietnamese."""
    yield
    remove_translator(qapp)


def test_the_ts_is_vietnamese_to_british_english() -> None:
    root = ET.parse(TS).getroot()
    assert root.get("sourcelanguage") == "vi_VN" and root.get("language") == "en_GB"


def test_every_message_is_finished_non_empty_and_keeps_its_placeholders() -> None:
    found = messages()
    assert len(found) > 90
    for context, source, translation in found:
        assert translation is not None, (context, source)
        assert translation.get("type") is None, f"{context}: {source!r} is {translation.get('type')}"
        english = translation.text or ""
        assert english.strip(), (context, source)
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(source)), (context, source, english)


def test_the_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run: pyside6-lrelease resources/translations/phonghop_en.ts"


def test_the_ts_holds_exactly_the_messages_of_the_sources(tmp_path: Path) -> None:
    """lupdate finds every message in the code: a string passed through a helper lupdate cannot
    read would be dropped as obsolete at the next update and shown untranslated."""
    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).parent / "pyside6-lupdate")
    copy = tmp_path / "copy.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    done = subprocess.run([lupdate, *sources, "-source-language", "vi_VN", "-target-language", "en_GB", "-no-obsolete",
                           "-locations", "none", "-ts", str(copy)], check=True, capture_output=True, text=True)
    assert "obsolete" not in done.stdout and "(0 new" in done.stdout, done.stdout


def test_language_comes_from_the_argument_then_the_environment_then_vietnamese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PHONGHOP_LANG", raising=False)
    assert choose_language(None) == "vi"
    assert choose_language("en") == "en"
    monkeypatch.setenv("PHONGHOP_LANG", "en")
    assert choose_language(None) == "en"
    assert choose_language("vi") == "vi"
    monkeypatch.setenv("PHONGHOP_LANG", "fr")
    assert choose_language(None) == "vi"


def banner_with(qtbot: QtBot) -> tuple[StandInConnection, ConnectionBanner]:
    conn = StandInConnection(meeting_state())
    model = SeatViewModel(conn, StandInFetcher())  # type: ignore[arg-type]
    banner = ConnectionBanner(model)
    qtbot.addWidget(banner)
    banner.resize(900, 80)
    banner.show()
    return conn, banner


def test_the_banner_speaks_english_when_asked(qapp: QApplication, qtbot: QtBot, language: None, screens: Path) -> None:
    assert install_translator(qapp, "en") == "en"
    conn, banner = banner_with(qtbot)
    assert "Connected" in banner.text_label.text() and banner.retry_button.text() == "Retry"

    since = datetime(2026, 1, 5, 6, 57, tzinfo=UTC)
    conn.status = ConnectionStatus("offline", since)
    conn.emit(Changes(status=True))
    assert f"Connection lost since {since.astimezone():%H:%M}" in banner.text_label.text()
    assert "The device is reconnecting by itself." in banner.text_label.text()
    assert banner.retry_button.isVisible()
    banner.setFixedWidth(900)
    banner.adjustSize()
    qtbot.waitExposed(banner)
    banner.grab().save(str(screens / "english-banner.png"))


def test_the_seat_window_speaks_english_when_asked(qapp: QApplication, qtbot: QtBot, language: None,
                                                   screens: Path) -> None:
    install_translator(qapp, "en")
    model = SeatViewModel(StandInConnection(meeting_state()), StandInFetcher())  # type: ignore[arg-type]
    window = SeatWindow(model, lambda document: b"")
    qtbot.addWidget(window)
    window.resize(1366, 820)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "PhòngHọp – Delegate"
    assert window.check_in_button.text() == "Check in"
    assert window.banner.retry_button.text() == "Retry"
    assert model.watermark() == "Trần Văn Bình – Seat A01"
    window.grab().save(str(screens / "english.png"))


def test_vietnamese_is_the_default_and_comes_back(qapp: QApplication, qtbot: QtBot, language: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    install_translator(qapp, "en")
    monkeypatch.delenv("PHONGHOP_LANG", raising=False)
    assert install_translator(qapp, None) == "vi"  # replaces English: nothing installed
    _, banner = banner_with(qtbot)
    assert "Đã kết nối" in banner.text_label.text() and banner.retry_button.text() == "Thử lại"


def test_every_legal_word_of_a_vote_has_its_english_under_one_context() -> None:
    # app.vote_labels is Qt-free; the seat, the console and the display translate its words
    # under "VoteLabels" (ui/vote_words.py): a label added there without a line here stays Vietnamese.
    from app import vote_labels

    words = {
        *vote_labels.KIND_LABELS.values(), *vote_labels.OPTION_LABELS.values(), *vote_labels.RULE_LABELS.values(),
        *vote_labels.OUTCOME_LABELS.values(), *vote_labels.CONSEQUENCE_LABELS.values(),
        *vote_labels.STATUS_LABELS.values(), vote_labels.NO_CONFIDENCE_LABEL, vote_labels.NOT_VOTED_LABEL,
        vote_labels.ELECTED_LABEL, vote_labels.TIE_LABEL,
    }
    translated = {source: t.text for context, source, t in messages() if context == "VoteLabels"}
    assert words <= set(translated), sorted(words - set(translated))
    assert all(translated[w] for w in words)
