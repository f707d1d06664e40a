"""Scan profiles: how clean, skewed, rotated, coarse or grey a page comes out of the scanner.

`draw_scan(profile, rng)` returns every degradation parameter of one page as plain numbers,
so they can be written to truth.json's `render` object.
"""

from __future__ import annotations

import numpy as np

PROFILES = ("clean", "light", "heavy", "skewed", "rotated", "lowdpi", "gray")
ALL_PROFILES = PROFILES + ("mixed",)


def _signed(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(rng.uniform(lo, hi) * rng.choice([-1.0, 1.0]))


def draw_scan(profile: str, rng: np.random.Generator) -> dict:
    """Degradation parameters of one page for a profile ('mixed' first picks a profile)."""
    if profile == "mixed":
        profile = str(rng.choice(PROFILES))
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    p = {
        "profile": profile, "dpi": 300, "skew_deg": 0.0, "rotation": 0, "gray": False,
        "paper_tint": float(rng.uniform(0.0, 0.15)), "illumination": 0.0, "noise_sd": 0.0,
        "blur_sigma": 0.0, "show_through": 0.0, "border_shadow": 0.0, "worn": float(rng.uniform(0.0, 0.2)),
        "ink_bleed": float(rng.uniform(0.0, 0.4)), "format": "png", "jpeg_quality": None,
        "specks": 0, "crease": 0.0, "scan_border": 0.0,
    }
    if profile == "clean":
        pass
    elif profile == "light":
        p.update(skew_deg=_signed(rng, 0.1, 1.0), paper_tint=float(rng.uniform(0.1, 0.4)),
                 illumination=float(rng.uniform(0.02, 0.06)), noise_sd=float(rng.uniform(2, 5)),
                 blur_sigma=float(rng.uniform(0.3, 0.7)), format="jpg", jpeg_quality=int(rng.integers(85, 93)))
    elif profile == "heavy":
        p.update(skew_deg=_signed(rng, 0.3, 3.0), paper_tint=float(rng.uniform(0.4, 1.0)),
                 illumination=float(rng.uniform(0.08, 0.18)), noise_sd=float(rng.uniform(6, 12)),
                 blur_sigma=float(rng.uniform(0.6, 1.2)), show_through=float(rng.uniform(0.05, 0.14)),
                 border_shadow=float(rng.uniform(0.4, 0.9)), worn=float(rng.uniform(0.3, 0.6)),
                 ink_bleed=float(rng.uniform(0.3, 0.8)), format="jpg", jpeg_quality=int(rng.integers(55, 75)),
                 specks=int(rng.integers(20, 200)), crease=float(rng.uniform(0.0, 1.0)),
                 scan_border=float(rng.choice([0.0, rng.uniform(0.01, 0.04)])))
    elif profile == "skewed":
        p.update(skew_deg=_signed(rng, 1.5, 7.0), paper_tint=float(rng.uniform(0.1, 0.4)),
                 illumination=float(rng.uniform(0.0, 0.05)), blur_sigma=float(rng.uniform(0.0, 0.5)))
    elif profile == "rotated":
        p.update(rotation=int(rng.choice([90, 180, 270])), skew_deg=_signed(rng, 0.0, 2.0),
                 paper_tint=float(rng.uniform(0.1, 0.4)), blur_sigma=float(rng.uniform(0.0, 0.5)))
    elif profile == "lowdpi":
        p.update(dpi=200, skew_deg=_signed(rng, 0.0, 1.5), paper_tint=float(rng.uniform(0.1, 0.5)),
                 illumination=float(rng.uniform(0.02, 0.08)), blur_sigma=float(rng.uniform(0.3, 0.6)),
                 format="tif")
    elif profile == "gray":
        p.update(gray=True, skew_deg=_signed(rng, 0.0, 2.0), paper_tint=float(rng.uniform(0.2, 0.8)),
                 illumination=float(rng.uniform(0.04, 0.12)), noise_sd=float(rng.uniform(3, 7)),
                 blur_sigma=float(rng.uniform(0.4, 0.9)), show_through=float(rng.uniform(0.0, 0.08)),
                 border_shadow=float(rng.uniform(0.0, 0.6)), format="jpg", jpeg_quality=int(rng.integers(75, 88)),
                 specks=int(rng.integers(0, 80)),
                 scan_border=float(rng.choice([0.0, rng.uniform(0.01, 0.04)])))
    return p
