"""Reports how many cases the bad-response matrix ran, and how many calls raised."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.robustness.test_bad_responses import MATRIX

    if MATRIX["cases"]:
        terminalreporter.write_line(
            f"bad-response matrix: {MATRIX['cases']} cases (route x client x bad 2xx answer), "
            f"{MATRIX['single raised']} single-request 2xx calls raised, "
            f"{MATRIX['operation raised']} multi-request operations raised (allowed: they "
            "needed an earlier answer's model)"
        )
