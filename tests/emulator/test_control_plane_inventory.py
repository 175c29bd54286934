"""The emulator's automations, runners and workspaces, through the SDK and on the wire."""

from __future__ import annotations

from datetime import timedelta

import pytest

from maestro import NotFoundError, Technology
from maestro.testing import MaestroEmulator
from maestro.testing._wire import format_datetime, utc_now
from tests.conftest import AnyClient, collect, resolve

from .conftest import Api


async def create_task(sdk: AnyClient) -> int:
    task_id: int = (await resolve(sdk.tasks.create("demo-invoices"))).parsed.id
    return task_id


# -- automations ------------------------------------------------------------------------------


async def test_a_fresh_emulator_lists_its_demo_automations(sdk: AnyClient) -> None:
    automations = (await resolve(sdk.automations.list())).parsed

    assert [(a.label, a.name) for a in automations] == [
        ("demo-invoices", "Demo - Invoices"),
        ("demo-reports", "Demo - Reports"),
        ("MyAutomation", "My Automation"),
        ("Invoices", "Invoices"),
    ]
    assert automations[0].technology is Technology.PYTHON
    assert automations[0].machines == ["runner-01"]


async def test_get_an_automation_gives_its_parameters(sdk: AnyClient) -> None:
    automation = (await resolve(sdk.automations.get("demo-invoices"))).parsed

    assert automation.organization_label == "demo"
    assert [(p.label, p.type, p.required) for p in automation.parameters] == [
        ("month", "TEXT", False)
    ]


async def test_get_an_unknown_automation_is_not_found(sdk: AnyClient) -> None:
    with pytest.raises(NotFoundError, match="Automation 'nope' not found"):
        await resolve(sdk.automations.get("nope"))


async def test_an_unknown_label_is_404_with_a_json_message(api: Api) -> None:
    response = await api("GET", "/api/v2/activity/a%2Fb")

    assert response.status_code == 404
    assert response.json()["message"] == "Automation 'a/b' not found"


async def test_search_filters_by_label_name_and_free_text(sdk: AnyClient) -> None:
    by_label = (await resolve(sdk.automations.search(label="demo-reports"))).parsed
    by_name = (await resolve(sdk.automations.search(name="INVOICE"))).parsed
    by_text = (await resolve(sdk.automations.search(automation="rep"))).data

    assert [a.label for a in by_label.content] == ["demo-reports"]
    assert [a.label for a in by_name.content] == ["demo-invoices", "Invoices"]
    assert [a["label"] for a in by_text["content"]] == ["demo-reports"]


async def test_search_answers_a_spring_page_sorted_as_asked(api: Api) -> None:
    response = await api("GET", "/api/v2/activity/pagination?page=0&size=1&sort=name,desc")

    body = response.json()
    assert [a["label"] for a in body["content"]] == ["MyAutomation"]
    assert (body["number"], body["size"], body["totalElements"], body["totalPages"]) == (0, 1, 4, 4)
    assert (body["first"], body["last"]) == (True, False)


async def test_an_added_automation_is_listed_and_names_its_tasks(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    emulator.add_automation("payroll", name="Payroll", agentId="PayBot")

    labels = [a.label for a in (await resolve(sdk.automations.list())).parsed]
    task = (await resolve(sdk.tasks.create("payroll"))).parsed

    assert labels == ["demo-invoices", "demo-reports", "MyAutomation", "Invoices", "payroll"]
    assert (task.activity_name, task.agent_id) == ("Payroll", "PayBot")


# -- runners --------------------------------------------------------------------------------


async def test_a_fresh_emulator_has_one_runner_online_and_one_offline(sdk: AnyClient) -> None:
    runners = (await resolve(sdk.runners.list())).parsed.content

    assert [(r.machine_id, r.is_online, r.type) for r in runners] == [
        ("runner-01", True, "DESKTOP"),
        ("runner-02", False, "BACKGROUND"),
    ]


@pytest.mark.parametrize(("online", "expected"), [(True, ["runner-01"]), (False, ["runner-02"])])
async def test_list_runners_filters_by_online_status(
    sdk: AnyClient, online: bool, expected: list[str]
) -> None:
    runners = (await resolve(sdk.runners.list(is_online=online))).parsed.content

    assert [r.machine_id for r in runners] == expected


async def test_list_runners_filters_by_type_and_machine_id(sdk: AnyClient) -> None:
    by_type = (await resolve(sdk.runners.list(type="BACKGROUND"))).parsed.content
    by_id = (await resolve(sdk.runners.list(machine_id="runner-01"))).parsed.content

    assert [r.machine_id for r in by_type] == ["runner-02"]
    assert [r.machine_id for r in by_id] == ["runner-01"]


async def test_iterate_runners_walks_every_page(sdk: AnyClient, emulator: MaestroEmulator) -> None:
    emulator.add_runner("runner-03", is_online=False)

    runners = await collect(sdk.runners.iterate(page_size=2))

    assert [r.machine_id for r in runners] == ["runner-01", "runner-02", "runner-03"]
    pages = [r.query for r in emulator.requests if r.path == "/api/v2/machine/pagination"]
    assert [(q["page"], q["size"]) for q in pages] == [(["0"], ["2"]), (["1"], ["2"])]


async def test_is_online_that_is_not_a_boolean_is_400(api: Api) -> None:
    response = await api("GET", "/api/v2/machine/pagination?isOnline=maybe")

    assert response.status_code == 400
    assert response.json()["message"] == "Parameter 'isOnline' must be true or false"


async def test_get_a_runner_and_an_unknown_one(sdk: AnyClient) -> None:
    runner = (await resolve(sdk.runners.get("runner-02"))).parsed

    assert (runner.name, runner.is_online) == ("Runner 02", False)
    with pytest.raises(NotFoundError, match="Runner 'runner-99' not found"):
        await resolve(sdk.runners.get("runner-99"))


async def test_a_runner_log_lists_its_lines(sdk: AnyClient) -> None:
    lines = (await resolve(sdk.runners.logs("runner-01"))).parsed

    assert [(line["level"], line["message"]) for line in lines] == [
        ("INFO", "Runner runner-01 registered")
    ]


async def test_the_log_of_an_unknown_runner_is_404(api: Api) -> None:
    response = await api("GET", "/api/v2/machine/log/runner-99")

    assert response.status_code == 404
    assert response.json()["message"] == "Runner 'runner-99' not found"


async def test_tasks_summary_counts_the_runner_tasks_by_state(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    ran, other, _queued = [
        (await resolve(sdk.tasks.create("demo-invoices"))).parsed.id for _ in "abc"
    ]
    emulator.run_task(ran, "runner-01")
    emulator.run_task(other, "runner-02")

    summary = (await resolve(sdk.runners.tasks_summary("runner-01"))).parsed

    assert (summary.machine_id, summary.days, summary.total) == ("runner-01", 30, 1)
    assert summary.states == {"START": 0, "RUNNING": 1, "FINISHED": 0, "CANCELED": 0, "TIMEOUT": 0}


async def test_tasks_summary_counts_only_the_last_days(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    old, new = [await create_task(sdk) for _ in range(2)]
    for task_id in (old, new):
        emulator.run_task(task_id, "runner-01")
    emulator.tasks[old]["dateCreation"] = format_datetime(utc_now() - timedelta(days=10))

    week = (await resolve(sdk.runners.tasks_summary("runner-01", days=7))).parsed
    month = (await resolve(sdk.runners.tasks_summary("runner-01"))).parsed

    assert (week.days, week.total, month.total) == (7, 1, 2)


async def test_tasks_summary_refuses_days_below_one(api: Api) -> None:
    response = await api("GET", "/api/v2/machine/runner-01/tasks-summary?days=0")

    assert response.status_code == 400
    assert response.json()["message"] == "Parameter 'days' must be at least 1"


# -- workspaces -------------------------------------------------------------------------------


async def test_workspaces_list_the_emulator_workspace(sdk: AnyClient) -> None:
    workspaces = (await resolve(sdk.workspaces.list())).parsed

    assert [(w.id, w.label, w.name) for w in workspaces] == [(1, "demo", "demo")]
    assert workspaces[0].key is None


async def test_get_a_workspace_by_id_or_label(sdk: AnyClient) -> None:
    by_id = (await resolve(sdk.workspaces.get(1))).parsed
    by_label = (await resolve(sdk.workspaces.get("demo"))).parsed

    assert by_id == by_label
    with pytest.raises(NotFoundError, match="Workspace '2' not found"):
        await resolve(sdk.workspaces.get(2))


def test_the_workspace_carries_the_organization_given(emulator: MaestroEmulator) -> None:
    other = MaestroEmulator(login="acme", organization="ACME_ORG", strict=True)

    assert [w["label"] for w in other.workspaces.values()] == ["ACME_ORG"]
    assert "key" not in other.workspaces[1]
