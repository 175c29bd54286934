"""The README's commands and examples stay true."""

from __future__ import annotations

import ast
import re
from pathlib import Path

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_every_python_example_compiles() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 8
    for block in blocks:
        compile(block, "README.md", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


def test_the_readme_leads_with_the_demo_then_the_test_command() -> None:
    commands = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    assert commands[0] == "python -m pip install . && python -m maestro demo"
    assert commands[1] == 'python -m pip install -e ".[dev]" && python -m pytest'


def test_ci_runs_the_readmes_test_command_and_the_static_gates() -> None:
    assert 'pip install --quiet -e ".[dev]"' in CI
    assert "python -m pytest\n" in CI
    for gate in ("ruff check", "ruff format --check", "mypy --strict maestro"):
        assert gate in CI


def test_every_resource_in_the_readme_table_exists_with_its_methods() -> None:
    from maestro import MaestroClient

    client = MaestroClient("login", "key")
    table = README[README.index("### Resources") : README.index("### Configuration")]
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \|$", table, flags=re.M)
    assert len(rows) == 13
    for resource, methods in rows:
        for method in re.findall(r"`(\w+)`", methods):
            assert callable(getattr(getattr(client, resource), method)), f"{resource}.{method}"
