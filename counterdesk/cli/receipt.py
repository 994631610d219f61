"""`counterdesk receipt CODE --out FILE.pdf`: reprint the receipt (Mẫu 01) of a dossier."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.errors import InvalidInput


def receipt(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import receipts

    out = Path(ctx.args.out)
    if out.is_dir() or not out.parent.is_dir():
        raise InvalidInput(f"Không ghi được vào {out}: thư mục không tồn tại hoặc là thư mục.")
    store = ctx.store()
    data = receipts.form_data(store, ctx.args.code, ctx.args.form)
    pdf = receipts.render(ctx.args.form, data)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(pdf)
    os.replace(tmp, out)
    receipts.record_printed(store, data.dossier_code, SYSTEM_ACTOR, ctx.args.form)
    print(out)
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("receipt", help="in lại giấy tiếp nhận hồ sơ (Mẫu 01) ra tệp PDF")
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--form", choices=("receipt", "supplement", "refusal"), default="receipt",
                   help="biểu mẫu: receipt (01), supplement (02), refusal (03)")
    p.set_defaults(handler=receipt)
