#!/usr/bin/env bash
# Debian package from the PyInstaller bundle: /opt/counterdesk, /usr/bin/counterdesk, a desktop
# entry per mode. Removing (or purging) the package never touches the users' data directories.
#   bash packaging/debian/build_deb.sh dist/counterdesk dist
set -euo pipefail
bundle=${1:-dist/counterdesk}
out=${2:-dist}
version=$("$bundle/counterdesk" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
pkg="$root/counterdesk_${version}_${arch}"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications"
cp -a "$bundle" "$pkg/opt/counterdesk"
cat > "$pkg/usr/bin/counterdesk" <<'SH'
#!/bin/sh
# CounterDesk: the bundle in /opt/counterdesk (data stays in each user's data directory).
exec /opt/counterdesk/counterdesk "$@"
SH
chmod 755 "$pkg/usr/bin/counterdesk"
desktop() {  # mode, name, comment
  cat > "$pkg/usr/share/applications/counterdesk-$1.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=CounterDesk — $2
Comment=$3
Exec=/usr/bin/counterdesk gui --mode $1
Terminal=false
Categories=Office;
DESKTOP
}
desktop desk "Quầy tiếp nhận" "Tiếp nhận hồ sơ và trả kết quả tại quầy"
desktop supervisor "Lãnh đạo" "Sổ theo dõi, thống kê, chốt ngày"
desktop admin "Quản trị" "Tài khoản, danh mục, lịch, máy in, sao lưu"
desktop dispenser "Máy lấy số" "Cấp phiếu số thứ tự"
desktop display "Màn hình gọi số" "Màn hình gọi số ở sảnh"
desktop kiosk "Ki-ốt tra cứu" "Tra cứu hồ sơ cho công dân"
size=$(du -sk "$pkg/opt" | cut -f1)
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: counterdesk
Version: $version
Architecture: $arch
Maintainer: CounterDesk <counterdesk@localhost>
Installed-Size: $size
Depends: libegl1, libgl1, libxkbcommon0, libfontconfig1, libglib2.0-0, libdbus-1-3, libxcb-cursor0, libxkbcommon-x11-0
Section: misc
Priority: optional
Description: Phần mềm quầy một cửa (CounterDesk)
 Xếp hàng, tiếp nhận hồ sơ và hẹn trả, tra cứu, báo cáo, đồng bộ với cổng dịch vụ công tỉnh.
CONTROL
cat > "$pkg/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
# Removing or purging CounterDesk removes the program only. Each user's data (the store, backups,
# logs: ~/.local/share/CounterDesk, or COUNTERDESK_HOME) is kept on purpose: it is the office's
# legal record of dossiers. Delete it by hand if that is really wanted.
set -e
case "$1" in
  remove|purge)
    echo "CounterDesk đã gỡ; dữ liệu trong thư mục dữ liệu của người dùng (~/.local/share/CounterDesk) được giữ nguyên." ;;
esac
exit 0
POSTRM
chmod 755 "$pkg/DEBIAN/postrm"
mkdir -p "$out"
fakeroot dpkg-deb --build -Zxz "$pkg" "$out/" >/dev/null
ls -l "$out"/counterdesk_"${version}"_"${arch}".deb
