"""The command line (DESIGN §7): thin over services. Each module in this package adds commands.

Exit codes: 0 success, 2 bad input (one-line Vietnamese message on stderr), 1 unexpected failure
(a crash report is written to the data directory).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from counterdesk.domain.errors import DomainError

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse with a one-line Vietnamese error and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: tham số không hợp lệ: {message}\n")


class Context:
    """What a command needs: the options and a lazily opened store."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._store: Any = None

    @property
    def home(self) -> Path:
        from counterdesk.paths import data_home

        return data_home(self.args.home)

    def store(self, *, seed: bool = True) -> Any:
        """The store; ``seed`` gives an empty one the demo office and says so (with its one-time password)."""
        if self._store is None:
            from counterdesk.services.setup import open_store, seed_demo_office

            self._store = open_store(self.args.db, self.home, seed=False)
            password = seed_demo_office(self._store) if seed else None
            if password:
                print("counterdesk: CSDL chưa có cơ quan nên đã tạo CƠ QUAN MẪU để dùng thử (không dùng cho hồ sơ "
                      f"thật). Mật khẩu các tài khoản mẫu, chỉ hiện một lần và phải đổi khi đăng nhập: {password}. "
                      "Cơ quan thật: `counterdesk setup --from TỆP` trên một CSDL mới, hoặc mở giao diện.",
                      file=sys.stderr)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()


Handler = Callable[[Context], int]


def build_parser() -> Parser:
    parser = Parser(prog="counterdesk", description="CounterDesk — phần mềm quầy một cửa")
    parser.add_argument("--db", default=None, help="URL CSDL SQLAlchemy hoặc đường dẫn tệp SQLite (env COUNTERDESK_DB)")
    parser.add_argument("--home", default=None, help="thư mục dữ liệu (env COUNTERDESK_HOME)")
    parser.add_argument("--version", action="store_true", help="in phiên bản rồi thoát")
    parser.add_argument("-v", "--verbose", action="store_true", help="ghi nhật ký chi tiết ra stderr")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import os

    from counterdesk.logging_setup import install as install_logging

    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help (0) or a usage error (2): a code, never an exception
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    if args.version:
        from counterdesk.about import version_line

        print(version_line())
        return EXIT_OK
    if args.db is None:
        args.db = os.environ.get("COUNTERDESK_DB") or None
    install_logging(logging.DEBUG if args.verbose else logging.WARNING)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:  # bare `counterdesk` opens the desk window
        from counterdesk.cli.gui import run_gui

        handler = run_gui
        args.mode = "desk"
    ctx = Context(args)
    try:
        return handler(ctx)
    except DomainError as exc:
        print(f"counterdesk: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last line of defence: report, never a bare traceback
        from counterdesk.crash import write_crash_report

        path = write_crash_report(exc, ctx.home)
        print(f"counterdesk: lỗi không mong đợi ({exc.__class__.__name__}); đã ghi báo cáo lỗi: {path}", file=sys.stderr)
        return EXIT_FAIL
    finally:
        ctx.close()
