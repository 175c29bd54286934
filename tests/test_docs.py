"""The documentation site says what the code does: pages exist, the migration table is whole."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from botcity.maestro import BotMaestroSDK

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
