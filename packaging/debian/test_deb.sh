#!/usr/bin/env bash
# Install the .deb (root), run it, remove it, and check the user's data is still there.
#   bash packaging/debian/test_deb.sh dist/counterdesk_*.deb
set -euo pipefail
deb=$1
[ "$(id -u)" = 0 ] || { echo "test_deb.sh cần quyền root (dpkg -i)"; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
dpkg_wait() {  # another apt/dpkg run on the machine holds the lock for a while: wait, never break it
  for _ in $(seq 120); do
    dpkg "$@" >/dev/null 2>"$data/dpkg.err" && return 0
    grep -q "lock" "$data/dpkg.err" || { cat "$data/dpkg.err" >&2; return 1; }
    sleep 5
  done
  cat "$data/dpkg.err" >&2; return 1
}
dpkg_wait -i "$deb"
test -x /usr/bin/counterdesk
ls /usr/share/applications/counterdesk-{desk,supervisor,admin,dispenser,display,kiosk}.desktop >/dev/null
/usr/bin/counterdesk --version
(cd / && env -u PYTHONPATH python3 "$here/smoke_bundle.py" /opt/counterdesk --installed /usr/bin/counterdesk)
export COUNTERDESK_HOME="$data/home" QT_QPA_PLATFORM=offscreen
/usr/bin/counterdesk ticket issue --line A --json 2>/dev/null
test -s "$data/home/counterdesk.sqlite3"
dpkg_wait -r counterdesk
test ! -e /usr/bin/counterdesk && test ! -e /opt/counterdesk
test -s "$data/home/counterdesk.sqlite3" || { echo "FAIL: dữ liệu bị xoá khi gỡ"; exit 1; }
echo "deb test passed: installed, ran, removed; data kept ($(du -h "$data/home/counterdesk.sqlite3" | cut -f1))"
