#!/usr/bin/env bash
# Builds the one-folder PhòngHọp bundle (dist/phonghop/) on Linux and self-tests it.
#   scripts/build_installer.sh            # uses .venv (made if missing)
#   VENV=/path/to/venv scripts/build_installer.sh
# Needs Python 3.11+ and network access to PyPI the first time. Takes a few minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
cd "$ROOT"

if [ ! -x "$VENV/bin/python" ]; then
    echo "Tạo môi trường Python: $VENV"
    "$PYTHON" -m venv "$VENV"
fi
# The program (once: a development venv has it already) and PyInstaller, the `installer` extra.
if ! "$VENV/bin/python" -c "import importlib.metadata as m; m.version('phonghop')" 2>/dev/null; then
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT"
fi
"$VENV/bin/python" -m pip install --quiet "pyinstaller>=6.10"

echo "Đóng gói PhòngHọp vào dist/phonghop/ …"
started=$(date +%s)
"$VENV/bin/python" -m PyInstaller --noconfirm --clean \
    --distpath "$ROOT/dist" --workpath "$ROOT/build" build_installer.spec
echo "Đóng gói xong sau $(( $(date +%s) - started )) giây; $(du -sh "$ROOT/dist/phonghop" | cut -f1) trong dist/phonghop/."

# The bundle is only good if it runs: no display needed (the self-test renders offscreen).
"$ROOT/dist/phonghop/phonghop" selftest
