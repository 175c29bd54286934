"""`maestro credentials|bots|runners|schedules|automations ...` against the emulator."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from maestro import MaestroClient
from maestro.testing import MaestroEmulator
from tests.cli.conftest import Cli

SECRET = "pa55-w0rd-value"


def test_credentials_list_shows_labels_and_keys_never_values(cli: Cli, sdk: MaestroClient) -> None:
    sdk.credentials.create("erp", {"user": "bot", "password": SECRET})

    plain = cli("credentials", "list")
    as_json = cli("credentials", "list", "--json")

    assert plain.out == "LABEL  KEYS\nerp    user, password\n"
    assert json.loads(as_json.out) == [{"label": "erp", "keys": ["user", "password"]}]
    assert SECRET not in plain.out + as_json.out


def test_credentials_get_masks_the_value(cli: Cli, sdk: MaestroClient) -> None:
    sdk.credentials.create("erp", {"password": SECRET})

    plain = cli("credentials", "get", "erp", "password")
    as_json = cli("credentials", "get", "erp", "password", "--json")

    assert plain.out == "label  erp\nkey    password\nvalue  ********\n"
    assert plain.err == "(masked: add --reveal to print the value)\n"
    assert json.loads(as_json.out) == {
        "label": "erp",
        "key": "password",
        "value": "********",
        "revealed": False,
    }


def test_credentials_get_reveal_prints_the_value(cli: Cli, sdk: MaestroClient) -> None:
    sdk.credentials.create("erp", {"password": SECRET})

    result = cli("credentials", "get", "erp", "password", "--reveal", "--json")

    assert json.loads(result.out)["value"] == SECRET


def test_credentials_get_of_an_unknown_key_exits_1(cli: Cli, sdk: MaestroClient) -> None:
    sdk.credentials.create("erp", {"password": SECRET})
    result = cli("credentials", "get", "erp", "nope")
    assert result.code == 1
    assert result.err.startswith("maestro: error: 404 Not Found:")


def _package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bot.py", "print('hi')\n")
    return buffer.getvalue()


def test_bots_deploy_registers_uploads_and_releases(
    cli: Cli, emulator: MaestroEmulator, tmp_path: Path
) -> None:
    package = tmp_path / "invoices-bot.zip"
    package.write_bytes(_package())

    result = cli("bots", "deploy", "invoices-bot", "1.2.0", str(package),
                 "--technology", "python", "--release")  # fmt: skip

    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "Deployed invoices-bot 1.2.0 (released)."
    stored = emulator.bots[("invoices-bot", "1.2.0")]
    assert stored.package is not None
    assert stored.package.content == package.read_bytes()
    assert (stored.bot["technology"], stored.bot["released"]) == ("PYTHON", True)

    listed = cli("bots", "list")
    assert listed.out.splitlines()[1].split()[:4] == ["invoices-bot", "1.2.0", "PYTHON", "yes"]


def test_bots_deploy_of_a_file_that_is_no_package_is_a_usage_error(
    cli: Cli, emulator: MaestroEmulator, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x")

    result = cli("bots", "deploy", "b", "1", str(notes), "--technology", "PYTHON")

    assert result.code == 2
    assert "must be a .zip, .tar.gz or .jar package" in result.err
    assert emulator.bots == {}


def test_runners_list_shows_status(cli: Cli) -> None:
    result = cli("runners", "list")
    assert result.out.splitlines() == [
        "MACHINE    NAME       TYPE        STATUS",
        "runner-01  Runner 01  DESKTOP     ONLINE",
        "runner-02  Runner 02  BACKGROUND  OFFLINE",
    ]


def test_schedules_list_shows_cron_and_automation(cli: Cli, sdk: MaestroClient) -> None:
    schedule = sdk.schedules.create("demo-invoices", "0 0 13 ? * *").parsed

    result = cli("schedules", "list")

    assert result.out.splitlines()[1].split()[:3] == [
        str(schedule.id),
        "demo-invoices",
        "0",
    ]
    assert "0 0 13 ? * *" in result.out


def test_automations_list_shows_the_workspace_automations(cli: Cli) -> None:
    result = cli("automations", "list", "--json")
    labels = [automation["label"] for automation in json.loads(result.out)]
    assert labels == ["demo-invoices", "demo-reports", "MyAutomation", "Invoices"]
