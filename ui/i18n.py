"""The interface language: Vietnamese (the source strings) unless English is asked for.

English comes from resources/translations/phonghop_en.qm, read through importlib.resources so the
source tree and the frozen installer load it the same way. To refresh it after changing a string:

    pyside6-lupdate ui/*.py -source-language vi_VN -target-language en_GB -no-obsolete \\
        -locations none -ts resources/translations/phonghop_en.ts
    (translate the new messages, then)
    pyside6-lrelease resources/translations/phonghop_en.ts -qm resources/translations/phonghop_en.qm
"""

from __future__ import annotations

import importlib.resources
import os

from PySide6.QtCore import QCoreApplication, QTranslator

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
ENV = "PHONGHOP_LANG"
TRANSLATOR_NAME = "phonghopTranslator"
_LOADED: dict[str, bytes] = {}


def choose_language(language: str | None) -> str:
    """The argument, else $PHONGHOP_LANG, else Vietnamese; anything unknown is Vietnamese."""
    chosen = (language or os.environ.get(ENV) or DEFAULT).strip().lower()
    return chosen if chosen in LANGUAGES else DEFAULT


def qm_bytes(language: str) -> bytes:
    """The compiled translation for `language` (not "vi": Vietnamese needs none)."""
    path = importlib.resources.files("resources") / "translations" / f"phonghop_{language}.qm"
    return path.read_bytes()


def install_translator(app: QCoreApplication, language: str | None) -> str:
    """Installs the interface language on `app` and returns it ("vi" or "en").

    A translator installed earlier by this function is removed first, so calling it again
    switches language (widgets built before keep their text). The translator is parented to
    the app, which keeps it alive."""
    remove_translator(app)
    chosen = choose_language(language)
    if chosen == DEFAULT:
        return chosen
    translator = QTranslator(app)
    translator.setObjectName(TRANSLATOR_NAME)
    # Qt reads the bytes in place, without a copy: they stay here as long as the process.
    data = _LOADED.setdefault(chosen, qm_bytes(chosen))
    if not translator.load(data):
        translator.deleteLater()
        raise RuntimeError(f"cannot load the {chosen} translation")
    app.installTranslator(translator)
    return chosen


def remove_translator(app: QCoreApplication) -> None:
    """Back to Vietnamese: removes the translator install_translator put on `app`, if any."""
    for translator in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.setParent(None)
        translator.deleteLater()
