"""The one palette stays readable for colour-blind readers and against white.

Each colour is seen as protanopia, deuteranopia and tritanopia would see it (the Machado,
Oliveira and Fernandes 2009 matrices at full severity, applied to linear RGB), converted to
CIELAB, and every pair must stay clearly apart by CIEDE2000 (checked here against Sharma's
published test pair). Colours that meant "good" and "bad" by green and red alone used to
merge for one reader in twelve.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest

from cleanup.terms import RECOMMENDATIONS, TAG_INFO, TAGS
from cleanup.writers.charts import REC_COLORS, TAG_COLORS

Vector = tuple[float, float, float]
Matrix = tuple[Vector, Vector, Vector]

MACHADO: dict[str, Matrix] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
IDENTITY: Matrix = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
SRGB_TO_XYZ: Matrix = ((0.4124564, 0.3575761, 0.1804375), (0.2126729, 0.7151522, 0.0721750),
                       (0.0193339, 0.1191920, 0.9503041))
D65: Vector = (0.95047, 1.0, 1.08883)
#: Far enough apart to tell two bars apart at a glance (2.3 is "just noticeable").
MIN_DISTANCE = 20.0


def linear(hex_color: str) -> Vector:
    c = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c)
    return r, g, b


def times(m: Matrix, v: Vector) -> Vector:
    x, y, z = (sum(a * b for a, b in zip(row, v, strict=True)) for row in m)
    return x, y, z


def lab(hex_color: str, vision: Matrix = IDENTITY) -> Vector:
    """CIELAB (D65) of a colour as seen with `vision` (a simulation matrix)."""
    rgb = tuple(min(1.0, max(0.0, v)) for v in times(vision, linear(hex_color)))
    xyz = [v / w for v, w in zip(times(SRGB_TO_XYZ, rgb), D65, strict=True)]  # type: ignore[arg-type]
    fx, fy, fz = (v ** (1 / 3) if v > 216 / 24389 else (24389 / 27 * v + 16) / 116 for v in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(one: Vector, two: Vector) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = one, two
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6))
         - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2
                     + r_t * (d_c / s_c) * (d_h / s_h))


def contrast_with_white(hex_color: str) -> float:
    r, g, b = linear(hex_color)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_ciede2000_matches_the_published_test_data() -> None:
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_the_old_palette_fails_the_check() -> None:
    """The check can fail: green, red and orange merge as deuteranopia sees them."""
    old = ["#2e7d32", "#c62828", "#e65100"]
    seen = [lab(c, MACHADO["deuteranopia"]) for c in old]
    assert min(ciede2000(a, b) for a, b in itertools.combinations(seen, 2)) < 8


@pytest.mark.parametrize("vision", ["normal", *MACHADO])
@pytest.mark.parametrize(("name", "palette", "keys"), [("tags", TAG_COLORS, TAGS),
                                                       ("recs", REC_COLORS, RECOMMENDATIONS)])
def test_every_pair_of_colours_stays_apart(vision: str, name: str, palette: dict[str, str],
                                           keys: tuple[str, ...]) -> None:
    assert list(palette) == list(keys)
    matrix = MACHADO.get(vision, IDENTITY)
    for (k1, c1), (k2, c2) in itertools.combinations(palette.items(), 2):
        distance = ciede2000(lab(c1, matrix), lab(c2, matrix))
        assert distance >= MIN_DISTANCE, f"{name}: {k1} and {k2} under {vision}: {distance:.1f}"


@pytest.mark.parametrize("color", sorted({*TAG_COLORS.values(), *REC_COLORS.values()}))
def test_chart_colours_have_3_to_1_contrast_with_white(color: str) -> None:
    assert re.fullmatch(r"#[0-9a-f]{6}", color)
    assert contrast_with_white(color) >= 3.0


def test_every_tag_but_the_first_has_a_pattern_of_its_own() -> None:
    """The stacked segments are told apart by a pattern as well as a colour (the report's
    style sheet draws each: tests/test_report.py)."""
    patterns = [t.pattern for t in TAG_INFO]
    assert patterns[0] == "" and all(patterns[1:])  # the first is plain
    assert len(set(patterns[1:])) == len(TAG_INFO) - 1
