"""`counterdesk user list|add|disable|enable|unlock|passwd`: accounts from the command line.

The command line acts as the system (whoever can run it on the server already owns the data);
every change is still audited. Passwords are read from stdin (--password-stdin) or prompted,
never taken as an argument where they would land in the shell history.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.errors import InvalidInput


def _password(ctx: Context) -> str:
    if ctx.args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InvalidInput("Không có bàn phím để nhập mật khẩu: dùng --password-stdin.")
    first = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại: ") != first:
        raise InvalidInput("Hai lần nhập mật khẩu không khớp.")
    return first


def list_(ctx: Context) -> int:
    from counterdesk.services import users

    for u in users.list_users(ctx.store()):
        state = "hoạt động" if u.active else "đã khoá"
        if u.locked_until is not None:
            state += f", tạm khoá đến {u.locked_until:%H:%M %d/%m/%Y} UTC"
        print(f"{u.username}\t{u.role}\t{u.full_name}\t{state}")
    return EXIT_OK


def add(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import users

    info = users.create_user(ctx.store(), SYSTEM_ACTOR, ctx.args.username, ctx.args.name, ctx.args.role,
                             _password(ctx), counter_number=ctx.args.counter)
    print(f"Đã tạo tài khoản {info.username} ({info.role_name}).")
    return EXIT_OK


def _set_active(ctx: Context, active: bool) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import users

    info = users.set_active(ctx.store(), SYSTEM_ACTOR, ctx.args.username, active)
    print(f"Tài khoản {info.username}: {'hoạt động' if info.active else 'đã khoá'}.")
    return EXIT_OK


def unlock(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import users

    info = users.unlock(ctx.store(), SYSTEM_ACTOR, ctx.args.username)
    print(f"Đã mở khoá đăng nhập cho {info.username}.")
    return EXIT_OK


def passwd(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import users

    users.change_password(ctx.store(), SYSTEM_ACTOR, ctx.args.username, _password(ctx))
    print("Đã đặt mật khẩu mới.")
    return EXIT_OK


def edit(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import users

    counter: Any = users.KEEP
    if ctx.args.counter is not None:
        counter = None if ctx.args.counter == 0 else ctx.args.counter
    info = users.update_user(ctx.store(), SYSTEM_ACTOR, ctx.args.username, full_name=ctx.args.name,
                             role=ctx.args.role, counter_number=counter)
    print(f"Đã cập nhật tài khoản {info.username}: {info.full_name}, {info.role_name}.")
    return EXIT_OK


def register(sub: Any) -> None:
    u = sub.add_parser("user", help="tài khoản người dùng và thiết bị")
    usub = u.add_subparsers(dest="user_command", required=True, parser_class=type(u))
    usub.add_parser("list", help="liệt kê tài khoản").set_defaults(handler=list_)
    a = usub.add_parser("add", help="tạo tài khoản")
    a.add_argument("username")
    a.add_argument("--name", required=True, help="họ tên")
    a.add_argument("--role", required=True, choices=("clerk", "supervisor", "admin", "device"))
    a.add_argument("--counter", type=int, default=None, help="số quầy (cán bộ một cửa)")
    a.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    a.set_defaults(handler=add)
    for name, handler, text in (("disable", lambda c: _set_active(c, False), "khoá tài khoản"),
                                ("enable", lambda c: _set_active(c, True), "mở lại tài khoản"),
                                ("unlock", unlock, "bỏ tạm khoá do nhập sai mật khẩu")):
        p = usub.add_parser(name, help=text)
        p.add_argument("username")
        p.set_defaults(handler=handler)
    e = usub.add_parser("edit", help="sửa họ tên, vai trò, quầy của tài khoản")
    e.add_argument("username")
    e.add_argument("--name", default=None, help="họ tên mới")
    e.add_argument("--role", default=None, choices=("clerk", "supervisor", "admin", "device"))
    e.add_argument("--counter", type=int, default=None, help="số quầy (0: không gắn quầy)")
    e.set_defaults(handler=edit)
    pw = usub.add_parser("passwd", help="đặt lại mật khẩu")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    pw.set_defaults(handler=passwd)
