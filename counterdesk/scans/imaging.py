"""Page clean-up for scans: skew angle, straightening, paper box, Otsu threshold (Pillow only).

Pure functions on Pillow images, no I/O: the callers (scans/process.py) run them off the GUI
thread. Estimates work on a copy brought down to about ``WORK_WIDTH`` pixels, so an A4 page at
200 dpi costs a few tens of milliseconds.

* skew: the projection profile — text lines give sharp peaks in the row sums only when they are
  horizontal, so the angle whose rotation maximises the sum of squared differences between
  neighbouring rows is the page's skew (coarse 1° steps, then 0.1° around the best);
* paper box: a scanner bed (lid open, black or grey) is darker than paper; rows and columns that
  are mostly brighter than the midpoint between the bed and the paper are the paper.
"""

from __future__ import annotations

import itertools
from array import array

from PIL import Image, ImageOps

WORK_WIDTH = 400
MAX_SKEW = 8.0  # degrees searched either way; a page fed more crooked than this is re-scanned
MIN_SKEW = 0.15  # below this a rotation would only blur the page
MIN_GAIN = 1.05  # the best angle must sharpen the row profile this much over 0° to be believed
_BED_CONTRAST = 40  # grey levels between bed and paper before a bed is believed


def _small(img: Image.Image) -> Image.Image:
    grey = img if img.mode == "L" else img.convert("L")
    if grey.width <= WORK_WIDTH:
        return grey
    factor = max(1, grey.width // WORK_WIDTH)
    return grey.reduce(factor)


def otsu(img: Image.Image) -> int:
    """The grey level that best splits ink from paper (Otsu's between-class variance)."""
    hist = (img if img.mode == "L" else img.convert("L")).histogram()[:256]
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    best, best_t, w_b, sum_b = -1.0, 128, 0, 0
    for t in range(256):
        w_b += hist[t]
        if w_b == 0:
            continue
        w_f = total - w_b
        if w_f == 0:
            break
        sum_b += t * hist[t]
        m_b, m_f = sum_b / w_b, (sum_all - sum_b) / w_f
        between = w_b * w_f * (m_b - m_f) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def to_black_white(img: Image.Image) -> Image.Image:
    """Mode "1" page: paper white, ink black, split at Otsu's level."""
    grey = img if img.mode == "L" else img.convert("L")
    threshold = otsu(grey)
    return grey.point(lambda v: 255 if v > threshold else 0, "1")


def _profile(line: Image.Image) -> array[float]:
    """The values of a one-row or one-column "F" image."""
    return array("f", line.tobytes())


def _sharpness(ink: Image.Image, angle: float) -> float:
    turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0.0) if angle else ink
    rows = _profile(turned.resize((1, turned.height), Image.Resampling.BOX))
    return sum((a - b) ** 2 for a, b in itertools.pairwise(rows))


def _search(ink: Image.Image) -> float:
    """The turn that makes the row profile of ``ink`` (bright = what lines up) sharpest, in degrees
    counter-clockwise the content sits at; 0.0 when no turn sharpens it enough to be believed."""
    half = ink.reduce(2)  # whole degrees are told apart on a quarter of the pixels
    coarse = {float(a): _sharpness(half, a) for a in range(-int(MAX_SKEW), int(MAX_SKEW) + 1)}
    if max(coarse.values()) <= 0:
        return 0.0
    best = max(coarse, key=lambda a: coarse[a])
    scores = {0.0: _sharpness(ink, 0.0)}
    fine = [round(best + step / 10, 1) for step in range(-6, 7)]
    scores.update({a: _sharpness(ink, a) for a in fine if a not in scores})
    best = max(scores, key=lambda a: scores[a])
    if scores[best] < MIN_GAIN * scores[0.0]:
        return 0.0  # no line structure turns sharper (a photo, a card): nothing to straighten
    return -best  # rotating by ``best`` straightens it: the content sits at -best


def skew_angle(img: Image.Image) -> float:
    """Degrees the page's text lines are turned counter-clockwise (0.0 when nothing can be told)."""
    small = _small(img)
    level = otsu(small)
    return _search(small.point(lambda v: 255 if v <= level else 0).convert("F"))


def edge_angle(img: Image.Image) -> float:
    """Degrees the paper's edges are turned counter-clockwise against a darker scanner bed: for a
    card or a photo, where no text lines tell the skew (0.0 when no bed shows)."""
    small = _small(img)
    bed = bed_level(small)
    paper = _percentile(small, 0.9)
    if paper - bed < _BED_CONTRAST:
        return 0.0
    cut = (bed + paper) // 2
    return _search(small.point(lambda v: 255 if v > cut else 0).convert("F"))


def bed_level(img: Image.Image) -> int:
    """The median grey level of the outermost pixels: the scanner bed if one shows."""
    small = _small(img)
    w, h = small.size
    edge = max(1, min(w, h) // 50)
    strips = [small.crop((0, 0, w, edge)), small.crop((0, h - edge, w, h)),
              small.crop((0, 0, edge, h)), small.crop((w - edge, 0, w, h))]
    hist = [sum(col) for col in zip(*(s.histogram()[:256] for s in strips), strict=True)]
    half, seen = sum(hist) / 2, 0
    for level, count in enumerate(hist):
        seen += count
        if seen >= half:
            return level
    return 255


def straighten(img: Image.Image, angle: float, fill: int | tuple[int, ...], *, smooth: bool = True) -> Image.Image:
    """``img`` turned back by ``angle`` degrees (same size; uncovered corners take ``fill``).
    ``smooth=False`` (nearest pixel, 3× faster) for a page about to become black and white, where
    interpolated greys would be thresholded away anyway; bicubic is 2× slower than bilinear and no
    better at 200 dpi."""
    if abs(angle) < MIN_SKEW:
        return img
    method = Image.Resampling.BILINEAR if smooth else Image.Resampling.NEAREST
    return img.rotate(-angle, resample=method, fillcolor=fill)


def _span(fractions: list[float], share: float) -> tuple[int, int] | None:
    top = max(fractions, default=0.0)
    if top <= 0.05:
        return None
    inside = [i for i, f in enumerate(fractions) if f >= top * share]
    return inside[0], inside[-1] + 1


def paper_box(img: Image.Image, *, share: float = 0.5, whole: float = 0.98,
              bed: int | None = None) -> tuple[int, int, int, int] | None:
    """The paper's (left, top, right, bottom) in ``img`` pixels, or None when no bed shows
    (white lid, already cropped, or the box keeps ``whole`` of the scan or more). A row or column
    belongs to the paper when its paper share is at least ``share`` of the fullest one: a small
    share gives the whole bounding box of a tilted sheet, a large one cuts the bed's wedges that
    straightening leaves in the corners. ``bed``: its grey level when already known (a crop that
    shows little of it)."""
    small = _small(img)
    bed = bed_level(small) if bed is None else bed
    paper = _percentile(small, 0.9)
    if paper - bed < _BED_CONTRAST:
        return None
    cut = (bed + paper) // 2
    mask = small.point(lambda v: 255 if v > cut else 0).convert("F")
    rows = [v / 255 for v in _profile(mask.resize((1, mask.height), Image.Resampling.BOX))]
    cols = [v / 255 for v in _profile(mask.resize((mask.width, 1), Image.Resampling.BOX))]
    ys, xs = _span(rows, share), _span(cols, share)
    if ys is None or xs is None:
        return None
    sx, sy = img.width / small.width, img.height / small.height
    box = (round(xs[0] * sx), round(ys[0] * sy), min(img.width, round(xs[1] * sx)), min(img.height, round(ys[1] * sy)))
    if (box[2] - box[0]) * (box[3] - box[1]) >= whole * img.width * img.height:
        return None
    return box


def _percentile(img: Image.Image, q: float) -> int:
    hist = img.histogram()[:256]
    wanted, seen = sum(hist) * q, 0
    for level, count in enumerate(hist):
        seen += count
        if seen >= wanted:
            return level
    return 255


def autocontrast_grey(img: Image.Image) -> Image.Image:
    """Greyscale with the darkest and brightest half-percent stretched (a faded card reads better)."""
    return ImageOps.autocontrast(img if img.mode == "L" else img.convert("L"), cutoff=0.5)
