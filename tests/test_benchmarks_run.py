"""The benchmark scripts still run (tiny sizes; their numbers are read by people, not asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_overhead_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    load("bench_overhead").main(calls=20, runs=1)
    assert "ratio (sdk / baseline)" in capsys.readouterr().out


def test_streaming_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    load("bench_streaming").main(size_mib=1)
    assert "x baseline" in capsys.readouterr().out
