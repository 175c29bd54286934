"""Fixtures: an emulator served over HTTP on loopback, and `cli` to run `maestro` in-process.

`cli(...)` runs `maestro._cli.main` with its own stdout, stderr, stdin and environment: the
connection comes from MAESTRO_* variables pointing at the served emulator, and HOME and
XDG_CONFIG_HOME point into the test's temporary folder, so no real profile is ever read.
"""

from __future__ import annotations

import io
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from maestro import MaestroClient
from maestro._cli import main
from maestro.testing import MaestroEmulator


@dataclass(frozen=True)
class Run:
    """What one `maestro` run printed and returned."""

    code: int
    out: str
    err: str


class TerminalStream(io.StringIO):
    """A captured stream that says it is a terminal (so progress bars are drawn)."""

    def isatty(self) -> bool:
        return True


@dataclass
class Cli:
    """Runs `maestro` against the served emulator."""

    url: str
    environ: dict[str, str]
    config_home: Path

    def __call__(
        self,
        *argv: str,
        stdin: str = "",
        env: dict[str, str] | None = None,
        terminal_stderr: bool = False,
        terminal_stdout: bool = False,
        stdin_stream: io.StringIO | None = None,
    ) -> Run:
        stdout = TerminalStream() if terminal_stdout else io.StringIO()
        stderr = TerminalStream() if terminal_stderr else io.StringIO()
        environ = {**self.environ, **(env or {})}
        code = main(
            list(argv),
            stdout=stdout,
            stderr=stderr,
            stdin=stdin_stream or io.StringIO(stdin),
            environ={k: v for k, v in environ.items() if v is not None},
        )
        return Run(code, stdout.getvalue(), stderr.getvalue())

    def without_connection(self) -> Cli:
        """The same runner with no MAESTRO_SERVER, MAESTRO_LOGIN or MAESTRO_KEY set."""
        connection = ("MAESTRO_SERVER", "MAESTRO_LOGIN", "MAESTRO_KEY")
        environ = {k: v for k, v in self.environ.items() if k not in connection}
        return Cli(self.url, environ, self.config_home)


# Every `maestro` run builds its own client, and httpx loads the whole CA bundle for each one,
# which would dominate these short tests. They speak plain HTTP on loopback only, so the
# clients the command line builds trust an empty certificate folder (SSL_CERT_DIR, which
# httpx honours), and the set-up client shares one context.
PLAIN_HTTP_SSL_CONTEXT = ssl.create_default_context()


@pytest.fixture(autouse=True)
def _no_certificate_bundle(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path_factory.mktemp("no-certificates")))
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)


@pytest.fixture
def emulator() -> MaestroEmulator:
    return MaestroEmulator(login="acme", key="acme-key", strict=True)


@pytest.fixture
def url(emulator: MaestroEmulator) -> Iterator[str]:
    with emulator.serve() as served:
        yield served


@pytest.fixture
def sdk(emulator: MaestroEmulator) -> Iterator[MaestroClient]:
    """An in-process client of the same emulator, to set up and inspect its state."""
    with emulator.client(verify=PLAIN_HTTP_SSL_CONTEXT) as client:
        yield client


@pytest.fixture
def cli(url: str, tmp_path: Path) -> Cli:
    config_home = tmp_path / "config"
    environ = {
        "MAESTRO_SERVER": url,
        "MAESTRO_LOGIN": "acme",
        "MAESTRO_KEY": "acme-key",
        "MAESTRO_PLAIN": "1",
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(config_home),
    }
    return Cli(url, environ, config_home)
