"""The one kind of question the program asks before anything that cannot be undone."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, title: str, question: str, yes: str, no: str,
        icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> bool:
    """A question with the action's own words on its buttons (never OK/Cancel); the safe
    answer is the default, so Enter pressed in a hurry changes nothing."""
    box = QMessageBox(icon, title, question, QMessageBox.StandardButton.NoButton, parent)
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is go
