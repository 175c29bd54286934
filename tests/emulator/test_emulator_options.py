"""Emulator options: the automations it starts with, and the command line that sets them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from maestro._demo import DEMO_AUTOMATION
from maestro.testing import MaestroEmulator
from maestro.testing.__main__ import main

ROOT = Path(__file__).parents[2]
DOCUMENTATION = [
    path.read_text(encoding="utf-8")
    for path in [ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("examples/*.py")]
]


def test_an_emulator_given_automations_has_exactly_those() -> None:
    emulator = MaestroEmulator(automations=["payroll", "billing"], strict=True)

    assert list(emulator.automations) == ["payroll", "billing"]
    assert emulator.automations["payroll"]["name"] == "payroll"


def test_an_emulator_given_no_automations_has_none() -> None:
    assert MaestroEmulator(automations=[], strict=True).automations == {}


def test_the_default_emulator_knows_every_label_the_documentation_and_the_demo_name() -> None:
    named = {
        label
        for text in DOCUMENTATION
        for groups in re.findall(
            r"(?:(?:tasks|schedules)\.create\(|create_task\(|automation=|activity_label=)"
            r'\s*"([^"]+)"'
            r"|maestro tasks create ([\w-]+)",
            text,
        )
        for label in groups
        if label and label != "LABEL"
    }
    known = set(MaestroEmulator(strict=True).automations)

    assert {"MyAutomation", "Invoices", "demo-invoices"} <= named
    assert named | {DEMO_AUTOMATION} <= known


def test_a_lone_string_is_refused_as_the_automations() -> None:
    with pytest.raises(TypeError, match="automations must be a list of labels, not the string"):
        MaestroEmulator(automations="payroll", strict=True)


def test_a_blank_automation_label_is_refused() -> None:
    with pytest.raises(ValueError, match="automation labels must be non-blank strings, not ' '"):
        MaestroEmulator(automations=["payroll", " "], strict=True)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[MaestroEmulator]:
    """The emulators the command line serves; each run stops at once, as after Ctrl-C."""
    emulators: list[MaestroEmulator] = []

    @contextmanager
    def record(self: MaestroEmulator, host: str, port: int) -> Iterator[str]:
        emulators.append(self)
        yield "http://127.0.0.1:1"

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(MaestroEmulator, "serve", record)
    monkeypatch.setattr("time.sleep", interrupt)
    return emulators


def test_the_command_line_seeds_each_automation_option(served: list[MaestroEmulator]) -> None:
    assert main(["serve", "--automation", "payroll", "--automation", "billing"]) == 0

    (emulator,) = served
    assert list(emulator.automations) == ["payroll", "billing"]


def test_the_command_line_serves_a_strict_emulator_when_asked(
    served: list[MaestroEmulator],
) -> None:
    assert main(["serve", "--strict"]) == 0
    assert main(["serve"]) == 0

    assert [emulator.strict for emulator in served] == [True, False]
