"""Reports how many generated calls the property suite made, and how they ended."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.properties.test_public_methods import TALLY

    total = sum(TALLY.values())
    if total:
        terminalreporter.write_line(
            f"property suite: {total} generated calls, {TALLY['refused']} refused with "
            f"RequestValidationError before any write, {TALLY['sent']} sent correctly encoded, "
            f"{TALLY['other']} reached anything else"
        )
