"""The documentation site says what the code does: pages exist, the migration table is whole."""

from __future__ import annotations

import inspect
import re
import shutil
from pathlib import Path

import pytest
from botcity.maestro import BotMaestroSDK, DataPool, DataPoolEntry

ROOT = Path(__file__).parent.parent
MIGRATION = (ROOT / "docs" / "migration.md").read_text(encoding="utf-8")
MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def table_after(heading: str, text: str) -> list[str]:
    """The first cell of each row of the table under ``heading``."""
    section = text[text.index(heading) :]
    rows = re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)
    table_end = section.index("\n\n", section.index("\n|"))
    return [row for row in rows if section.index(f"| `{row}` |") < table_end]


def test_the_migration_table_maps_every_public_member_of_botmaestrosdk() -> None:
    public = [name for name, _ in inspect.getmembers(BotMaestroSDK) if not name.startswith("_")]
    rows = table_after("### `BotMaestroSDK`, member by member", MIGRATION)
    named = {re.split(r"\W", row, maxsplit=1)[0] for row in rows}

    assert sorted(set(public) - named) == []
    assert sorted(named - set(public) - {"BotMaestroSDK"}) == []


def test_the_datapools_table_maps_every_method_of_datapool_and_datapoolentry() -> None:
    table = MIGRATION[MIGRATION.index("### Datapools") :].split("\n\n")[1]
    assert table.startswith("| `DataPool` / `DataPoolEntry` | this SDK |")
    first_cells = " ".join(re.findall(r"^\| (.+?) \|", table, flags=re.M))
    for cls in (DataPool, DataPoolEntry):
        methods = [
            name
            for name, member in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith("_")
        ]
        assert len(methods) >= 7
        assert [name for name in methods if f".{name}(" not in first_cells] == [], cls


def test_every_page_in_the_navigation_exists() -> None:
    pages = re.findall(r":\s+(\S+\.md)$", MKDOCS, flags=re.M)
    assert len(pages) >= 14
    for page in pages:
        assert (ROOT / "docs" / page).is_file(), page


def test_the_errors_guide_tables_every_public_error() -> None:
    import maestro

    guide = (ROOT / "docs" / "guides" / "errors.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `(\w+)` \|", guide, flags=re.M))
    errors = {
        name
        for name in maestro.__all__
        if inspect.isclass(getattr(maestro, name))
        and issubclass(getattr(maestro, name), maestro.MaestroClientError)
    }
    assert sorted(errors - rows - {"MaestroClientError"}) == []  # the base, named above


@pytest.fixture(scope="module")
def models_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The API reference page of `maestro.models`, built with the site's own configuration."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = tmp_path_factory.mktemp("site")
    docs = work / "docs" / "reference"
    docs.mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "reference" / "models.md", docs / "models.md")
    config = load_config(
        str(ROOT / "mkdocs.yml"),
        docs_dir=str(work / "docs"),
        site_dir=str(work / "site"),
        nav=[{"maestro.models": "reference/models.md"}],
    )
    build(config)  # the configuration is strict: any warning fails the build
    return (work / "site" / "reference" / "models" / "index.html").read_text(encoding="utf-8")


def documented_members(page: str, owner: str) -> set[str]:
    """The members of ``owner`` that have an entry (an anchor) on the built page."""
    prefix = f"maestro.models.{owner}."
    anchors = re.findall(r'id="(maestro\.models\.[\w.]+)"', page)
    return {anchor[len(prefix) :] for anchor in anchors if anchor.startswith(prefix)}


def test_the_models_reference_lists_every_field_of_task(models_page: str) -> None:
    from maestro.models import Task

    assert "state" in documented_members(models_page, "Task")
    assert set(Task.model_fields) <= documented_members(models_page, "Task")


def test_the_models_reference_lists_every_task_state(models_page: str) -> None:
    from maestro.models import TaskState

    assert {state.name for state in TaskState} == {
        "START", "RUNNING", "FINISHED", "CANCELED", "TIMEOUT",
    }  # fmt: skip
    assert {state.name for state in TaskState} <= documented_members(models_page, "TaskState")


def test_the_models_reference_lists_the_organization_of_an_artifact(models_page: str) -> None:
    assert "organization_label" in documented_members(models_page, "Artifact")


def test_the_changelog_headings_follow_keep_a_changelog() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", changelog, flags=re.M)

    assert headings[0] == "[2.0.0] - Unreleased"
    for heading in headings:
        assert re.fullmatch(r"\[\d+\.\d+\.\d+\] - (\d{4}-\d{2}-\d{2}|Unreleased)", heading)
