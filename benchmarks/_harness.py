"""Rounds, statistics and the one table every benchmark prints.

Contenders run interleaved: every round runs each of them once, in an order that rotates
from round to round, so a slow moment of a shared machine hits them all alike. Each row
reports the median of its rounds with the spread (25th to 75th percentile), and its ratio to
the case's baseline is paired: computed within each round, then the median of those ratios.
"""

from __future__ import annotations

import gc
import statistics
import tracemalloc
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

Measure = Callable[[], Awaitable[float]]
"""One round of one contender: returns its number (time per call, rate, MiB...)."""


@dataclass(frozen=True)
class Goal:
    """A target on a row's paired comparison: ``Goal("<=", 1.15)`` for at most 1.15x."""

    op: str
    limit: float
    unit: str = "x"

    def met(self, value: float) -> bool:
        """Whether the median paired ratio (or difference) ``value`` reaches the target."""
        return value <= self.limit if self.op == "<=" else value >= self.limit

    def __str__(self) -> str:
        sign = "+" if self.unit != "x" else ""
        return f"{'≤' if self.op == '<=' else '≥'}{sign}{self.limit:g}{self.unit}"


@dataclass
class Row:
    """One line of the table: a contender's samples in one case, compared within rounds.

    ``compared`` holds one ratio per round to the baseline's sample of the same round, or,
    with ``difference`` set, one difference (for peaks, where ratios of small numbers mislead).
    """

    case: str
    contender: str
    unit: str
    samples: list[float]
    compared: list[float] = field(default_factory=list)
    versus: str = ""
    difference: bool = False
    goal: Goal | None = None
    note: str = ""

    def compare(self, baseline: Row, *, difference: bool = False) -> None:
        """Pair this row's samples with ``baseline``'s, round by round."""
        pairs = zip(self.samples, baseline.samples, strict=True)
        self.compared = [a - b if difference else a / b for a, b in pairs]
        self.versus = "vs " + baseline.contender
        self.difference = difference


async def interleave(rounds: int, contenders: Mapping[str, Measure]) -> dict[str, list[float]]:
    """Run every contender once per round, rotating the order; return their samples."""
    names = list(contenders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(await contenders[name]())
    return samples


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """25th percentile, median, 75th percentile (the value itself when there is only one)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    low, median, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, median, high


async def traced_peak(body: Callable[[], Awaitable[object]]) -> float:
    """Peak traced Python memory while ``body`` runs, in MiB, above what was held before.

    A full collection first: every contender starts with the cyclic collector's generations
    empty, so none pays for garbage another one left.
    """
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        await body()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - before) / 2**20


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _cells(row: Row) -> list[str]:
    low, median, high = quartiles(row.samples)
    spread = f"{_number(low)}–{_number(high)}" if len(row.samples) > 1 else "(1 round)"  # noqa: RUF001
    compared = goal = ""
    if row.compared:
        c_low, c_median, c_high = quartiles(row.compared)
        shape = "{:+.2f}" if row.difference else "{:.2f}"
        suffix = f" {row.unit.split()[0]}" if row.difference else "x"
        compared = shape.format(c_median) + suffix
        if len(row.compared) > 1:
            compared += f" ({shape.format(c_low)}–{shape.format(c_high)})"  # noqa: RUF001
        compared += f" {row.versus}"
        if row.goal is not None:
            goal = f"{row.goal}: {'met' if row.goal.met(c_median) else 'NOT met'}"
    return [
        row.case,
        row.contender,
        f"{_number(median)} {row.unit}",
        spread,
        compared,
        goal,
        row.note,
    ]


def render(rows: Sequence[Row]) -> str:
    """The table, as GitHub-flavoured Markdown (readable as plain text too)."""
    header = ["case", "contender", "median", "p25–p75", "paired within rounds", "goal", "note"]  # noqa: RUF001
    lines = [header]
    for index, row in enumerate(rows):
        cells = _cells(row)
        if index and rows[index - 1].case == row.case:
            cells[0] = ""  # the case is named once, on its first row
        lines.append(cells)
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")
        if index == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)
