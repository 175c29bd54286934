"""``maestro check``: the conformance check of a Maestro server against this SDK.

It logs in, reads the version, then calls every read route the SDK declares (the first page
of each list; one item found in that list for each ``get``), and compares each answer with
the SDK's model: whether the SDK reads it, the fields the server sent that the model lacks,
the fields the model declares that the server did not send or sent with another JSON type,
and, for list routes, whether ``page`` and ``size`` are honoured (page 1 with size 1 must
be the first page's second item). With ``write=True`` it also creates objects labelled
with one run id (a test task, a log, a datapool with one entry, a credential, a schedule
that never fires), exercises the write routes on them, and deletes them again.

The contract the command line relies on:

``run_check(client, *, write=False, confirm=None, progress=None) -> CheckReport``
    ``client`` is a :class:`maestro.MaestroClient`. ``confirm`` is called with the plan
    (what ``write`` will create) before anything is created and returns whether to go on;
    ``None`` means go on (``--yes``). ``progress`` receives one short line per step.
    Raises :class:`maestro.AuthenticationError` (or another
    :class:`maestro.MaestroClientError`) when it cannot log in; every later failure is
    written into the report instead.

``CheckReport``
    ``rows`` (one :class:`RouteResult` per route), ``exit_code`` (0 when every route fits,
    1 when something does not; 2, for a failed login, is the command line's),
    ``to_json()`` (the ``--json`` document, with no token, key or credential value in it)
    and ``table()`` (a header and rows of cells, for a plain or a rich table).

``main(argv=None) -> int``
    ``maestro check`` under another name (``python -m maestro._check``): it runs the command
    line's ``check`` command with these arguments, so both behave the same.
"""

from maestro._check._main import main
from maestro._check._report import CheckReport, RouteResult
from maestro._check._run import run_check

__all__ = ["CheckReport", "RouteResult", "main", "run_check"]
