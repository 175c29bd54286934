"""Where `maestro` finds server, login and key; `maestro login` and the profile file."""

from __future__ import annotations

import getpass
import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from maestro._cli._toml import loads
from tests.cli.conftest import Cli, TerminalStream

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def write_profiles(config_home: Path, text: str, mode: int = 0o600) -> Path:
    path = config_home / "maestro" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def profile(name: str, url: str, login: str = "acme", key: str = "acme-key") -> str:
    return f'[profiles.{name}]\nserver = "{url}"\nlogin = "{login}"\nkey = "{key}"\n'


def test_without_any_setting_the_command_is_a_usage_error_naming_the_ways(cli: Cli) -> None:
    result = cli.without_connection()("tasks", "list")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "maestro: error: no Maestro server: give --server URL, set MAESTRO_SERVER, "
        "or save a profile with `maestro login`\n"
    )


def test_options_win_over_the_environment(cli: Cli) -> None:
    result = cli("tasks", "list", "--key", "wrong-key")
    assert result.code == 1
    assert "401 Unauthorized: login as 'acme' failed" in result.err
    assert "wrong-key" not in result.err


def test_the_default_profile_is_used_when_nothing_else_is_set(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("default", cli.url))
    result = cli.without_connection()("tasks", "list")
    assert (result.code, result.out, result.err) == (0, "No tasks.\n", "")


def test_the_environment_wins_over_the_profile(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("default", cli.url, key="stale-key"))
    result = cli("tasks", "list")  # MAESTRO_KEY is right
    assert result.code == 0


def test_a_named_profile_is_chosen_by_option_or_environment(cli: Cli) -> None:
    text = profile("default", "http://127.0.0.1:9", key="x") + profile("prod", cli.url)
    write_profiles(cli.config_home, text)
    bare = cli.without_connection()

    assert bare("tasks", "list", "--profile", "prod").code == 0
    assert bare("tasks", "list", env={"MAESTRO_PROFILE": "prod"}).code == 0


DEAD_SERVER = "http://127.0.0.1:9"  # the discard port: nothing listens on loopback


def test_an_explicit_profile_wins_over_the_environment(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("prod", cli.url))
    env = {"MAESTRO_SERVER": DEAD_SERVER, "MAESTRO_LOGIN": "nobody", "MAESTRO_KEY": "env-key"}

    result = cli("tasks", "list", "--profile", "prod", env=env)

    assert (result.code, result.out, result.err) == (0, "No tasks.\n", "")


def test_options_win_over_an_explicit_profile(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("prod", DEAD_SERVER, key="k"))

    result = cli.without_connection()(
        "tasks", "list", "--profile", "prod", "--server", cli.url, "--key", "acme-key"
    )  # fmt: skip

    assert (result.code, result.err) == (0, "")


def test_the_environment_wins_over_a_profile_named_by_maestro_profile(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("prod", DEAD_SERVER, key="stale-key"))
    result = cli("tasks", "list", env={"MAESTRO_PROFILE": "prod"})  # MAESTRO_* are right
    assert (result.code, result.err) == (0, "")


def test_a_profile_key_is_never_sent_to_a_server_from_the_environment(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("default", DEAD_SERVER, key="profile-key"))
    env = {"MAESTRO_SERVER": cli.url, "MAESTRO_LOGIN": "acme", "MAESTRO_KEY": None}

    result = cli("tasks", "list", env=env)  # type: ignore[dict-item]

    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "maestro: error: the server comes from MAESTRO_SERVER but the key from profile "
        "'default', and a stored key is only sent to its own server: give --key too, or take "
        "server and key from the same place\n"
    )
    assert "profile-key" not in result.err


def test_a_profile_key_is_never_sent_to_a_server_given_as_an_option(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("prod", DEAD_SERVER))

    result = cli.without_connection()("tasks", "list", "--profile", "prod", "--server", cli.url)

    assert result.code == 2
    assert result.err.startswith(
        "maestro: error: the server comes from --server but the key from profile 'prod', "
    )


def test_an_environment_key_is_never_sent_to_a_profile_server(cli: Cli) -> None:
    text = '[profiles.prod]\nserver = "' + DEAD_SERVER + '"\nlogin = "acme"\n'  # no key
    write_profiles(cli.config_home, text)

    result = cli("tasks", "list", "--profile", "prod")

    assert result.code == 2
    assert result.err.startswith(
        "maestro: error: the server comes from profile 'prod' but the key from MAESTRO_KEY, "
    )


def test_an_environment_key_goes_to_a_server_given_as_an_option(cli: Cli) -> None:
    env = {"MAESTRO_SERVER": DEAD_SERVER}
    result = cli("tasks", "list", "--server", cli.url, env=env)
    assert (result.code, result.err) == (0, "")


def test_login_suggests_the_explicit_profile_server_before_the_environment(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("prod", cli.url))
    env = {"MAESTRO_SERVER": DEAD_SERVER, "MAESTRO_LOGIN": "nobody"}

    result = cli("login", "--profile", "prod", "--key", "acme-key", stdin="\n\n", env=env)

    assert result.code == 0, result.err
    assert result.err == f"Maestro server URL [{cli.url}]: Workspace login [acme]: "


def test_an_unknown_named_profile_is_a_usage_error_listing_the_known_ones(cli: Cli) -> None:
    write_profiles(cli.config_home, profile("default", cli.url) + profile("prod", cli.url))

    result = cli.without_connection()("tasks", "list", "--profile", "staging")

    assert result.code == 2
    assert result.err == (
        f"maestro: error: no profile 'staging' in {cli.config_home}/maestro/config.toml "
        "(profiles: default, prod); create it with: maestro login --profile staging\n"
    )


def test_a_profile_file_readable_by_others_gets_a_warning(cli: Cli) -> None:
    path = write_profiles(cli.config_home, profile("default", cli.url), mode=0o644)

    result = cli.without_connection()("tasks", "list")

    assert result.code == 0
    assert result.err == (
        f"warning: {path} can be read by other users (mode 0644); it holds workspace keys: "
        f"run chmod 600 {path}\n"
    )


def test_a_broken_profile_file_is_a_usage_error_naming_the_line(cli: Cli) -> None:
    path = write_profiles(cli.config_home, '[profiles.default]\nserver = "http://x\n')
    result = cli.without_connection()("tasks", "list")
    assert result.code == 2
    assert result.err.startswith(f"maestro: error: {path}: ")
    assert "line 2" in result.err


def test_profiles_live_under_home_config_without_xdg(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_profiles(home / ".config", profile("default", cli.url))
    bare = cli.without_connection()

    result = bare("tasks", "list", env={"XDG_CONFIG_HOME": "", "HOME": str(home)})

    assert result.code == 0


def test_login_asks_checks_and_saves_a_private_profile(cli: Cli) -> None:
    bare = cli.without_connection()

    result = bare("login", stdin=f"{cli.url}\nacme\nacme-key\n")

    assert result.code == 0, result.err
    path = cli.config_home / "maestro" / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert loads(path.read_text()) == {
        "profiles": {"default": {"server": cli.url, "login": "acme", "key": "acme-key"}}
    }
    assert (
        result.out.splitlines()[0] == f"Saved profile 'default' to {path} (readable by you only)."
    )
    assert "acme-key" not in result.out + result.err
    assert result.err == ("Maestro server URL [https://developers.botcity.dev]: Workspace login: ")
    assert bare("tasks", "list").code == 0


def test_login_reads_the_key_without_echo_on_a_terminal(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_getpass(prompt: str, stream: object = None) -> str:
        asked.append(prompt)
        return "acme-key"

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    terminal = TerminalStream("")

    result = cli.without_connection()(
        "login", "--server", cli.url, "--login", "acme", "--profile", "work",
        stdin_stream=terminal,
    )  # fmt: skip

    assert result.code == 0, result.err
    assert asked == ["Workspace key: "]
    saved = loads((cli.config_home / "maestro" / "config.toml").read_text())
    assert saved["profiles"]["work"]["key"] == "acme-key"


def test_login_with_a_wrong_key_saves_nothing_and_exits_1(cli: Cli) -> None:
    result = cli.without_connection()("login", "--server", cli.url, stdin="acme\nwrong\n")
    assert result.code == 1
    assert "401 Unauthorized" in result.err
    assert not (cli.config_home / "maestro" / "config.toml").exists()


def test_login_keeps_the_other_profiles(cli: Cli) -> None:
    path = write_profiles(cli.config_home, profile("prod", "https://prod.example", key="k1"))

    result = cli.without_connection()(
        "login", "--server", cli.url, "--login", "acme", "--key", "acme-key", "--json"
    )

    assert json.loads(result.out) == {
        "profile": "default",
        "path": str(path),
        "server": cli.url,
        "login": "acme",
    }
    assert loads(path.read_text())["profiles"] == {
        "prod": {"server": "https://prod.example", "login": "acme", "key": "k1"},
        "default": {"server": cli.url, "login": "acme", "key": "acme-key"},
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_login_from_a_closed_stdin_is_a_usage_error(cli: Cli) -> None:
    result = cli.without_connection()("login", "--server", cli.url, stdin="")
    assert result.code == 2
    assert "no answer to 'Workspace login'" in result.err


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is the oracle")
def test_the_profile_file_written_is_read_back_alike_by_both_readers(cli: Cli) -> None:
    from maestro._cli._toml import loads_simple

    odd = 'we"ird\\ key\t\u00e9'
    cli.without_connection()(
        "login", "--server", cli.url, "--login", odd, "--key", "k", "--no-verify",
        "--profile", "two words",
    )  # fmt: skip

    text = (cli.config_home / "maestro" / "config.toml").read_text()
    assert loads_simple(text) == loads(text)
    assert loads(text)["profiles"]["two words"]["login"] == odd


def test_input_stream_is_not_touched_when_options_give_everything(cli: Cli) -> None:
    stream = io.StringIO("untouched")
    cli.without_connection()(
        "login", "--server", cli.url, "--login", "acme", "--key", "acme-key",
        stdin_stream=stream,
    )  # fmt: skip
    assert stream.read() == "untouched"


def test_a_server_without_login_and_key_is_a_usage_error_naming_both(cli: Cli) -> None:
    result = cli.without_connection()("tasks", "list", "--server", cli.url)
    assert (result.code, result.err) == (
        2,
        "maestro: error: no workspace login and key: give --login and --key, set MAESTRO_LOGIN "
        "and MAESTRO_KEY, or save a profile with `maestro login`\n",
    )
