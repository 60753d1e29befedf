"""Static SVG charts for the statistics page, drawn with `leather` at build time.

Each chart is a small self-contained `<svg role="img">` with a `<title>` and `<desc>`, sized for a
phone (360 units wide, text at 12 units) and scaled down by CSS where the screen is narrower. A
target is drawn as a dashed line over the bars. Output is deterministic: same data, same bytes.
"""

from __future__ import annotations

import contextlib
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

import leather
from leather import theme

from ..formats import decimal

WIDTH = 360
ROW_HEIGHT = 26
"""Height of one horizontal bar with its gap."""
COLUMNS_HEIGHT = 210
MAX_LABEL = 24
"""Longer bar labels are shortened (the table beside the chart has them in full)."""
BAR, TARGET = "#00796b", "#b45309"
"""Teal bars (the site's primary colour); the target in dark amber, 4.9:1 on white."""
SVG_NS = "http://www.w3.org/2000/svg"
THEME = {
    "background_color": "none",
    "margin": 0.045,
    "tick_font_family": "sans-serif",
    "tick_font_size": 12,
    "tick_font_char_height": 12,
    "tick_font_char_width": 7,
    "tick_size": 4,
    "tick_color": "#e3e3e3",
    "zero_color": "#757575",
    "label_color": "#4d4d4d",
}
"""leather's look, set only while a chart renders (its theme is module state)."""
_DECIMAL = re.compile(r"-?\d+\.\d+")


@contextlib.contextmanager
def _themed() -> Iterator[None]:
    """Apply `THEME` to leather for the duration of one chart, then restore its own."""
    saved = {name: getattr(theme, name) for name in THEME}
    for name, value in THEME.items():
        setattr(theme, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(theme, name, value)


def nice_ticks(top: float) -> list[int]:
    """Round tick values from 0 to above `top` (room for a target line), at most seven."""
    top = max(top, 1)
    step = next(s for s in _steps() if top / s <= 5)
    return list(range(0, (math.floor(top / step) + 1) * step + 1, step))


def _steps() -> Iterator[int]:
    """1, 2, 5, 10, 20, 50, 100, …"""
    scale = 1
    while True:
        yield from (scale, 2 * scale, 5 * scale)
        scale *= 10


def columns(key: str, title: str, description: str, labels: list[str], values: list[int],
            target: int | None = None) -> str:  # fmt: skip
    """Vertical columns (e.g. per month) with an optional dashed target line."""
    ticks = nice_ticks(max([*values, target or 0]))
    ticks = sorted({*ticks, target}) if target else ticks
    chart = leather.Chart()
    chart.add_columns(list(zip(labels, values)), fill_color=BAR)
    chart.set_y_scale(leather.Linear(0, ticks[-1]))
    chart.add_y_axis(ticks=ticks, tick_formatter=lambda v, i, n: str(v))
    return _render(chart, key, title, description, COLUMNS_HEIGHT, str(target) if target else None)


def bars(key: str, title: str, description: str, labels: list[str], values: list[float],
         target: float | None = None, unit: str = "") -> str:  # fmt: skip
    """Horizontal bars (e.g. per kategori), labels on the left; `unit` follows tick numbers."""
    ticks = nice_ticks(max([*values, target or 0]))
    shown = sorted({*_spaced(ticks), target}) if target else _spaced(ticks)
    chart = leather.Chart()
    chart.add_bars(list(zip(values, [_shorten(label) for label in labels])), fill_color=BAR)
    chart.set_x_scale(leather.Linear(0, ticks[-1]))
    chart.add_x_axis(ticks=shown, tick_formatter=_formatter(unit))
    height = len(labels) * ROW_HEIGHT + 34
    marked = f"{decimal(target)}{unit}" if target else None
    return _render(chart, key, title, description, height, marked)


def _spaced(ticks: list[int]) -> list[int]:
    """Every other tick when there are more than four: bottom labels need room on a phone."""
    return ticks[::2] if len(ticks) > 4 and len(ticks) % 2 else ticks


def _formatter(unit: str) -> Callable[[float, int, int], str]:
    """Tick labels: the number and its unit."""
    return lambda value, index, count: f"{decimal(value)}{unit}"


def _coordinate(value: float) -> str:
    """`15.04` → `15`, `12.53` → `12.5`: an SVG coordinate to one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _shorten(label: str) -> str:
    """A bar label that fits beside a bar on a phone."""
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "\u2026"


def _render(chart, key: str, title: str, description: str, height: int, target: str | None) -> str:
    """The chart as an accessible SVG document, the target tick (if any) drawn as a dashed line."""
    with _themed():
        group = chart.to_svg_group(WIDTH, height)
    if target is not None:
        _mark_target(group, target)
    root = ET.Element("svg", xmlns=SVG_NS, viewBox=f"0 0 {WIDTH} {height}", role="img")
    root.set("width", str(WIDTH))
    root.set("height", str(height))
    root.set("aria-labelledby", f"{key}-judul {key}-ket")
    ET.SubElement(root, "title", id=f"{key}-judul").text = title
    ET.SubElement(root, "desc", id=f"{key}-ket").text = description
    root.append(group)
    _round(root)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _mark_target(root: ET.Element, label: str) -> None:
    """Restyle the tick labelled `label` as the target line and draw it above the bars."""
    for axes in root.iter("g"):
        for axis in [child for child in axes if child.get("class", "").startswith("axis")]:
            for tick in list(axis):
                text = tick.find("text")
                if text is not None and text.text == label:
                    axis.remove(tick)
                    axes.append(tick)  # same coordinates: axis groups are not transformed
                    _style_target(tick)
                    return


def _style_target(tick: ET.Element) -> None:
    """A dashed amber line and a bold amber label (leather draws both in every tick)."""
    line, text = tick.find("line"), tick.find("text")
    if line is None or text is None:
        return
    line.set("stroke", TARGET)
    line.set("stroke-width", "2")
    line.set("stroke-dasharray", "6 4")
    text.set("fill", TARGET)
    text.set("font-weight", "bold")


def _round(root: ET.Element) -> None:
    """Coordinates to one decimal: leather computes them with 28-digit decimals."""
    for element in root.iter():
        for name, value in element.attrib.items():
            if name != "dy":
                element.set(name, _DECIMAL.sub(lambda m: _coordinate(float(m[0])), value))
