#!/usr/bin/env bash
# `make package`: the PyInstaller bundle, its smoke test from a copy outside the source tree,
# the Debian package, and (as root) an install/run/remove test of it. Prints size and time.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/counterdesk.spec
built=$(date +%s)
echo "bundle: dist/counterdesk $(du -sh dist/counterdesk | cut -f1), built in $((built - start)) s"
"$PY" packaging/smoke_bundle.py dist/counterdesk
bash packaging/debian/build_deb.sh dist/counterdesk dist
if [ "$(id -u)" = 0 ]; then
  bash packaging/debian/test_deb.sh dist/counterdesk_*.deb
else
  echo "deb install test skipped (needs root): sudo bash packaging/debian/test_deb.sh dist/counterdesk_*.deb"
fi
echo "make package: $(( $(date +%s) - start )) s in all"
