#!/usr/bin/env bash
# Installs the Debian packages CounterDesk needs (Qt's runtime libraries, a Vietnamese-capable
# font, Xvfb for screenshots, poppler for PDF checks, espeak-ng for the offline voice, SANE for scanners, Tesseract with Vietnamese for searchable scans) when
# they are missing. Needs root and apt-get; elsewhere it only says what is missing.
set -u
pkgs=(libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-image0 libxcb-randr0
      libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libx11-xcb1 xvfb xauth poppler-utils
      espeak-ng sox libsqlite3-0 libsane-dev sane-utils tesseract-ocr tesseract-ocr-vie)
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói hệ thống còn thiếu: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "Không cài được gói hệ thống: ${missing[*]}" >&2; exit 1; }
else
  echo "Thiếu gói hệ thống (cần quyền root để cài): ${missing[*]}" >&2
fi
exit 0
