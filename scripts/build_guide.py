"""`make guide`: docs/guide/*.md -> counterdesk/resources/guide/huong-dan-su-dung.pdf (+ sections.json).

    PYTHONPATH=. python scripts/build_guide.py [OUT_DIR]

The PDF ships in the package resources (Help → Hướng dẫn sử dụng, F1); sections.json maps each
section anchor to its page. Missing screenshots (run `make screenshots`) are listed and drawn as
placeholder boxes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    from counterdesk import __version__
    from counterdesk.printing.guide import build_guide

    out_dir = Path(argv[0]) if argv else ROOT / "counterdesk" / "resources" / "guide"
    chapters = sorted((ROOT / "docs" / "guide").glob("*.md"))
    result = build_guide(chapters, __version__)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "huong-dan-su-dung.pdf").write_bytes(result.pdf)
    (out_dir / "sections.json").write_text(json.dumps(result.sections, indent=1) + "\n", encoding="utf-8")
    print(f"{out_dir / 'huong-dan-su-dung.pdf'}: {len(result.pdf) // 1024} KB, {max(result.sections.values())}+ trang, "
          f"{len(result.sections)} mục")
    for name in result.missing_images:
        print(f"  thiếu ảnh (ô giữ chỗ): {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
