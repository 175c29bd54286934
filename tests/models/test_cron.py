"""The Quartz cron validator: what Quartz accepts passes, what it refuses fails with a reason."""

from __future__ import annotations

import re

import pytest

from maestro.models._cron import check_quartz_cron

VALID = [
    "0 0 13 ? * *",  # the docs' example: 13:00 UTC every day
    "0 0 12 * * ?",
    "0 15 10 ? * * 2030",
    "0 0/5 14,18 * * ?",
    "0 0-5 14 * * ?",
    "0 10,44 14 ? 3 WED",
    "0 15 10 ? * MON-FRI",
    "0 15 10 15 * ?",
    "0 15 10 L * ?",
    "0 15 10 L-2 * ?",
    "0 15 10 L-30 * ?",
    "0 0 12 LW * ?",
    "0 0 12 L-3W * ?",
    "0 0 12 15W * ?",
    "0 0 12 1W * ?",
    "0 15 10 ? * 6L",
    "0 15 10 ? * FRIL",
    "0 15 10 ? * L",
    "0 15 10 ? * 6L 2002-2005",
    "0 15 10 ? * 6#3",
    "0 15 10 ? * FRI#5",
    "0 0 12 1/5 * ?",
    "0 11 11 11 11 ?",
    "*/10 * * ? * *",
    "59 59 23 31 12 ? 2099",
    "0 0 0 1 1 ? 1970",
    "0 0 12 ? JAN-MAR,OCT MON,WED,FRI",
    "0 0 22-2 ? * *",  # a range may wrap past midnight
    "0 0 12 ? * FRI-MON",
    "0 0 12 ? * SUN/2",
    "0 0 12 ? jan mon-fri",  # names in any case
    "0 0 12 ? * 1-7/2",
    "0 0 8-18/2 ? * MON-FRI",
    "0 0 0 ? * * */5",
    "0 0 0 ? * * 2025,2027-2030",
    "0 */59 * ? * *",
]

INVALID = [
    ("", "expected 6 or 7 fields"),
    ("   ", "expected 6 or 7 fields"),
    ("* * * * *", "expected 6 or 7 fields"),  # Unix cron has 5 fields
    ("0 0 12 ? * * 2030 x", "expected 6 or 7 fields"),
    ("0 0 12 * * *", "exactly one of day-of-month and day-of-week"),
    ("0 0 12 1 * MON", "exactly one of day-of-month and day-of-week"),
    ("0 0 12 ? * ?", "exactly one of day-of-month and day-of-week"),
    ("60 0 12 ? * *", "seconds: 60 is out of range 0-59"),
    ("0 60 12 ? * *", "minutes: 60 is out of range 0-59"),
    ("0 0 24 ? * *", "hours: 24 is out of range 0-23"),
    ("0 0 12 0 * ?", "day-of-month: 0 is out of range 1-31"),
    ("0 0 12 32 * ?", "day-of-month: 32 is out of range 1-31"),
    ("0 0 12 ? 0 *", "month: 0 is out of range 1-12 or JAN-DEC"),
    ("0 0 12 ? 13 *", "month: 13 is out of range 1-12 or JAN-DEC"),
    ("0 0 12 ? * 0", "day-of-week: 0 is out of range 1-7 or SUN-SAT"),
    ("0 0 12 ? * 8", "day-of-week: 8 is out of range 1-7 or SUN-SAT"),
    ("0 0 12 ? * * 1969", "year: 1969 is out of range 1970-2099"),
    ("0 0 12 ? * * 2100", "year: 2100 is out of range 1970-2099"),
    ("0 0 12 ? FOO *", "month: 'FOO' is not a number or a name"),
    ("0 0 12 ? * MONDAY", "day-of-week: 'MONDAY' is not a number or a name"),
    ("0 0 12 ? * JAN", "day-of-week: 'JAN' is not a number or a name"),
    ("0 0 MON ? * *", "hours: 'MON' is not a number"),
    ("? 0 12 ? * *", "seconds: '?' is only allowed in day-of-month or day-of-week"),
    ("0 0 12 ? ? *", "month: '?' is only allowed"),
    ("0 0 12 ?,1 * ?", "'?' must stand alone"),
    ("0 */0 12 ? * *", "minutes: the step in '*/0' must be from 1 to 59"),
    ("0 0/60 12 ? * *", "minutes: the step in '0/60' must be from 1 to 59"),
    ("0 0 */24 ? * *", "hours: the step in '*/24' must be from 1 to 23"),
    ("0 0 12 */32 * ?", "day-of-month: the step in '*/32' must be from 1 to 31"),
    ("0 0 12 ? */13 *", "month: the step in '*/13' must be from 1 to 12"),
    ("0 0 12 ? * */8", "day-of-week: the step in '*/8' must be from 1 to 7"),
    ("0 0 12 */ * ?", "day-of-month: the step in '*/' must be a whole number"),
    ("0 0 12 1/x * ?", "the step in '1/X' must be a whole number"),
    ("0 0 12 1/2/3 * ?", "is not a value, range, step or '*'"),
    ("0 0 *-3 ? * *", "'*' cannot start a range"),
    ("0 0 1-2-3 ? * *", "is not a value, range, step or '*'"),
    ("0 0 1,,2 ? * *", "hours: empty item in '1,,2'"),
    ("0 0 1, ? * *", "hours: empty item"),
    ("0 0 -1 ? * *", "is not a value, range, step or '*'"),
    ("0 0 12 L,15 * ?", "day-of-month: 'L' cannot be combined with other values in a list"),
    ("0 0 12 15W,20 * ?", "day-of-month: '15W' cannot be combined"),
    ("0 0 12 ? * MON,6L", "day-of-week: '6L' cannot be combined"),
    ("0 0 12 ? * 6#3,2", "day-of-week: '6#3' cannot be combined"),
    ("0 0 12 L-31 * ?", "day-of-month: the offset in 'L-31' must be from 0 to 30"),
    ("0 0 12 32W * ?", "day-of-month: 32 is out of range 1-31"),
    ("0 0 12 1-5W * ?", "is not a valid use of 'L' or 'W'"),
    ("0 0 12 W * ?", "is not a valid use of 'L' or 'W'"),
    ("0 0 12 L/2 * ?", "is not a valid use of 'L' or 'W'"),
    ("0 0 12 ? * 6#0", "the number after '#' in '6#0' must be from 1 to 5"),
    ("0 0 12 ? * 6#6", "the number after '#' in '6#6' must be from 1 to 5"),
    ("0 0 12 ? * 8#1", "day-of-week: 8 is out of range 1-7"),
    ("0 0 12 ? * #1", "day-of-week: '#1' is not a valid use of 'L' or '#'"),
    ("0 0 12 ? * 8L", "day-of-week: 8 is out of range 1-7"),
    ("0 0 12 ? * 6W", "day-of-week: '6W' is not a number or a name"),
    ("0 0 L ? * *", "hours: 'L' is not a number"),
    ("0 0 12 ? L *", "month: 'L' is not a number or a name"),
    ("0 0 12 ? * * L", "year: 'L' is not a number"),
    ("0 0 12 ? * 1#2#3", "day-of-week: '1#2#3' is not a valid use of 'L' or '#'"),
    # Full-width digits are digits to str.isdigit, not to Quartz.
    ("0 0 \uff11\uff12 ? * *", "is not a value, range, step or '*'"),
]


@pytest.mark.parametrize("expression", VALID)
def test_accepts_a_valid_quartz_expression(expression: str) -> None:
    assert check_quartz_cron(expression) == expression


@pytest.mark.parametrize(("expression", "reason"), INVALID)
def test_refuses_a_malformed_expression_with_the_reason(expression: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        check_quartz_cron(expression)


def test_normalises_blanks_between_fields_to_single_spaces() -> None:
    assert check_quartz_cron("  0  0\t13 ? *  *\n") == "0 0 13 ? * *"


def test_keeps_the_case_of_names_as_given() -> None:
    assert check_quartz_cron("0 0 12 ? jan Mon-fri") == "0 0 12 ? jan Mon-fri"
