"""The colours of regions and themes, measured with colour-science libraries rather than by eye:
every pair stays apart under normal vision and simulated deuteranopia, protanopia and tritanopia
(colorspacious, severity 100; CIEDE2000 from colour-science), and every mark has at least 3:1
contrast (WCAG 2 relative luminance) against both the light and the dark background."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from colorspacious import cspace_convert

from etl.reference import REGIONS, THEMES
from ui.palette import BACKGROUNDS, NEUTRAL, REGION_COLOURS, REGION_SYMBOLS, THEME_COLOURS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # colour-science warns about optional SciPy and Matplotlib
    import colour

VISIONS = [None, "deuteranomaly", "protanomaly", "tritanomaly"]
# CIEDE2000 about 15 is a plain difference at chart-mark size; the regions reach it in every
# vision. Nine theme colours in the same luminance band cannot: 10 is still clearly apart.
REGION_MIN_DELTA_E = 15.0
THEME_MIN_DELTA_E = 10.0


def srgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def lab(hex_colour: str, vision: str | None) -> np.ndarray:
    rgb = srgb(hex_colour)
    if vision:
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CIELab")


def luminance(hex_colour: str) -> float:
    c = srgb(hex_colour)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def smallest_difference(colours: list[str], vision: str | None) -> float:
    return min(
        float(colour.delta_E(lab(a, vision), lab(b, vision), method="CIE 2000"))
        for a, b in itertools.combinations(colours, 2)
    )


def test_the_contrast_helper_matches_wcag_on_known_pairs():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    # Okabe–Ito yellow on white, the figure the issue measured
    assert contrast("#F0E442", "#FFFFFF") == pytest.approx(1.32, abs=0.01)


def test_the_cvd_simulation_collapses_red_and_green_for_deuteranopia():
    red, green = "#D55E00", "#009E73"
    normal = colour.delta_E(lab(red, None), lab(green, None), method="CIE 2000")
    deutan = colour.delta_E(
        lab(red, "deuteranomaly"), lab(green, "deuteranomaly"), method="CIE 2000"
    )
    assert deutan < normal / 2


@pytest.mark.parametrize("vision", VISIONS)
def test_the_eight_region_colours_stay_apart_in_every_colour_vision(vision):
    colours = [REGION_COLOURS[r] for r in REGIONS]
    assert len(set(colours)) == 8
    assert smallest_difference(colours, vision) >= REGION_MIN_DELTA_E


@pytest.mark.parametrize("vision", VISIONS)
def test_the_theme_colours_stay_apart_in_every_colour_vision(vision):
    colours = [THEME_COLOURS[t] for t in THEMES]
    assert smallest_difference(colours, vision) >= THEME_MIN_DELTA_E


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_mark_reaches_3_to_1_against_the_background(scheme):
    background = BACKGROUNDS[scheme]
    for mark in {*REGION_COLOURS.values(), *THEME_COLOURS.values(), NEUTRAL}:
        assert contrast(mark, background) >= 3.0, (mark, scheme)


def test_each_region_also_has_its_own_marker_shape():
    assert set(REGION_SYMBOLS) == set(REGIONS)
    assert len(set(REGION_SYMBOLS.values())) == len(REGIONS)
