"""First start of a seat against a real room server: the enrollment dialog (bad link, used code,
a good link with a passphrase), the passphrase dialog of an enrolled seat, and the seat parts
that follow. The dialogs are driven through their widgets on the qasync loop."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest
import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.storage.replica import Replica
from phonghop import seat as seat_module
from phonghop.seat import open_or_enroll, run_enrolled_seat
from sync.client.device import enroll_device, open_device
from sync.client.enroll import Identity
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from ui import enroll_dialog
from ui.enroll_dialog import EnrollDialog, Enrolled, PassphraseDialog
from ui.seat_window import SeatWindow

pytestmark = pytest.mark.slow

PASSPHRASE = "ghe-A30-2026"  # QTest.keyClicks types ASCII only
W = TypeVar("W", bound=QWidget)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a seat PC without an OS keyring: keys go to passphrase files, whatever this host has."""
    monkeypatch.setattr(enroll_dialog, "keyring_available", lambda: False)
    monkeypatch.setattr(seat_module, "keyring_available", lambda: False)
    monkeypatch.setattr("app.keystore.keyring_available", lambda: False)


class Recorder:
    """enroll_device, counting the calls that reached it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def __call__(self, data_dir: Path, link: str, name: str, passphrase: str | None) -> Identity:
        self.calls.append(link)
        return await enroll_device(data_dir, link, name, passphrase)


def run(loop: qasync.QEventLoop, work: Callable[[], Awaitable[None]], seconds: float = 60) -> None:
    loop.run_until_complete(asyncio.wait_for(work(), patience(seconds)))


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def fill(qtbot: QtBot, dialog: EnrollDialog, link: str, passphrase: str | None = PASSPHRASE,
         confirm: str | None = None) -> None:
    dialog.link.clear()
    qtbot.keyClicks(dialog.link, link)
    if passphrase is not None:
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, passphrase)
        dialog.confirm.clear()
        qtbot.keyClicks(dialog.confirm, passphrase if confirm is None else confirm)


def result_of(dialog: EnrollDialog) -> Enrolled | None:
    return dialog.enrolled


def shown(kind: type[W]) -> W | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def test_a_malformed_link_is_refused_locally(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    recorder = Recorder()
    dialog = EnrollDialog(tmp_path / "seat", enroll=recorder)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.passphrase.isVisible() and dialog.confirm.isVisible()  # no keyring: the passphrase is asked for
    assert dialog.name.text() == "Máy ghế đại biểu"

    good = server.card("delegate", "db-030")["link"]
    fill(qtbot, dialog, good.replace("phonghop://", "https://"))
    click(qtbot, dialog.submit_button)
    assert dialog.link_error.isVisible()
    assert "Liên kết đăng ký thiết bị không hợp lệ" in dialog.link_error.text()
    assert recorder.calls == [] and dialog.pending is None

    # A good link with passphrases that differ or are short is refused too, before the server.
    fill(qtbot, dialog, good, confirm=PASSPHRASE + "x")
    click(qtbot, dialog.submit_button)
    assert not dialog.link_error.isVisible()
    assert dialog.passphrase_error.text() == "Hai lần nhập mật khẩu không giống nhau."
    fill(qtbot, dialog, good, passphrase="12345")
    click(qtbot, dialog.submit_button)
    assert dialog.passphrase_error.text() == "Mật khẩu cần ít nhất 6 ký tự."
    assert recorder.calls == [] and dialog.pending is None
    assert not (tmp_path / "seat" / "replica.db").exists()


def test_open_file_takes_the_first_line_that_is_a_link(server: ServerProcess, tmp_path: Path, qtbot: QtBot) -> None:
    link = server.card("delegate", "db-030")["link"]
    card = tmp_path / "the1.txt"
    card.write_text(f"Thẻ ghế A30\nphonghop://nothing\n  {link}  \n", encoding="utf-8")
    dialog = EnrollDialog(tmp_path / "seat")
    qtbot.addWidget(dialog)
    dialog.choose_file = lambda: str(card)
    click(qtbot, dialog.open_file)
    assert dialog.link.toPlainText() == link
    empty = tmp_path / "empty.txt"
    empty.write_text("không có gì\n", encoding="utf-8")
    dialog.choose_file = lambda: str(empty)
    click(qtbot, dialog.open_file)
    assert dialog.link_error.text() == "Tệp này không có liên kết đăng ký hợp lệ."
    assert dialog.link.toPlainText() == link  # what was there stays


def test_a_used_code_shows_the_server_refusal_and_allows_another_try(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    used = server.card("delegate", "db-030")["link"]
    fresh = server.card("delegate", "db-031")["link"]
    recorder = Recorder()
    dialog = EnrollDialog(tmp_path / "seat", enroll=recorder)
    qtbot.addWidget(dialog)
    dialog.show()

    async def scenario() -> None:
        other = await enrolled_client(tmp_path / "other", used, "Máy khác", start=False)
        await other.stop()
        fill(qtbot, dialog, used)
        click(qtbot, dialog.submit_button)
        assert dialog.pending is not None
        assert dialog.busy.text() == "Đang đăng ký…" and dialog.busy.isVisible()
        assert not dialog.submit_button.isEnabled() and not dialog.quit_button.isEnabled()
        await dialog.pending
        assert dialog.error.isVisible()
        assert "đã dùng hoặc đã hết hạn" in dialog.error.text()
        assert dialog.submit_button.isEnabled() and dialog.isVisible() and dialog.enrolled is None
        dialog.grab().save(str(screens / "enroll-error.png"))
        # The technician fetches the right card and tries again in the same dialog.
        fill(qtbot, dialog, fresh)
        click(qtbot, dialog.submit_button)
        assert dialog.pending is not None
        await dialog.pending
        enrolled = result_of(dialog)
        assert enrolled is not None and enrolled.identity.delegate_id == "db-031"
        assert not dialog.isVisible()

    run(qloop, scenario)
    assert recorder.calls == [used, fresh]


def test_first_start_enrolls_then_opens_the_seat(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    data = tmp_path / "seat"
    link = server.card("delegate", "db-030")["link"]

    async def scenario() -> None:
        opening = asyncio.ensure_future(open_or_enroll(data, None))
        await wait_until(lambda: shown(EnrollDialog) is not None, what="the enrollment dialog")
        dialog = shown(EnrollDialog)
        assert dialog is not None
        assert dialog.windowTitle() == "PhòngHọp – Đăng ký thiết bị"
        await asyncio.sleep(0.05)
        dialog.grab().save(str(screens / "enroll.png"))
        qtbot.keyClicks(dialog.link, link)
        dialog.name.clear()
        qtbot.keyClicks(dialog.name, "Ghe A30")
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClicks(dialog.confirm, PASSPHRASE)
        click(qtbot, dialog.submit_button)
        parts = await opening
        assert parts is not None
        try:
            assert parts.connection.identity.delegate_id == "db-030"
            assert parts.title is not None and parts.title.startswith("PhòngHọp")
        finally:
            await parts.connection.stop()
            await parts.close()

        keys = list((data / "keys").glob("device-*.key"))
        assert len(keys) == 1
        assert stat.S_IMODE(keys[0].stat().st_mode) == 0o600
        replica = Replica(data / "replica.db")
        stored = replica.get_identity()
        replica.close()
        assert stored is not None and stored["delegate_id"] == "db-030"

        identity, device_keys, replica = open_device(data, PASSPHRASE)
        replica.close()
        assert device_keys.to_private_bytes()  # the keys open with the passphrase set in the dialog
        assert identity.delegate_id == "db-030" and identity.device_id == stored["device_id"]

        # The next start: the folder is enrolled, no PHONGHOP_PASSPHRASE, so a small dialog asks.
        opening = asyncio.ensure_future(open_or_enroll(data, None))
        await wait_until(lambda: shown(PassphraseDialog) is not None, what="the passphrase dialog")
        asking = shown(PassphraseDialog)
        assert asking is not None
        qtbot.keyClicks(asking.field, "sai-mat-khau")
        click(qtbot, asking.open_button)
        assert asking.error.text() == "Mật khẩu thiết bị không đúng."
        assert asking.isVisible() and not opening.done()
        asking.field.clear()
        qtbot.keyClicks(asking.field, PASSPHRASE)
        click(qtbot, asking.open_button)
        again = await opening
        assert again is not None
        try:
            assert again.connection.identity.device_id == identity.device_id
        finally:
            await again.connection.stop()
            await again.close()

    run(qloop, scenario, 90)


def test_leaving_the_dialogs_opens_no_seat(tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def scenario() -> None:
        opening = asyncio.ensure_future(open_or_enroll(tmp_path / "seat", None))
        await wait_until(lambda: shown(EnrollDialog) is not None, what="the enrollment dialog")
        dialog = shown(EnrollDialog)
        assert dialog is not None
        click(qtbot, dialog.quit_button)
        assert await opening is None

    run(qloop, scenario, 20)


def test_phonghop_seat_on_an_empty_folder_enrolls_then_shows_the_seat(
    server: ServerProcess, tmp_path: Path, qapp: QApplication, qtbot: QtBot
) -> None:
    """The whole command path: run_enrolled_seat -> dialog -> seat window, all on one loop."""
    link = server.card("delegate", "db-040")["link"]
    seen: dict[str, object] = {}

    def poll(tries: list[int] = [0]) -> None:  # noqa: B006 - a counter across timer shots
        tries[0] += 1
        dialog = shown(EnrollDialog)
        if dialog is not None and "filled" not in seen:
            seen["filled"] = True
            qtbot.keyClicks(dialog.link, link)
            qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
            qtbot.keyClicks(dialog.confirm, PASSPHRASE)
            click(qtbot, dialog.submit_button)
        window = shown(SeatWindow)
        if window is not None and (window.banner.kind == "online" or tries[0] > patience(20) * 10):
            seen["title"] = window.windowTitle()
            seen["banner"] = window.banner.kind
            window.close()
            return
        QTimer.singleShot(100, poll)

    QTimer.singleShot(100, poll)
    assert run_enrolled_seat(tmp_path / "seat", None) == 0
    assert seen["banner"] == "online"
    assert str(seen["title"]).startswith("PhòngHọp")
    identity, _, replica = open_device(tmp_path / "seat", PASSPHRASE)
    replica.close()
    assert identity.delegate_id == "db-040"
