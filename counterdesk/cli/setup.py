"""`counterdesk setup --from FILE`: first-run setup of a real office without the wizard (mass roll-outs).

The file (TOML or JSON, docs/setup-file.md) is validated in full before the store is touched;
any problem exits 2 with one line and changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context


def setup(ctx: Context) -> int:
    from counterdesk.services import office_setup

    plan = office_setup.load_file(Path(ctx.args.from_file))
    store = ctx.store(seed=False)
    office_setup.apply(store, plan)
    print(f"Đã thiết lập {plan.name} ({plan.agency_code}): {plan.counters} quầy, "
          f"{len(plan.lines)} dãy số, quản trị '{plan.admin_username}'.")
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("setup", help="thiết lập cơ quan lần đầu từ tệp (không cần giao diện)")
    p.add_argument("--from", dest="from_file", required=True, metavar="FILE",
                   help="tệp thiết lập .toml hoặc .json (xem docs/setup-file.md)")
    p.set_defaults(handler=setup)
