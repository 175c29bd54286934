"""``--write``: exercise the write routes on objects the check creates, then deletes.

Everything is labelled with the run id (``maestro-check-<8 hex digits>``). The test task
and the schedule need an automation, the first one the server lists; without one they are
left out. Whatever was created is deleted at the end, also when a step fails, and what
could not be deleted is reported. A test task or a schedule whose creation got no answer (the
connection dropped, the call timed out) may exist all the same, under an id the check never
learnt: before cleaning up, the check looks for it by the run id in its parameters and
deletes it, or reports that it may exist and how to find it.
"""

from __future__ import annotations

import inspect
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from maestro._check._report import RouteResult
from maestro._check._routes import Declared, answer_type
from maestro._endpoint import endpoint
from maestro._response import MaestroResponse
from maestro.models.logs import Column

if TYPE_CHECKING:
    from maestro._check._run import Checker

__all__ = ["NEVER_FIRES", "WriteCheck"]

NEVER_FIRES = "0 0 0 1 1 ? 2099"
"""The check's schedule: midnight on 1 January 2099 (Quartz's last year), and inactive."""

_SECRET_KEY = "check"
_RUN_PARAMETER = "maestroCheck"
"""The parameter, set to the run id, that the test task and the schedule carry."""
_LOOKUP_PAGE_SIZE = 50
_LOOKUP_PAGES = 10
"""How far a lost create is looked for: the first 500 tasks (of the last day) or schedules."""
_Outcome = tuple[RouteResult, "MaestroResponse[Any] | None"]


@dataclass
class _Created:
    """Something the check created, and how to delete it."""

    description: str
    delete: Callable[[], _Outcome]
    confirmed: bool
    """Whether the server said it was created (else a delete answering 404 is fine)."""


@dataclass
class _Unanswered:
    """A create that got no answer: the server may have made it, under an id the check lacks."""

    description: str
    find: Callable[[], Any]
    """Looks for it by the run id: its id, or ``None`` when it is not listed."""
    delete: Callable[[Any], _Outcome]
    """Deletes it by the id ``find`` returned."""
    hint: str
    """How to find it by hand."""


class WriteCheck:
    """The write half of the check, bound to a :class:`Checker` and its report."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.client = checker.client
        self.run_id = checker.run_id
        self.automation = self._automation_label()
        self.secret = secrets.token_urlsafe(18)
        self.new_secret = secrets.token_urlsafe(18)
        checker.report.mask(self.secret, self.new_secret)
        self.not_before = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=365)
        self._created: list[_Created | _Unanswered] = []

    def plan(self) -> str:
        """What the write checks will create (and delete), in words."""
        lines = [
            f"The write checks create these objects, labelled {self.run_id}, then delete them:"
        ]
        if self.automation is not None:
            lines.append(
                f"  - a test task of automation '{self.automation}' (test mode, not to start "
                f"before {self.not_before:%Y-%m-%d}): read, finished, restarted, canceled"
            )
        lines += [
            f"  - a log '{self.run_id}' with one column and one entry",
            f"  - a datapool '{self.run_id}' with one entry: pushed, pulled, reported done",
            f"  - a credential '{self.run_id}' with one generated secret, then changed",
        ]
        if self.automation is not None:
            lines.append(
                f"  - a schedule of automation '{self.automation}', inactive, on the cron "
                f"'{NEVER_FIRES}' (never fires)"
            )
        else:
            lines.append("  (no automation is listed: no test task and no schedule)")
        return "\n".join(lines)

    def run(self, confirm: Callable[[str], bool] | None) -> None:
        """Ask for confirmation with the plan (unless ``confirm`` is None), then do it all."""
        report = self.checker.report
        if confirm is not None and not confirm(self.plan()):
            report.write_note = "write checks cancelled: nothing was created"
            return
        report.write = True
        if self.automation is None:
            report.write_note = "no automation is listed: no test task and no schedule"
        try:
            if self.automation is not None:
                self._task(self.automation)
            self._log()
            self._datapool()
            self._credential()
            if self.automation is not None:
                self._schedule(self.automation)
        finally:
            self._clean_up()

    def _automation_label(self) -> str | None:
        """The label of the first automation the read checks saw, if any."""
        for source in ("automations.list", "automations.search"):
            item = self.checker.first_item(source)
            if isinstance(item, dict) and isinstance(item.get("label"), str) and item["label"]:
                label: str = item["label"]
                return label
        return None

    # -- the objects -----------------------------------------------------------------------

    def _task(self, automation: str) -> None:
        row, created = self._create(
            "tasks",
            activity_label=automation,
            parameters={_RUN_PARAMETER: self.run_id},
            test=True,
            min_execution_date=self.not_before,
        )
        task_id = _field(created, "id")
        description = f"test task of automation '{automation}'"
        if task_id is None:
            if row.unanswered:
                self._remember_unanswered(
                    description,
                    lambda: self._find_task(automation),
                    lambda found: self._do_outcome("tasks", "delete", task_id=found),
                    f"a test task of automation '{automation}'",
                )
            self._unmade(created, description)
            return
        description = f"test task {task_id} of automation '{automation}'"
        self._remember(description, lambda: self._do_outcome("tasks", "delete", task_id=task_id))
        self._do("tasks", "get", task_id=task_id)
        self._do(
            "tasks",
            "finish",
            task_id=task_id,
            status="SUCCESS",
            message=f"{self.run_id}: conformance check",
            total_items=1,
            processed_items=1,
            failed_items=0,
        )
        self._do("tasks", "restart", task_id=task_id)
        self._do("tasks", "cancel", task_id=task_id)

    def _log(self) -> None:
        label = self.run_id
        columns = [Column("Check", _SECRET_KEY)]
        if self._create_labelled("logs", "log", "activity_label", columns=columns) is None:
            return
        self._do("logs", "get", activity_label=label)
        self._do("logs", "add_entry", activity_label=label, values={_SECRET_KEY: self.run_id})
        self._do("logs", "entries", activity_label=label, days=1)
        self._do("logs", "export_csv", activity_label=label, days=1)

    def _datapool(self) -> None:
        label = self.run_id
        if self._create_labelled("datapools", "datapool", "label", name=label) is None:
            return
        self._do("datapools", "get", label=label)
        pushed = self._do("datapools", "push", label=label, values={_SECRET_KEY: self.run_id})
        self._do("datapools", "view", label=label, page=0, size=10)
        pulled = self._do("datapools", "pull", label=label)
        entry_id = _field(pulled, "id") or _field(pushed, "id")
        if entry_id is not None:
            self._do(
                "datapools", "report_done", label=label, entry_id=entry_id, message=self.run_id
            )
            self._do("datapools", "get_entry", label=label, entry_id=entry_id)
        self._do("datapools", "summary", label=label)

    def _credential(self) -> None:
        label = self.run_id
        values = {_SECRET_KEY: self.secret}
        if self._create_labelled("credentials", "credential", "label", values=values) is None:
            return
        self._do("credentials", "get", label=label)
        self._do("credentials", "get_value", label=label, key=_SECRET_KEY)
        self._do("credentials", "update_value", label=label, key=_SECRET_KEY, value=self.new_secret)

    def _create_labelled(
        self, resource_name: str, noun: str, label_argument: str, **arguments: Any
    ) -> MaestroResponse[Any] | None:
        """Create an object named by the run id; its deletion is remembered whatever happens.

        Returns the 2xx answer, or ``None`` when the server refused (or never answered).
        """
        label = {label_argument: self.run_id}
        created = self._do(resource_name, "create", **label, **arguments)
        self._remember(
            f"{noun} '{self.run_id}'",
            lambda: self._do_outcome(resource_name, "delete", **label),
            confirmed=created is not None,
        )
        return created

    def _schedule(self, automation: str) -> None:
        row, created = self._create(
            "schedules",
            activity_label=automation,
            cron=NEVER_FIRES,
            parameters={_RUN_PARAMETER: self.run_id},
            active=False,
            name=self.run_id,
        )
        schedule_id = _field(created, "id")
        description = f"schedule '{self.run_id}' of automation '{automation}'"
        if schedule_id is None:
            if row.unanswered:
                self._remember_unanswered(
                    description,
                    self._find_schedule,
                    lambda found: self._do_outcome("schedules", "delete", schedule_id=found),
                    f"a schedule of automation '{automation}'",
                )
            self._unmade(created, description)
            return
        self._remember(
            f"schedule {schedule_id} '{self.run_id}'",
            lambda: self._do_outcome("schedules", "delete", schedule_id=schedule_id),
        )
        self._do("schedules", "get", schedule_id=schedule_id)
        self._do("schedules", "update", schedule_id=schedule_id, active=False)

    def _find_task(self, automation: str) -> Any:
        return self._find(
            lambda page: self.client.tasks.list(
                page=page, size=_LOOKUP_PAGE_SIZE, activity_label=automation, days=1
            )
        )

    def _find_schedule(self) -> Any:
        return self._find(
            lambda page: self.client.schedules.list(page=page, size=_LOOKUP_PAGE_SIZE)
        )

    def _find(self, list_page: Callable[[int], MaestroResponse[Any]]) -> Any:
        """The id of the first listed item whose parameters carry the run id, or ``None``.

        It reads the decoded JSON, not the model, so an answer that does not fit the SDK
        (which the check may just have found) does not hide the object.
        """
        for page in range(_LOOKUP_PAGES):
            data = list_page(page).data
            items = data.get("content") if isinstance(data, Mapping) else data
            if not isinstance(items, list):
                return None
            for item in items:
                parameters = item.get("parameters") if isinstance(item, Mapping) else None
                if isinstance(parameters, Mapping) and (
                    parameters.get(_RUN_PARAMETER) == self.run_id
                ):
                    return item.get("id")
            if not isinstance(data, Mapping) or data.get("last") is True:
                return None  # a plain list, or the last page
            if len(items) < _LOOKUP_PAGE_SIZE:
                return None
        return None

    # -- steps -----------------------------------------------------------------------------

    def _create(
        self, resource_name: str, /, **arguments: Any
    ) -> tuple[RouteResult, MaestroResponse[Any] | None]:
        """Run a ``create``, add its row; the row, and the response when it is a 2xx."""
        row, response = self._do_outcome(resource_name, "create", **arguments)
        return row, _if_2xx(row, response)

    def _do(
        self, resource_name: str, name: str, /, **arguments: Any
    ) -> MaestroResponse[Any] | None:
        """Run one route or operation, add its row; the response when it is a 2xx."""
        return _if_2xx(*self._do_outcome(resource_name, name, **arguments))

    def _do_outcome(self, resource_name: str, name: str, /, **arguments: Any) -> _Outcome:
        resource = getattr(self.client, resource_name)
        declaration = inspect.getattr_static(type(resource), name)
        self.checker.say(f"writing {resource_name}.{name}")
        if isinstance(declaration, endpoint):
            declared = Declared(resource, resource_name, name, declaration)
            row, response = self.checker.exercise(declared, arguments, kind="write")
        else:
            row, response = self.checker.step(
                f"{resource_name}.{name}",
                lambda: getattr(resource, name)(**arguments),
                answer_type(declaration.__wrapped__),
                arguments,
                kind="write",
            )
        self.checker.report.rows.append(row)
        return row, response

    def _remember(
        self, description: str, delete: Callable[[], _Outcome], *, confirmed: bool = True
    ) -> None:
        self.checker.report.created.append(description)
        self._created.append(_Created(description, delete, confirmed))

    def _remember_unanswered(
        self,
        description: str,
        find: Callable[[], Any],
        delete: Callable[[Any], _Outcome],
        what: str,
    ) -> None:
        """Remember a create that got no answer, to look for it before cleaning up."""
        hint = f"{what} whose parameter {_RUN_PARAMETER} is {self.run_id}"
        self._created.append(_Unanswered(description, find, delete, hint))

    def _unmade(self, created: MaestroResponse[Any] | None, description: str) -> None:
        if created is not None:
            # Created, but the answer does not say which id: it cannot be deleted from here.
            self.checker.report.created.append(description)
            self.checker.report.not_deleted.append(f"{description}: its id is not in the answer")

    def _clean_up(self) -> None:
        for created in reversed(self._created):
            if isinstance(created, _Unanswered):
                self._clean_up_unanswered(created)
            else:
                self._delete(created)

    def _delete(self, created: _Created) -> None:
        report = self.checker.report
        self.checker.say(f"deleting {created.description}")
        try:
            row, _response = created.delete()
        except Exception as exc:  # clean-up goes on with the other objects
            report.not_deleted.append(f"{created.description}: {type(exc).__name__}")
            return
        if row.status is not None and 200 <= row.status < 300:
            return
        if not created.confirmed and row.status == 404:
            report.rows.remove(row)  # it was never created: nothing to delete
            report.created.remove(created.description)
            return
        report.not_deleted.append(f"{created.description}: {row.note or 'no answer'}")

    def _clean_up_unanswered(self, lost: _Unanswered) -> None:
        """Look for a create that got no answer; delete it when found, else say it may exist."""
        report = self.checker.report
        self.checker.say(f"looking for the {lost.description} by the run id")
        may_exist = f"{lost.description}: its creation got no answer, so it may exist"
        try:
            found = lost.find()
        except Exception as exc:  # clean-up goes on with the other objects
            report.not_deleted.append(
                f"{may_exist} (looking for it failed: {type(exc).__name__}); look for {lost.hint}"
            )
            return
        if found is None:
            report.not_deleted.append(f"{may_exist} (it is not listed yet); look for {lost.hint}")
            return
        description = f"{lost.description}, id {found} (its creation got no answer)"
        report.created.append(description)
        self._delete(_Created(description, lambda: lost.delete(found), confirmed=True))


def _if_2xx(row: RouteResult, response: MaestroResponse[Any] | None) -> MaestroResponse[Any] | None:
    """The response when its row says it is a 2xx, else ``None``."""
    return response if row.status is not None and 200 <= row.status < 300 else None


def _field(response: MaestroResponse[Any] | None, name: str) -> Any:
    """A field of a 2xx JSON object answer, or ``None``."""
    if response is None or not isinstance(response.data, dict):
        return None
    return response.data.get(name)
