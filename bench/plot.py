"""A line chart as a hand-written SVG, so bench/serve.py draws docs/performance.svg without
a plotting library in the project's dependencies."""

import math
from html import escape

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f"]
WIDTH, HEIGHT = 960, 560
LEFT, RIGHT, TOP, BOTTOM = 80, 290, 60, 70  # margins: the legend sits in the right one


def nice_ticks(high: float, count: int = 6) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least `high`."""
    raw = max(high, 1e-9) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [step * i for i in range(math.ceil(high / step) + 1)]


def log_ticks(low: float, high: float) -> list[float]:
    """1, 2 and 5 times powers of ten from just below `low` to just above `high`."""
    ticks = [m * 10**e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1) for m in (1, 2, 5)]
    first = max(i for i, tick in enumerate(ticks) if tick <= low)
    last = min(i for i, tick in enumerate(ticks) if tick >= high)
    return ticks[first : last + 1]


def _label(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:g}"


def line_chart(
    title: str, x_label: str, y_label: str, xs: list[float], series: dict[str, list[float]], log_y: bool = False
) -> str:
    """SVG text: one line with markers per series over the shared xs, a legend on the right.
    A logarithmic y axis (log_y) keeps fast pages readable beside one slow page."""
    x_ticks = nice_ticks(max(xs))
    values = [value for line in series.values() for value in line]
    y_ticks = log_ticks(min(values), max(values)) if log_y else nice_ticks(max(values))
    scale = math.log10 if log_y else float
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(value: float) -> float:
        return LEFT + plot_width * value / x_ticks[-1]

    def y_at(value: float) -> float:
        share = (scale(value) - scale(y_ticks[0])) / (scale(y_ticks[-1]) - scale(y_ticks[0]))
        return TOP + plot_height * (1 - share)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="14">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2}" y="32" text-anchor="middle" font-size="18" font-weight="bold">{escape(title)}</text>',
    ]
    for tick in x_ticks:
        x = x_at(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_height}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP + plot_height + 22}" text-anchor="middle">{_label(tick)}</text>')
    for tick in y_ticks:
        y = y_at(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_width}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y + 5:.1f}" text-anchor="end">{_label(tick)}</text>')
    parts += [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_width}" height="{plot_height}" fill="none" stroke="#333"/>',
        f'<text x="{LEFT + plot_width / 2}" y="{HEIGHT - 22}" text-anchor="middle">{escape(x_label)}</text>',
        f'<text transform="translate(22 {TOP + plot_height / 2}) rotate(-90)" text-anchor="middle">'
        f"{escape(y_label)}</text>",
    ]
    for index, (name, line) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        points = " ".join(f"{x_at(x):.1f},{y_at(y):.1f}" for x, y in zip(xs, line, strict=True))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        parts += [
            f'<circle cx="{x_at(x):.1f}" cy="{y_at(y):.1f}" r="4" fill="{colour}"/>'
            for x, y in zip(xs, line, strict=True)
        ]
        legend_y = TOP + 10 + 26 * index
        legend_x = LEFT + plot_width + 20
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 28}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
        parts.append(f'<text x="{legend_x + 36}" y="{legend_y + 5}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
