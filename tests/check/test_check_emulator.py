"""`maestro check` against the emulator: every route fits, with and without --write."""

from __future__ import annotations

import pytest

from maestro import AuthenticationError, MaestroClient
from maestro._check import run_check
from maestro._check._routes import NOT_RUN
from maestro._check._write import NEVER_FIRES
from maestro.testing import MaestroEmulator

from .conftest import check, client_for, row

READ_ROUTES = [
    "login", "version",
    "tasks.get", "tasks.list",
    "logs.list", "logs.get", "logs.entries", "logs.export_csv",
    "automations.list", "automations.search", "automations.get",
    "bots.list", "bots.search", "bots.get",
    "runners.list", "runners.get", "runners.logs", "runners.tasks_summary",
    "credentials.list", "credentials.get", "credentials.get_value",
    "datapools.list", "datapools.get", "datapools.summary", "datapools.view", "datapools.pull",
    "datapools.get_entry",
    "result_files.list", "result_files.get", "result_files.download",
    "errors.list", "errors.get",
    "schedules.list", "schedules.get",
    "workspaces.list", "workspaces.get",
    "alerts.list",
]  # fmt: skip

PAGED_ROUTES = [
    "tasks.list", "automations.search", "bots.search", "runners.list", "datapools.list",
    "datapools.view", "result_files.list", "errors.list", "schedules.list", "alerts.list",
]  # fmt: skip

WRITE_ROUTES = [
    "tasks.create", "tasks.get", "tasks.finish", "tasks.restart", "tasks.cancel",
    "logs.create", "logs.get", "logs.add_entry", "logs.entries", "logs.export_csv",
    "datapools.create", "datapools.get", "datapools.push", "datapools.view", "datapools.pull",
    "datapools.report_done", "datapools.get_entry", "datapools.summary",
    "credentials.create", "credentials.get", "credentials.get_value", "credentials.update_value",
    "schedules.create", "schedules.get", "schedules.update",
    # the clean-up, newest object first
    "schedules.delete", "credentials.delete", "datapools.delete", "logs.delete", "tasks.delete",
]  # fmt: skip


def test_the_read_check_calls_every_read_route_the_sdk_declares(
    emulator: MaestroEmulator,
) -> None:
    report = check(emulator)
    assert [item.route for item in report.rows] == READ_ROUTES


def test_every_read_route_of_the_emulator_fits(emulator: MaestroEmulator) -> None:
    report = check(emulator)
    called = [item for item in report.rows if item.route not in NOT_RUN]
    assert [(item.route, item.status, item.fits) for item in called] == [
        (item.route, 200, True) for item in called
    ]
    assert report.exit_code == 0


def test_the_read_check_leaves_unsafe_reads_alone_and_says_why(emulator: MaestroEmulator) -> None:
    report = check(emulator)
    skipped = {
        item.route: (item.status, item.fits, item.note) for item in report.rows if item.skipped
    }
    assert skipped == {route: (None, None, reason) for route, reason in NOT_RUN.items()}


def test_every_list_route_of_the_emulator_honours_page_and_size(
    emulator: MaestroEmulator,
) -> None:
    report = check(emulator)
    paged = {item.route: item.paging for item in report.rows if item.paging is not None}
    assert paged == dict.fromkeys(PAGED_ROUTES, True)


def test_the_read_check_changes_nothing_on_the_server(emulator: MaestroEmulator) -> None:
    before = emulator.datapool_entries("orders"), dict(emulator.tasks), dict(emulator.credentials)
    emulator.clear_requests()
    check(emulator)
    writes = [
        (request.method, request.path) for request in emulator.requests if request.method != "GET"
    ]
    assert writes == [("POST", "/api/v2/workspace/login")]
    after = emulator.datapool_entries("orders"), dict(emulator.tasks), dict(emulator.credentials)
    assert after == before


def test_a_get_route_whose_list_is_empty_is_reported_as_not_called() -> None:
    report = check(MaestroEmulator(strict=True))
    assert (row(report, "tasks.get").fits, row(report, "tasks.get").note) == (
        None,
        "not called: tasks.list returned no items",
    )
    assert report.exit_code == 0


def test_with_write_every_write_route_of_the_emulator_fits(emulator: MaestroEmulator) -> None:
    report = check(emulator, write=True)
    writes = [item for item in report.rows if item.kind == "write"]
    assert [(item.route, item.fits) for item in writes] == [(route, True) for route in WRITE_ROUTES]
    assert report.exit_code == 0


def test_with_write_everything_created_is_deleted(emulator: MaestroEmulator) -> None:
    tasks, logs = set(emulator.tasks), set(emulator.logs)
    pools, credentials, schedules = (
        set(emulator.datapools),
        set(emulator.credentials),
        set(emulator.schedules),
    )
    report = check(emulator, write=True)
    assert report.not_deleted == []
    assert (set(emulator.tasks), set(emulator.logs), set(emulator.datapools)) == (
        tasks,
        logs,
        pools,
    )
    assert (set(emulator.credentials), set(emulator.schedules)) == (credentials, schedules)


def test_every_object_the_write_check_creates_carries_the_run_id(
    emulator: MaestroEmulator,
) -> None:
    report = check(emulator, write=True)
    run_id = report.run_id
    assert run_id.startswith("maestro-check-")
    assert report.created == [
        "test task 3 of automation 'demo-invoices'",
        f"log '{run_id}'",
        f"datapool '{run_id}'",
        f"credential '{run_id}'",
        f"schedule 3 '{run_id}'",
    ]
    created_task = [
        request.json()
        for request in emulator.requests
        if (request.method, request.path) == ("POST", "/api/v2/task")
    ][-1]
    assert (created_task["test"], created_task["parameters"]) == (True, {"maestroCheck": run_id})


def test_the_write_check_asks_first_with_the_plan(emulator: MaestroEmulator) -> None:
    plans: list[str] = []

    def confirm(plan: str) -> bool:
        plans.append(plan)
        return True

    report = check(emulator, write=True, confirm=confirm)
    run_id = report.run_id
    (plan,) = plans
    assert plan.splitlines()[0] == (
        f"The write checks create these objects, labelled {run_id}, then delete them:"
    )
    assert f"a log '{run_id}'" in plan
    assert f"a datapool '{run_id}'" in plan
    assert f"a credential '{run_id}'" in plan
    assert f"on the cron '{NEVER_FIRES}' (never fires)" in plan
    assert "a test task of automation 'demo-invoices' (test mode" in plan


def test_a_refused_write_check_creates_nothing(emulator: MaestroEmulator) -> None:
    emulator.clear_requests()
    report = check(emulator, write=True, confirm=lambda plan: False)
    assert [item.kind for item in report.rows] == ["read"] * len(READ_ROUTES)
    assert (report.write, report.write_note) == (
        False,
        "write checks cancelled: nothing was created",
    )
    assert [request.method for request in emulator.requests if request.method != "GET"] == ["POST"]


def test_a_wrong_key_raises_authentication_error_before_anything_is_checked() -> None:
    emulator = MaestroEmulator(strict=True)
    with (
        MaestroClient(
            emulator.login, "wrong-key", emulator.base_url, transport=emulator.transport()
        ) as client,
        pytest.raises(AuthenticationError),
    ):
        run_check(client)
    assert [request.path for request in emulator.requests] == ["/api/v2/workspace/login"]


def test_progress_hears_each_step(emulator: MaestroEmulator) -> None:
    heard: list[str] = []
    with client_for(emulator) as client:
        run_check(client, progress=heard.append)
    assert heard[:3] == ["logging in", "reading version", "reading tasks.list"]


def test_a_failing_write_step_is_reported_and_its_object_still_deleted(
    emulator: MaestroEmulator,
) -> None:
    emulator.faults.schedule(500, method="POST", path="/api/v2/datapool/maestro-check-*/push")
    pools = set(emulator.datapools)
    report = check(emulator, write=True)
    push = row(report, "datapools.push", kind="write")
    assert (push.status, push.fits) == (500, False)
    assert row(report, "datapools.delete", kind="write").status == 200
    assert (set(emulator.datapools), report.not_deleted, report.exit_code) == (pools, [], 1)


def test_what_could_not_be_deleted_is_reported(emulator: MaestroEmulator) -> None:
    emulator.faults.schedule(500, method="DELETE", path="/api/v2/credential/maestro-check-*")
    report = check(emulator, write=True)
    assert report.not_deleted == [
        f"credential '{report.run_id}': 500 Internal Server Error: "
        "Fault injected by the Maestro emulator"
    ]
    assert report.run_id in emulator.credentials
    assert report.exit_code == 1


@pytest.mark.parametrize(
    ("path", "store", "description"),
    [
        ("/api/v2/task", "tasks", "test task of automation 'demo-invoices'"),
        ("/api/v2/scheduling", "schedules", "schedule '{run_id}' of automation 'demo-invoices'"),
    ],
    ids=["task", "schedule"],
)
def test_a_create_applied_without_an_answer_is_found_by_the_run_id_and_deleted(
    emulator: MaestroEmulator, path: str, store: str, description: str
) -> None:
    before = set(getattr(emulator, store))
    emulator.faults.schedule_drop("after", method="POST", path=path)

    report = check(emulator, write=True)

    create = row(report, f"{store}.create", kind="write")
    assert (create.status, create.fits, create.unanswered) == (None, False, True)
    made = description.format(run_id=report.run_id)
    assert report.created[-1] == f"{made}, id 3 (its creation got no answer)"
    assert row(report, f"{store}.delete", kind="write").fits is True
    assert (set(getattr(emulator, store)), report.not_deleted) == (before, [])


def test_a_create_without_an_answer_that_is_not_listed_is_reported_as_maybe_existing(
    emulator: MaestroEmulator,
) -> None:
    tasks = set(emulator.tasks)
    emulator.faults.schedule_drop("before", method="POST", path="/api/v2/task")

    report = check(emulator, write=True)

    assert set(emulator.tasks) == tasks
    assert report.not_deleted == [
        "test task of automation 'demo-invoices': its creation got no answer, so it may "
        "exist (it is not listed yet); look for a test task of automation 'demo-invoices' "
        f"whose parameter maestroCheck is {report.run_id}"
    ]
    assert report.exit_code == 1


def test_a_create_without_an_answer_that_cannot_be_looked_up_is_reported(
    emulator: MaestroEmulator,
) -> None:
    def fail_the_lookup(plan: str) -> bool:
        # After the read checks: the schedule list fails only when the lookup asks for it.
        emulator.faults.schedule(404, method="GET", path="/api/v2/scheduling")
        return True

    emulator.faults.schedule_drop("after", method="POST", path="/api/v2/scheduling")

    report = check(emulator, write=True, confirm=fail_the_lookup)

    assert report.not_deleted == [
        f"schedule '{report.run_id}' of automation 'demo-invoices': its creation got no "
        "answer, so it may exist (looking for it failed: NotFoundError); look for a schedule "
        f"of automation 'demo-invoices' whose parameter maestroCheck is {report.run_id}"
    ]
    assert [item["name"] for item in emulator.schedules.values()][-1] == report.run_id
