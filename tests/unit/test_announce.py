"""The joined announcement WAV (not the speaker): format, length, every word recorded."""

from __future__ import annotations

import io
import itertools
import wave

from counterdesk import announce
from counterdesk.domain.speech import VOCABULARY, announcement


def test_every_word_has_a_clip_in_the_shared_format() -> None:
    assert set(announce.manifest()) == set(VOCABULARY)
    for word in VOCABULARY:
        seconds = announce.clip(word).seconds
        assert 0.08 < seconds < 2.5, word
    assert 1.0 < announce.chime().seconds < 2.0


def test_call_wav_is_chime_plus_clips_plus_pauses() -> None:
    data = announce.call_wav("A012", 3)
    with wave.open(io.BytesIO(data), "rb") as w:
        assert (w.getframerate(), w.getsampwidth(), w.getnchannels()) == (22050, 2, 1)
        frames = w.getnframes()
        pcm = w.readframes(frames)
    tokens = announcement("A012", 3)
    assert tokens[0] == "mời công dân có số" and tokens[-1] == "ba"
    gaps = [announce.PHRASE_GAP_MS if (" " in a or " " in b) else announce.WORD_GAP_MS
            for a, b in itertools.pairwise(tokens)]
    expected = (
        len(announce.chime().frames) + len(announce.silence(announce.CHIME_GAP_MS))
        + sum(len(announce.clip(t).frames) for t in tokens) + sum(len(announce.silence(g)) for g in gaps)
    )
    assert len(pcm) == expected
    assert pcm.startswith(announce.chime().frames)
    assert pcm.endswith(announce.clip("ba").frames)
    assert 4.0 < announce.duration(data) < 9.0
    assert announce.call_wav("A012", 3) == data  # stable bytes


def test_without_chime_and_number_style() -> None:
    short = announce.join(["mười", "lăm"], with_chime=False)
    assert announce.duration(short) < announce.chime().seconds + 1.5
    assert announce.call_wav("B015", 12, style="number") != announce.call_wav("B015", 12)
