"""`counterdesk attach CODE FILE...`, `counterdesk scan CODE`, `dossier files CODE --json`, and the
`attachments check|collect|import|ocr` group.

``files`` and ``add_files_parser`` serve the ``dossier`` command group (cli/dossier.py adds them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_BAD_INPUT, EXIT_OK, Context
from counterdesk.domain.errors import InvalidInput


def _read(paths: list[str]) -> list[tuple[str, bytes]]:
    sources = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise InvalidInput(f"Không thấy tệp {path.name}.")
        try:
            sources.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise InvalidInput(f"Không đọc được tệp {path.name} ({exc.strerror or exc.__class__.__name__}).") from exc
    return sources


def _print(ctx: Context, view: Any) -> None:
    if getattr(ctx.args, "json", False):
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
    else:
        print(f"Đã số hoá '{view.document_name}' của hồ sơ {view.dossier_code}: {view.pages} trang, {view.size} byte.")


def attach(ctx: Context) -> int:
    from counterdesk.services import attachments

    if ctx.args.reuse is not None:
        if ctx.args.files:
            raise InvalidInput("Dùng --reuse hoặc tệp, không dùng cả hai.")
        _print(ctx, attachments.reuse(ctx.store(), ctx.home, ctx.args.code, ctx.args.reuse))
        return EXIT_OK
    if not ctx.args.files:
        raise InvalidInput("Cần ít nhất một tệp ảnh hoặc PDF (hoặc --reuse ID).")
    sources = _read(ctx.args.files)
    view = attachments.attach(ctx.store(), ctx.home, ctx.args.code, sources, document=ctx.args.document,
                              result=ctx.args.result)
    _print(ctx, view)
    return EXIT_OK


def scan(ctx: Context) -> int:
    from counterdesk.scans.scanner import scan_pages
    from counterdesk.services import attachments

    store = ctx.store()
    attachments.files_root(store, ctx.home)  # a missing shared folder is said before the paper is fed
    pages = scan_pages(ctx.args.device, pages=ctx.args.pages, feeder=ctx.args.feeder)
    sources = [(f"trang {i}", data) for i, data in enumerate(pages, start=1)]
    view = attachments.attach(store, ctx.home, ctx.args.code, sources, document=ctx.args.document,
                              result=ctx.args.result)
    _print(ctx, view)
    return EXIT_OK


def files(ctx: Context) -> int:
    from counterdesk.services import attachments

    store = ctx.store()
    views = attachments.reusable(store, ctx.args.code) if ctx.args.reusable else attachments.list_files(store, ctx.args.code)
    if ctx.args.json:
        print(json.dumps([v.as_json() for v in views], ensure_ascii=False, indent=2))
    elif not views:
        print("Hồ sơ chưa có bản quét nào.")
    else:
        for v in views:
            print(f"{v.id}\t{v.kind}\t{v.document_name}\t{v.pages} trang\t{v.size} byte\t{v.sha256[:12]}")
    return EXIT_OK


def check(ctx: Context) -> int:
    from counterdesk.services import attachments

    problems = attachments.check_integrity(ctx.store(), ctx.home)
    if ctx.args.json:
        print(json.dumps([{"id": p.attachment_id, "dossier": p.dossier_code, "document": p.document_name,
                           "sha256": p.sha256, "problem": p.problem} for p in problems], ensure_ascii=False, indent=2))
    elif not problems:
        print("Mọi bản quét đều còn nguyên vẹn.")
    else:
        words = {"missing": "MẤT", "altered": "BỊ SỬA"}
        for p in problems:
            print(f"{words[p.problem]}\t{p.dossier_code}\t{p.document_name}\t{p.sha256[:12]}")
    return EXIT_OK if not problems else EXIT_BAD_INPUT  # like `audit verify`: a finding, not a crash


def collect(ctx: Context) -> int:
    from counterdesk.services import attachments

    removed = attachments.collect_orphans(ctx.store(), ctx.home)
    print(f"Đã xoá {len(removed)} tệp bản quét không thuộc hồ sơ nào.")
    return EXIT_OK


def import_folder(ctx: Context) -> int:
    from counterdesk.services.watched_folder import import_folder as run_import

    report = run_import(ctx.store(), ctx.home, Path(ctx.args.folder), settle=ctx.args.settle)
    if ctx.args.json:
        print(json.dumps({"attached": [v.as_json() for v in report.attached],
                          "rejected": [{"file": n, "reason": r} for n, r in report.rejected],
                          "waiting": report.waiting}, ensure_ascii=False, indent=2))
    else:
        print(f"Đã đính kèm {len(report.attached)} thành phần; chuyển {len(report.rejected)} tệp vào rejected/; "
              f"{report.waiting} tệp đang được ghi.")
    return EXIT_OK


def ocr(ctx: Context) -> int:
    """Read the text of waiting scans: once (``--once``), or keep watching for new ones."""
    import time

    from counterdesk.services import attachment_ocr

    store = ctx.store()
    while True:  # with --once a single pass; otherwise until Ctrl-C (exit 130)
        report = attachment_ocr.run_once(store, ctx.home, limit=None if ctx.args.once else 5)
        if ctx.args.once or report.read or report.failed:
            if ctx.args.json:
                print(json.dumps({"read": report.read, "failed": report.failed, "skipped": report.skipped,
                                  "left": report.left}, ensure_ascii=False))
            else:
                print(f"Đã nhận dạng chữ {report.read} tệp bản quét; {report.failed} tệp không đọc được; "
                      f"{report.skipped} tệp bị mất/sửa (bỏ qua); còn chờ {report.left} bản quét.", flush=True)
        if ctx.args.once:
            return EXIT_OK
        if not report.read and not report.failed:
            time.sleep(OCR_IDLE_S)


OCR_IDLE_S = 30.0  # seconds `attachments ocr` waits when nothing is waiting


def add_files_parser(dsub: Any, name: str = "files", **kw: Any) -> None:
    p = dsub.add_parser(name, **kw)
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.add_argument("--reusable", action="store_true",
                   help="bản quét đã có của cùng công dân ở hồ sơ khác, dùng lại được cho hồ sơ này")
    p.set_defaults(handler=files)


def _target_args(p: Any) -> None:
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("--document", default=None, metavar="NAME",
                   help="thành phần giấy tờ (mặc định: thành phần đầu tiên chưa số hoá)")
    p.add_argument("--result", action="store_true", help="bản quét kết quả giải quyết (khi trả kết quả)")
    p.add_argument("--json", action="store_true", help="in JSON")


def find_text(ctx: Context) -> int:
    """Dossiers whose scans hold every typed word (the OCR text)."""
    from counterdesk.services import scan_text

    result = scan_text.find(ctx.store(), ctx.args.text)
    if ctx.args.json:
        print(json.dumps({"query": result.query, "more": result.more,
                          "items": [{"code": h.code, "document": h.document_name, "kind": h.kind, "pages": h.pages,
                                     "snippet": h.snippet} for h in result.hits]}, ensure_ascii=False))
    else:
        for h in result.hits:
            print(f"{h.code}  {h.document_name}  ({h.pages} trang): {h.snippet}")
        print(f"{len(result.hits)} bản số hoá" + (" (có thể còn nữa)" if result.more else "") + ".")
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("attach", help="đính kèm bản quét (ảnh/PDF) vào một thành phần hồ sơ")
    _target_args(p)
    p.add_argument("files", nargs="*", metavar="FILE", help="ảnh PNG/JPEG/TIFF hoặc PDF, theo thứ tự trang")
    p.add_argument("--reuse", type=int, default=None, metavar="ID",
                   help="dùng lại bản quét đã có của công dân (mã từ `dossier files --reusable`)")
    p.set_defaults(handler=attach)
    p = sub.add_parser("scan", help="quét giấy tờ bằng máy quét rồi đính kèm vào hồ sơ")
    _target_args(p)
    p.add_argument("--device", default=None, metavar="DEV", help="thiết bị SANE (test: thiết bị thử của SANE)")
    p.add_argument("--pages", type=int, default=1, help="số trang quét trên mặt kính (mặc định 1)")
    p.add_argument("--feeder", action="store_true", help="quét mọi trang trong khay nạp giấy (ADF)")
    p.set_defaults(handler=scan)
    p = sub.add_parser("attachments", help="kiểm tra, dọn kho bản quét hồ sơ")
    asub = p.add_subparsers(dest="attachments_command", required=True, parser_class=type(p))
    c = asub.add_parser("check", help="tìm bản quét bị mất hoặc bị sửa (mã thoát 2 nếu có)")
    c.add_argument("--json", action="store_true", help="in JSON")
    c.set_defaults(handler=check)
    i = asub.add_parser("import", help="đính kèm các tệp trong thư mục theo dõi (tên tệp bắt đầu bằng mã hồ sơ)")
    i.add_argument("folder")
    i.add_argument("--settle", type=float, default=3.0, help="chỉ lấy tệp không đổi trong số giây này")
    i.add_argument("--json", action="store_true", help="in JSON")
    i.set_defaults(handler=import_folder)
    asub.add_parser("collect", help="xoá tệp không hồ sơ nào dùng (cũ hơn một giờ)").set_defaults(handler=collect)
    o = asub.add_parser("ocr", help="nhận dạng chữ tiếng Việt (Tesseract) cho bản quét chưa đọc, để tìm được")
    o.add_argument("--once", action="store_true", help="một lượt: đọc hết bản quét đang chờ rồi thoát")
    o.add_argument("--json", action="store_true", help="(với --once) in kết quả dạng JSON")
    o.set_defaults(handler=ocr)
    f = asub.add_parser("find", help="tìm hồ sơ theo chữ trong bản số hoá (chữ đã nhận dạng, không cần dấu)")
    f.add_argument("text", help="các từ cần có trong bản quét")
    f.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    f.set_defaults(handler=find_text)
