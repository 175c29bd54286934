"""A result file read back from the emulator fills every field of `Artifact`, extras none."""

from __future__ import annotations

from maestro.testing import MaestroEmulator


def test_a_result_file_names_its_organization_and_has_no_unknown_fields() -> None:
    emulator = MaestroEmulator(login="acme", key="acme-key", organization="ACME_ORG", strict=True)
    emulator.add_automation("Invoices")
    with emulator.client() as client:
        task = client.tasks.create("Invoices").parsed
        uploaded = client.result_files.upload(task.id, b"a,b\n", name="report.csv").parsed
        assert uploaded.id is not None

        artifact = client.result_files.get(uploaded.id).parsed
        (listed,) = client.result_files.list(task_id=task.id).parsed.content

    assert artifact.organization_label == "ACME_ORG"
    assert artifact.model_extra == {}
    assert (listed.organization_label, listed.model_extra) == ("ACME_ORG", {})
