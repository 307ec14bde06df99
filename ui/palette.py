"""Colours that stay apart in every common colour vision and show on both themes: one fixed
colour per region and per theme, so a region looks the same on every chart.

Okabe–Ito, the usual colour-blind-safe set, fails here: its yellow and sky blue have under 2:1
contrast on white, its black vanishes on the dark theme, and under deuteranopia its grey stand-in
for black, sky blue and green drift together. These eight were chosen by search among the sRGB
colours whose contrast is at least 3:1 against both the light (#FFFFFF) and the dark (#0E1117)
background (relative luminance 0.12–0.30), maximising the smallest CIEDE2000 difference between
any two of them under normal vision and simulated deuteranopia, protanopia and tritanopia
(colorspacious, severity 100). tests/test_palette.py measures all of this. A narrow luminance band
leaves little room: the closest pair still differs by about 15 under protanopia, so line charts
also label each line and give each region its own marker (figures/common.region_lines)."""

from etl.reference import REGIONS, THEMES

CATEGORICAL = (
    "#CC8400",  # orange
    "#9084F0",  # periwinkle
    "#309C9C",  # teal
    "#9C9078",  # sand
    "#7824FC",  # violet
    "#A84818",  # rust
    "#785484",  # plum
    "#546C60",  # slate green
)
# A ninth colour for the ninth theme, the farthest from the eight in every colour vision.
NINTH = "#008448"
NEUTRAL = "#7F7F7F"  # all regions together; 3.9:1 on white, 4.4:1 on the dark background
SEQUENTIAL = "Viridis"  # perceptually uniform and colour-blind safe, for maps and heatmaps
BACKGROUNDS = {"light": "#FFFFFF", "dark": "#0E1117"}

REGION_COLOURS = dict(zip(REGIONS, CATEGORICAL, strict=True))
REGION_COLOURS["ALL"] = NEUTRAL
THEME_COLOURS = dict(zip(THEMES, (*CATEGORICAL, NINTH), strict=True))
# Marker shapes per region: a second cue beside colour, for the pairs colour alone keeps close.
REGION_SYMBOLS = dict(
    zip(
        REGIONS,
        ("circle", "square", "diamond", "triangle-up", "x", "triangle-down", "star", "cross"),
        strict=True,
    )
)
# Bar fill patterns per region, for stacked bars where neighbours touch and colour alone
# separates them least.
REGION_PATTERNS = dict(zip(REGIONS, ("", "/", "\\", "x", "-", "|", "+", "."), strict=True))
