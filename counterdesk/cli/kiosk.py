"""`counterdesk kiosk set-pin`: the administrator PIN that alone lets staff leave kiosk mode."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from counterdesk.cli import EXIT_OK, Context


def set_pin(ctx: Context) -> int:
    from counterdesk.services import kiosk

    if sys.stdin.isatty():
        pin = getpass.getpass("PIN ki-ốt mới (4–12 chữ số): ")
        if getpass.getpass("Nhập lại PIN: ") != pin:
            print("counterdesk: hai lần nhập PIN không khớp.", file=sys.stderr)
            return 2
    else:  # scripted: the PIN on the first line of stdin, never on the command line
        pin = sys.stdin.readline().strip()
    kiosk.set_pin(ctx.store(), pin)
    print("Đã đặt PIN quản trị ki-ốt.")
    return EXIT_OK


def register(sub: Any) -> None:
    k = sub.add_parser("kiosk", help="thiết lập ki-ốt tra cứu")
    ksub = k.add_subparsers(dest="kiosk_command", required=True, parser_class=type(k))
    ksub.add_parser("set-pin", help="đặt PIN quản trị để thoát chế độ ki-ốt (đọc từ bàn phím hoặc stdin)") \
        .set_defaults(handler=set_pin)
