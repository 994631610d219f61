"""Plays call announcements one after another: chime + Vietnamese voice from shipped clips.

No network and no speech engine: counterdesk.announce joins pre-recorded WAV clips. Each call is
written to a temporary WAV and played with QMediaPlayer (its FFmpeg backend resamples to whatever
the sound card accepts, where QSoundEffect refuses formats the device does not list); the next one starts when the previous
one's known duration has passed, so two calls at once are both heard, in order.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from collections import deque
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from counterdesk import announce
from counterdesk.domain.speech import Style, announcement, sentence
from counterdesk.ui.common.signals import emit

log = logging.getLogger("counterdesk.ui.display.voice")
PAUSE_MS = 600


class Announcer(QObject):
    """Queue of calls to say; ``spoken`` emits each sentence as its audio starts."""

    spoken = Signal(str)

    def __init__(self, style: str = "digits", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.enabled = style != "off"
        self.pending: deque[tuple[str, int]] = deque()
        self.history: list[str] = []
        self.busy = False
        self._dir = Path(tempfile.mkdtemp(prefix="counterdesk-voice-"))
        atexit.register(shutil.rmtree, self._dir, True)
        self._slot = 0
        self._effect = self._make_effect()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)

    def _make_effect(self) -> object | None:
        if not self.enabled:
            return None
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            player = QMediaPlayer(self)
            output = QAudioOutput(player)
            output.setVolume(1.0)
            player.setAudioOutput(output)
            return player
        except Exception:  # no multimedia backend on this PC: the screen still works
            log.warning("sound unavailable; calls will be shown without voice", exc_info=True)
            return None

    def say(self, number: str, counter: int) -> None:
        if not self.enabled:
            return
        self.pending.append((number, counter))
        if not self.busy:
            self._next()

    def _next(self) -> None:
        if not self.pending:
            self.busy = False
            return
        self.busy = True
        number, counter = self.pending.popleft()
        style: Style = "number" if self.style == "number" else "digits"
        try:
            wav = announce.call_wav(number, counter, style=style)
        except (KeyError, ValueError, OSError):
            log.exception("cannot build the announcement for %s", number)
            self._timer.start(0)
            return
        self._slot = (self._slot + 1) % 4  # a few files in turn: never overwrite the one playing
        path = self._dir / f"call-{self._slot}.wav"
        path.write_bytes(wav)
        text = sentence(announcement(number, counter, style=style))
        self.history.append(text)
        emit(self.spoken, text)
        if self._effect is not None:
            from PySide6.QtMultimedia import QMediaPlayer

            assert isinstance(self._effect, QMediaPlayer)
            self._effect.stop()
            self._effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effect.play()
        self._timer.start(int(announce.duration(wav) * 1000) + PAUSE_MS)
