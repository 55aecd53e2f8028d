"""Charts drawn on the server as SVG: no script, readable offline and when printed."""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, BAR = 320, 14


def progress_bar(value: float, target: float | None, label: str) -> Markup:
    """The value against its target: a filled bar, the target as a line."""
    top = max(value, target or 0, 1)
    done = WIDTH * value / top
    parts = [f'<svg class="chart" role="img" width="{WIDTH}" height="{BAR + 6}" '
             f'viewBox="0 0 {WIDTH} {BAR + 6}" aria-label="{escape(label)}">',
             f'<rect x="0" y="3" width="{WIDTH}" height="{BAR}" fill="#eee" stroke="#999"/>',
             f'<rect x="0" y="3" width="{done:.1f}" height="{BAR}" fill="#2f6f4f"/>']
    if target:
        x = WIDTH * target / top
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{BAR + 6}" '
                     f'stroke="#b33" stroke-width="2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(series: list[tuple[str, float]], label: str, height: int = 120) -> Markup:
    """One column per (label, value), e.g. participants per month."""
    if not series:
        return Markup("")
    top = max(v for _, v in series) or 1
    step = max(24, 480 // len(series))
    width = step * len(series)
    parts = [f'<svg class="chart" role="img" width="{width}" height="{height + 30}" '
             f'viewBox="0 0 {width} {height + 30}" aria-label="{escape(label)}">']
    for n, (name, value) in enumerate(series):
        h = height * value / top
        x = n * step + 3
        parts.append(f'<rect x="{x}" y="{height - h:.1f}" width="{step - 6}" height="{h:.1f}" '
                     f'fill="#2f6f4f"><title>{escape(name)}: {value:g}</title></rect>')
        parts.append(f'<text x="{x + (step - 6) / 2}" y="{height - h - 2:.1f}" font-size="10" '
                     f'text-anchor="middle">{value:g}</text>')
        parts.append(f'<text x="{x + (step - 6) / 2}" y="{height + 14}" font-size="9" '
                     f'text-anchor="middle">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
