"""The fault spec both simulators understand (``--faults``), parsed once for all of them.

    drop=0.1,5xx=0.1,latency=50ms,lost=0.05,429=0.05,malformed=0.05,corrupt=0.05,seed=1,retry_after=1

``drop`` closes the connection before processing; ``lost`` processes and commits, then closes the
connection mid-answer; ``malformed`` commits and answers garbage; ``429`` answers Too Many Requests
with Retry-After; ``5xx`` answers 503 before processing; ``corrupt`` flips one byte of an upload
chunk's body on the way in (PUT only, as a bad line would), which the portal's hash check catches;
``timeout`` holds a request for ``stall`` (default 1 s) before handling it, so a client with a
shorter read timeout gives up while the portal may still apply it. With a seed the faults are
reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PROBABILITIES = {"drop": "drop", "5xx": "error5xx", "429": "too_many", "lost": "lost", "malformed": "malformed",
                 "corrupt": "corrupt", "timeout": "timeout"}


@dataclass(frozen=True)
class Faults:
    """Probabilities (0–1) of each injected fault per request, latency in seconds, RNG seed."""

    drop: float = 0.0
    error5xx: float = 0.0
    too_many: float = 0.0
    lost: float = 0.0
    malformed: float = 0.0
    corrupt: float = 0.0
    timeout: float = 0.0
    latency: float = 0.0
    stall: float = 1.0
    seed: int | None = None
    retry_after: int = 1

    @property
    def any(self) -> bool:
        return any((self.drop, self.error5xx, self.too_many, self.lost, self.malformed, self.corrupt,
                    self.timeout, self.latency))

    @classmethod
    def parse(cls, spec: str) -> Faults:
        """``drop=0.1,5xx=0.1,latency=50ms,…``; raises ValueError with a Vietnamese message."""
        values: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in (spec or "").split(","))):
            name, sep, raw = part.partition("=")
            name, raw = name.strip().lower(), raw.strip().lower()
            if not sep or not raw:
                raise ValueError(f"Lỗi giả lập '{part}' phải có dạng tên=giá_trị.")
            try:
                if name in PROBABILITIES:
                    prob = float(raw)
                    if not 0.0 <= prob <= 1.0:
                        raise ValueError
                    values[PROBABILITIES[name]] = prob
                elif name in ("latency", "stall"):
                    values[name] = _seconds(raw)
                elif name in ("seed", "retry_after"):
                    values[name] = int(raw)
                    if values[name] < 0:
                        raise ValueError
                else:
                    raise KeyError(name)
            except KeyError:
                raise ValueError(f"Không biết lỗi giả lập '{name}' (dùng drop, 5xx, 429, lost, malformed, "
                                 "corrupt, timeout, stall, latency, seed, retry_after).") from None
            except ValueError:
                raise ValueError(f"Giá trị không hợp lệ cho '{name}': {raw}.") from None
        pre = values.get("drop", 0) + values.get("error5xx", 0) + values.get("too_many", 0)
        post = values.get("lost", 0) + values.get("malformed", 0)
        if pre > 1 or post > 1:
            raise ValueError("Tổng xác suất lỗi vượt quá 1.")
        return cls(**values)


def _seconds(raw: str) -> float:
    """``50ms``, ``1s`` or a bare number of milliseconds, within 0–60 s."""
    if raw.endswith("ms"):
        value = float(raw[:-2]) / 1000
    elif raw.endswith("s"):
        value = float(raw[:-1])
    else:
        value = float(raw) / 1000
    if not 0 <= value <= 60:
        raise ValueError
    return value
