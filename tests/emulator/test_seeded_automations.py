"""Which automations an emulator has from the start: the demo set, or the labels it is given."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from maestro._demo import DEMO_AUTOMATION
from maestro.testing import MaestroEmulator
from maestro.testing.__main__ import main

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def test_an_emulator_given_automations_has_exactly_those() -> None:
    emulator = MaestroEmulator(automations=["payroll", "billing"])

    assert list(emulator.automations) == ["payroll", "billing"]
    assert emulator.automations["payroll"]["name"] == "payroll"


def test_an_emulator_given_no_automations_has_none() -> None:
    assert MaestroEmulator(automations=[]).automations == {}


def test_the_default_emulator_knows_every_label_the_readme_and_the_demo_name() -> None:
    named = set(re.findall(r'(?:tasks|schedules)\.create\(\s*"([^"]+)"', README))
    known = set(MaestroEmulator().automations)

    assert named >= {"MyAutomation", "Invoices"}
    assert named | {DEMO_AUTOMATION} <= known


def test_a_lone_string_is_refused_as_the_automations() -> None:
    with pytest.raises(TypeError, match="automations must be a list of labels, not the string"):
        MaestroEmulator(automations="payroll")


def test_a_blank_automation_label_is_refused() -> None:
    with pytest.raises(ValueError, match="automation labels must be non-blank strings, not ' '"):
        MaestroEmulator(automations=["payroll", " "])


def test_the_command_line_seeds_each_automation_option(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[MaestroEmulator] = []

    @contextmanager
    def record(self: MaestroEmulator, host: str, port: int) -> Iterator[str]:
        served.append(self)
        yield "http://127.0.0.1:1"

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt  # as Ctrl-C does while the command waits

    monkeypatch.setattr(MaestroEmulator, "serve", record)
    monkeypatch.setattr("time.sleep", interrupt)

    assert main(["serve", "--automation", "payroll", "--automation", "billing"]) == 0
    (emulator,) = served
    assert list(emulator.automations) == ["payroll", "billing"]
