"""The ``maestro`` command: its parser, the context commands run in, and exit statuses.

Exit statuses: 0 on success, 1 when the API (or the work itself) failed, 2 on a usage error
(a bad option, setting, argument value or input file). Messages go to stderr and never carry
a key, a token or a secret value: the SDK's errors are already free of them.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from maestro._cli._errors import CommandError, UsageError
from maestro._cli._output import Output
from maestro._cli._settings import ProfileFile, Settings, config_path, resolve_settings
from maestro._exceptions import ConfigurationError, MaestroClientError, RequestValidationError
from maestro._version import __version__

if TYPE_CHECKING:
    from maestro import MaestroClient

__all__ = ["Context", "Handler", "add_command", "build_parser", "main"]

PROG = "maestro"

Handler = Callable[["Context", argparse.Namespace], None]


class Context:
    """What a command runs with: its output, settings, prompts and one lazily built client."""

    def __init__(
        self,
        args: argparse.Namespace,
        out: Output,
        *,
        environ: Mapping[str, str],
        stdin: TextIO,
    ) -> None:
        self.args = args
        self.out = out
        self.environ = environ
        self.stdin = stdin
        self.exit_code = 0
        """Set by a command whose work ended with a finding rather than an error (``check``)."""
        self._client: MaestroClient | None = None
        self._settings: Settings | None = None

    def option(self, name: str) -> Any:
        """A global option's value, wherever it was given on the command line (else ``None``)."""
        return getattr(self.args, name, None)

    @property
    def profiles(self) -> ProfileFile:
        """The profile file (``~/.config/maestro/config.toml`` or under XDG_CONFIG_HOME)."""
        return ProfileFile(config_path(self.environ), self.out.warn)

    def settings(self) -> Settings:
        """Server, login and key from the options, the environment or the profile."""
        if self._settings is None:
            options = {name: self.option(name) for name in ("server", "login", "key")}
            self._settings = resolve_settings(
                options, self.environ, self.profiles, profile=self.option("profile")
            )
        return self._settings

    def client(self) -> MaestroClient:
        """The client for the configured workspace, built on first use, closed at the end."""
        if self._client is None:
            settings = self.settings()
            if not settings.server:
                raise UsageError(
                    "no Maestro server: give --server URL, set MAESTRO_SERVER, "
                    "or save a profile with `maestro login`"
                )
            missing = [name for name in ("login", "key") if not getattr(settings, name)]
            if missing:
                raise UsageError(
                    f"no workspace {' and '.join(missing)}: give "
                    f"{' and '.join('--' + name for name in missing)}, set "
                    f"{' and '.join('MAESTRO_' + name.upper() for name in missing)}, "
                    "or save a profile with `maestro login`"
                )
            from maestro import MaestroClient

            self._client = MaestroClient(settings.login, settings.key, settings.server)
        return self._client

    def close(self) -> None:
        """Close the client, if one was built."""
        if self._client is not None:
            self._client.close()

    # -- questions -------------------------------------------------------------------------

    def ask(self, question: str, default: str | None = None) -> str:
        """Ask for one line on stdin (the question on stderr); empty takes ``default``."""
        suffix = f" [{default}]" if default else ""
        self.out.stderr.write(f"{question}{suffix}: ")
        self.out.stderr.flush()
        line = self.stdin.readline()
        if not line:
            raise UsageError(f"no answer to {question!r} (standard input is closed)")
        return line.strip() or (default or "")

    def ask_secret(self, question: str) -> str:
        """Ask for a secret without echo on a terminal; from a pipe, read one line of stdin."""
        if _is_terminal(self.stdin):
            return getpass.getpass(f"{question}: ", stream=self.out.stderr)
        line = self.stdin.readline()
        if not line:
            raise UsageError(f"no answer to {question!r} (standard input is closed)")
        return line.rstrip("\r\n")

    def confirm(self, question: str) -> bool:
        """A yes/no question, ``no`` unless answered y or yes (also when stdin is closed)."""
        self.out.stderr.write(f"{question} [y/N]: ")
        self.out.stderr.flush()
        answer = self.stdin.readline()
        if not answer:
            self.out.stderr.write("\n")
        return answer.strip().lower() in ("y", "yes")


def _silence(stream: TextIO) -> None:
    """Point a broken pipe at /dev/null, so that flushing it at exit raises nothing more."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# -- the parser ----------------------------------------------------------------------------


def _common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name (``maestro --json tasks list``)."""
    common = argparse.ArgumentParser(add_help=False)
    connection = common.add_argument_group(
        "connection (options, else --profile, else MAESTRO_* variables, else default profile)"
    )
    connection.add_argument(
        "--server", metavar="URL", default=argparse.SUPPRESS, help="Maestro URL (MAESTRO_SERVER)"
    )
    connection.add_argument(
        "--login", metavar="LOGIN", default=argparse.SUPPRESS, help="workspace login"
    )
    connection.add_argument(
        "--key", metavar="KEY", default=argparse.SUPPRESS, help="workspace key (MAESTRO_KEY)"
    )
    connection.add_argument(
        "--profile",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="profile of ~/.config/maestro/config.toml, before MAESTRO_* variables "
        "(else MAESTRO_PROFILE, else default, after them)",
    )
    output = common.add_argument_group("output")
    output.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON document"
    )
    output.add_argument(
        "--plain",
        action="store_true",
        default=argparse.SUPPRESS,
        help="plain text even when rich is installed (also MAESTRO_PLAIN=1)",
    )
    return common


class Commands:
    """Adds commands and command groups, each with the common options."""

    def __init__(self, subparsers: Any, common: argparse.ArgumentParser) -> None:
        self._subparsers = subparsers
        self._common = common

    def group(self, name: str, help: str) -> Commands:
        """A group of commands (``maestro tasks ...``)."""
        parser = self._subparsers.add_parser(name, help=help, description=help)
        subparsers = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND")
        subparsers.required = True
        return Commands(subparsers, self._common)

    def add(
        self, name: str, handler: Handler, help: str, **options: Any
    ) -> argparse.ArgumentParser:
        """One command; returns its parser for the command's own arguments."""
        return add_command(self._subparsers, self._common, name, handler, help, **options)

    def add_plain(self, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        """A command without the common options (it defines its own ``--login``, ``--key``)."""
        parser: argparse.ArgumentParser = self._subparsers.add_parser(
            name, help=help, description=help
        )
        parser.set_defaults(handler=handler)
        return parser


def add_command(
    subparsers: Any,
    common: argparse.ArgumentParser,
    name: str,
    handler: Handler,
    help: str,
    **options: Any,
) -> argparse.ArgumentParser:
    """Add a command that runs ``handler`` and takes the common options."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=options.pop("description", help), parents=[common], **options
    )
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (no network, no heavy imports)."""
    from maestro._cli import _commands

    common = _common_options()
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Operate a BotCity Maestro workspace from the shell.",
        epilog="Exit status: 0 success, 1 API error, 2 usage error. "
        "Guide: docs/cli.md; `maestro COMMAND --help` for each command.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    _commands.register(Commands(subparsers, common))
    return parser


# -- running -------------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run the ``maestro`` command line; returns the exit status.

    The streams and the environment default to the process's own; tests pass their own.
    """
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    stdin = sys.stdin if stdin is None else stdin
    environ = os.environ if environ is None else environ
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out = Output(
        stdout,
        stderr,
        json_mode=bool(getattr(args, "json", False)),
        plain=bool(getattr(args, "plain", False)) or bool(environ.get("MAESTRO_PLAIN")),
    )
    context = Context(args, out, environ=environ, stdin=stdin)
    handler: Handler = args.handler
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            try:
                handler(context, args)
            finally:
                # The SDK's advice (a task finished without item counts...) reaches the operator.
                for warning in caught:
                    if issubclass(warning.category, UserWarning):
                        out.warn(str(warning.message))
    except CommandError as exc:
        out.error(str(exc))
        return exc.exit_code
    except (ConfigurationError, RequestValidationError) as exc:
        out.error(str(exc))
        return 2
    except MaestroClientError as exc:
        out.error(str(exc))
        return 1
    except KeyboardInterrupt:
        out.error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`maestro tasks list | head -1`): stop quietly, as Unix tools do.
        _silence(stdout)
        return 141
    finally:
        context.close()
    return context.exit_code
