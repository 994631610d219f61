"""Offline voice for the lobby display: pre-recorded clips joined into one WAV (no Qt, no network).

Clips live in resources/sounds, one per word or phrase of domain.speech.VOCABULARY, listed in
manifest.json (word → file); all are 22 050 Hz, mono, 16-bit PCM like chime.wav.
scripts/make_sounds.py recorded them once with espeak-ng (Vietnamese voice).
"""

from __future__ import annotations

import io
import json
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from counterdesk.domain.speech import announcement
from counterdesk.paths import resource_path

RATE, WIDTH, CHANNELS = 22050, 2, 1
WORD_GAP_MS = 40  # between number words: quick, like speech
PHRASE_GAP_MS = 140  # around fixed phrases ("mời công dân có số")
CHIME_GAP_MS = 250


@dataclass(frozen=True)
class Clip:
    frames: bytes

    @property
    def seconds(self) -> float:
        return len(self.frames) / (RATE * WIDTH * CHANNELS)


def sounds_dir() -> Path:
    return resource_path("sounds")


def read_clip(path: Path) -> Clip:
    """PCM frames of a WAV clip; refuses a clip whose format would garble the joined audio."""
    with wave.open(str(path), "rb") as w:
        if (w.getframerate(), w.getsampwidth(), w.getnchannels()) != (RATE, WIDTH, CHANNELS):
            raise ValueError(f"{path.name}: expected {RATE} Hz, 16-bit mono")
        return Clip(w.readframes(w.getnframes()))


@cache
def manifest() -> dict[str, str]:
    data: dict[str, str] = json.loads((sounds_dir() / "manifest.json").read_text(encoding="utf-8"))
    return data


@cache
def clip(word: str) -> Clip:
    name = manifest().get(word)
    if name is None:
        raise KeyError(f"no recorded clip for {word!r}")
    return read_clip(sounds_dir() / name)


@cache
def chime() -> Clip:
    return read_clip(sounds_dir() / "chime.wav")


def silence(ms: int) -> bytes:
    return b"\x00" * (RATE * ms // 1000) * WIDTH * CHANNELS


def join(tokens: list[str], *, with_chime: bool = True) -> bytes:
    """One WAV (bytes) of the chime then each token's clip, with short pauses between them."""
    parts: list[bytes] = []
    if with_chime:
        parts += [chime().frames, silence(CHIME_GAP_MS)]
    for i, token in enumerate(tokens):
        if i:
            phrase = " " in token or " " in tokens[i - 1]
            parts.append(silence(PHRASE_GAP_MS if phrase else WORD_GAP_MS))
        parts.append(clip(token).frames)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(WIDTH)
        w.setframerate(RATE)
        w.writeframes(b"".join(parts))
    return out.getvalue()


def call_wav(number: str, counter: int, *, style: str = "digits") -> bytes:
    """The whole announcement for one call: chime + "Mời công dân có số … đến quầy số …"."""
    return join(announcement(number, counter, style="number" if style == "number" else "digits"))


def duration(wav_bytes: bytes) -> float:
    with wave.open(io.BytesIO(wav_bytes), "rb") as w:
        return w.getnframes() / w.getframerate()
