"""Developer tool: record the offline voice clips and the chime into counterdesk/resources/sounds.

    .venv/bin/python scripts/make_sounds.py      (needs espeak-ng; run once, commit the WAVs)

Each word of domain.speech.VOCABULARY is spoken by espeak-ng's Vietnamese voice, resampled to
22 050 Hz mono 16-bit, and trimmed of leading/trailing silence so the joined sentence flows.
The chime is a two-note "ding-dong" synthesised here (no recording, no licence question).
"""

from __future__ import annotations

import array
import hashlib
import json
import math
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk.announce import CHANNELS, RATE, WIDTH  # noqa: E402
from counterdesk.domain.speech import VOCABULARY  # noqa: E402

OUT = ROOT / "counterdesk/resources/sounds"
THRESHOLD = 400  # |sample| below this counts as silence when trimming


def trim(samples: array.array) -> array.array:
    loud = [i for i, s in enumerate(samples) if abs(s) > THRESHOLD]
    if not loud:
        return samples
    pad = RATE // 100  # keep 10 ms either side so consonants are not clipped
    return samples[max(0, loud[0] - pad): loud[-1] + pad]


def write(path: Path, samples: array.array) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(WIDTH)
        w.setframerate(RATE)
        w.writeframes(samples.tobytes())


def speak(text: str) -> array.array:
    with tempfile.TemporaryDirectory() as tmp:
        raw, conv = Path(tmp) / "raw.wav", Path(tmp) / "conv.wav"
        subprocess.run(["espeak-ng", "-v", "vi", "-s", "140", "-a", "160", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(conv)], check=True)
        with wave.open(str(conv), "rb") as w:
            data = array.array("h", w.readframes(w.getnframes()))
    return trim(data)


def chime() -> array.array:
    """Ding (E6) then dong (C6), each with a few harmonics and an exponential decay."""
    out = array.array("h")
    for freq, length in ((1318.5, 0.55), (1046.5, 0.9)):
        n = int(RATE * length)
        for i in range(n):
            t = i / RATE
            env = math.exp(-4.0 * t) * min(1.0, i / (RATE * 0.005))
            value = sum(a * math.sin(2 * math.pi * freq * h * t) for h, a in ((1, 1.0), (2, 0.35), (3, 0.12)))
            out.append(int(9000 * env * value / 1.47))
    return out


def file_name(word: str) -> str:
    return "w_" + hashlib.sha1(word.encode("utf-8")).hexdigest()[:10] + ".wav"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for word in VOCABULARY:
        manifest[word] = file_name(word)
        write(OUT / manifest[word], speak(word))
    write(OUT / "chime.wav", chime())
    (OUT / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (OUT / "README.txt").write_text(
        "Offline voice clips (espeak-ng, Vietnamese voice, GPL-3 program; the recorded audio is program output)\n"
        "and a synthesised chime. Regenerate with scripts/make_sounds.py. manifest.json maps word -> file.\n",
        encoding="utf-8",
    )
    print(f"{len(manifest)} clips + chime in {OUT}")


if __name__ == "__main__":
    main()
