"""Colour-blind-safe colours (Okabe–Ito), readable on light and dark backgrounds: one fixed
colour per region and per theme, so a region looks the same on every chart."""

from etl.reference import REGIONS, THEMES

# Okabe & Ito (2008), with a mid grey in place of black so it shows on a dark background.
OKABE_ITO = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
)
SEQUENTIAL = "Viridis"  # perceptually uniform and colour-blind safe, for maps and heatmaps

REGION_COLOURS = dict(zip(REGIONS, OKABE_ITO, strict=True))
REGION_COLOURS["ALL"] = "#7F7F7F"
THEME_COLOURS = dict(zip(THEMES, (*OKABE_ITO, "#882255"), strict=True))
