"""`counterdesk config get KEY | set KEY VALUE | list`."""

from __future__ import annotations

from typing import Any

from counterdesk.cli import EXIT_OK, Context


def get(ctx: Context) -> int:
    from counterdesk.services import settings

    print(settings.get(ctx.store(), ctx.args.key))
    return EXIT_OK


def set_(ctx: Context) -> int:
    from counterdesk.services import settings

    print(settings.set_value(ctx.store(), ctx.args.key, ctx.args.value))
    return EXIT_OK


def list_(ctx: Context) -> int:
    from counterdesk.services import settings

    values = settings.get_many(ctx.store(), sorted(settings.KEYS))
    for key, value in values.items():
        print(f"{key}\t{'***' if ('hash' in key or 'secret' in key) and value else value}\t# {settings.KEYS[key].label}")
    return EXIT_OK


def register(sub: Any) -> None:
    cfg = sub.add_parser("config", help="thiết lập của cơ quan")
    csub = cfg.add_subparsers(dest="config_command", required=True, parser_class=type(cfg))
    g = csub.add_parser("get")
    g.add_argument("key")
    g.set_defaults(handler=get)
    s = csub.add_parser("set")
    s.add_argument("key")
    s.add_argument("value")
    s.set_defaults(handler=set_)
    csub.add_parser("list").set_defaults(handler=list_)
