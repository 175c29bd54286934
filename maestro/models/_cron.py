"""Quartz cron expressions, checked field by field before a schedule is sent.

Maestro evaluates schedules with Quartz syntax in UTC: six or seven
fields separated by blanks::

    seconds  minutes  hours  day-of-month  month  day-of-week  [year]
    0-59     0-59     0-23   1-31          1-12   1-7          1970-2099
                                           JAN-DEC SUN-SAT

Every field takes ``*``, a value, a range ``a-b`` (it may wrap, as ``FRI-MON``), a step
``*/n``, ``a/n`` or ``a-b/n``, and comma-separated lists of these. Day-of-month also takes
``L`` (last day), ``L-n`` (n days before it), ``LW`` and ``nW`` (nearest weekday);
day-of-week takes ``L`` (Saturday), ``nL`` (last such day of the month) and ``n#k`` (k-th
such day, k from 1 to 5). ``?`` ("no specific value") must be in exactly one of day-of-month
and day-of-week, as Quartz demands. ``L``, ``W`` and ``#`` stand alone, never in a list.
Names are case-insensitive. What Quartz refuses is refused here, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["check_quartz_cron"]

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
        start=1,
    )
}
_DAYS = {
    name: number
    for number, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), start=1)
}


@dataclass(frozen=True)
class _Spec:
    """One position of the expression: its name, its range and the names it accepts."""

    name: str
    low: int
    high: int
    max_step: int
    names: Mapping[str, int] = field(default_factory=dict)

    def describe_range(self) -> str:
        text = f"{self.low}-{self.high}"
        if self.names:
            first, last = next(iter(self.names)), list(self.names)[-1]
            text += f" or {first}-{last}"
        return text


_SECONDS = _Spec("seconds", 0, 59, 59)
_MINUTES = _Spec("minutes", 0, 59, 59)
_HOURS = _Spec("hours", 0, 23, 23)
_DAY_OF_MONTH = _Spec("day-of-month", 1, 31, 31)
_MONTH = _Spec("month", 1, 12, 12, _MONTHS)
_DAY_OF_WEEK = _Spec("day-of-week", 1, 7, 7, _DAYS)
_YEAR = _Spec("year", 1970, 2099, 129)
_SPECS = (_SECONDS, _MINUTES, _HOURS, _DAY_OF_MONTH, _MONTH, _DAY_OF_WEEK, _YEAR)

_GENERAL = re.compile(r"(?P<start>\*|[A-Z0-9]+)(?:-(?P<end>[A-Z0-9]+))?(?:/(?P<step>[^/]*))?")
_LAST_DAY = re.compile(r"L(?:-(?P<offset>[0-9]+))?W?")
_WEEKDAY = re.compile(r"(?P<day>[0-9]+)W")
_LAST_WEEKDAY_OF = re.compile(r"(?P<day>[A-Z0-9]+)L")
_NTH_WEEKDAY = re.compile(r"(?P<day>[A-Z0-9]+)#(?P<nth>[^#]*)")


class _CronError(ValueError):
    """One reason the expression is not valid Quartz."""


def check_quartz_cron(expression: str) -> str:
    """Return ``expression`` with its fields separated by single spaces, or raise ``ValueError``.

    The error message names the field at fault and why (``hours: 25 is out of range 0-23``).
    """
    fields = expression.split()
    if not 6 <= len(fields) <= 7:
        raise _CronError(
            f"expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week "
            f"[year]), got {len(fields)}"
        )
    for spec, text in zip(_SPECS, fields, strict=False):
        _check_field(spec, text.upper())
    day_of_month, day_of_week = fields[3], fields[5]
    if (day_of_month == "?") == (day_of_week == "?"):
        raise _CronError(
            "put '?' in exactly one of day-of-month and day-of-week "
            "(for example '0 0 13 ? * *' or '0 0 13 1 * ?')"
        )
    return " ".join(fields)


def _check_field(spec: _Spec, text: str) -> None:
    if text == "?":
        if spec not in (_DAY_OF_MONTH, _DAY_OF_WEEK):
            raise _CronError(f"{spec.name}: '?' is only allowed in day-of-month or day-of-week")
        return
    items = text.split(",")
    for item in items:
        if not item:
            raise _CronError(f"{spec.name}: empty item in {text!r}")
        if "?" in item:
            raise _CronError(f"{spec.name}: '?' must stand alone in its field")
        if spec is _DAY_OF_MONTH and ("L" in item or "W" in item):
            _alone(spec, item, items)
            _check_day_of_month_special(item)
        elif spec is _DAY_OF_WEEK and ("#" in item or item.endswith("L")):
            _alone(spec, item, items)
            _check_day_of_week_special(item)
        else:
            _check_general(spec, item)


def _alone(spec: _Spec, item: str, items: list[str]) -> None:
    if len(items) > 1:
        raise _CronError(f"{spec.name}: {item!r} cannot be combined with other values in a list")


def _check_day_of_month_special(item: str) -> None:
    last = _LAST_DAY.fullmatch(item)
    if last:
        offset = last.group("offset")
        if offset is not None and int(offset) > 30:
            raise _CronError(f"day-of-month: the offset in {item!r} must be from 0 to 30")
        return
    weekday = _WEEKDAY.fullmatch(item)
    if weekday:
        _check_value(_DAY_OF_MONTH, weekday.group("day"))
        return
    raise _CronError(
        f"day-of-month: {item!r} is not a valid use of 'L' or 'W' (use L, L-n, LW, L-nW or nW)"
    )


def _check_day_of_week_special(item: str) -> None:
    if item == "L":
        return
    last = _LAST_WEEKDAY_OF.fullmatch(item)
    if last:
        _check_value(_DAY_OF_WEEK, last.group("day"))
        return
    nth = _NTH_WEEKDAY.fullmatch(item)
    if nth:
        _check_value(_DAY_OF_WEEK, nth.group("day"))
        count = nth.group("nth")
        if not _is_number(count) or not 1 <= int(count) <= 5:
            raise _CronError(f"day-of-week: the number after '#' in {item!r} must be from 1 to 5")
        return
    raise _CronError(f"day-of-week: {item!r} is not a valid use of 'L' or '#' (use L, nL or n#k)")


def _check_general(spec: _Spec, item: str) -> None:
    match = _GENERAL.fullmatch(item)
    if match is None:
        raise _CronError(f"{spec.name}: {item!r} is not a value, range, step or '*'")
    start, end, step = match.group("start", "end", "step")
    if start == "*":
        if end is not None:
            raise _CronError(f"{spec.name}: {item!r}: '*' cannot start a range")
    else:
        _check_value(spec, start)
    if end is not None:
        _check_value(spec, end)
    if step is not None:
        if not _is_number(step):
            raise _CronError(f"{spec.name}: the step in {item!r} must be a whole number")
        if not 1 <= int(step) <= spec.max_step:
            raise _CronError(f"{spec.name}: the step in {item!r} must be from 1 to {spec.max_step}")


def _check_value(spec: _Spec, text: str) -> int:
    if _is_number(text):
        value = int(text)
    elif text in spec.names:
        value = spec.names[text]
    elif spec.names:
        raise _CronError(
            f"{spec.name}: {text!r} is not a number or a name in {spec.describe_range()}"
        )
    else:
        raise _CronError(f"{spec.name}: {text!r} is not a number")
    if not spec.low <= value <= spec.high:
        raise _CronError(f"{spec.name}: {text} is out of range {spec.describe_range()}")
    return value


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()
