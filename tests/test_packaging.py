"""What the distribution installs: one version everywhere, and the 1.x client's import names."""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import maestro

ROOT = Path(__file__).parent.parent
DISTRIBUTION = "botcity-maestro-client"
PACKAGES = ("maestro", "maestro_client", "botcity_maestro_client")
SHIMS = ("maestro_client", "botcity_maestro_client")


def test_the_version_is_2_0_0_in_the_package_and_its_metadata() -> None:
    assert maestro.__version__ == "2.0.0"
    assert importlib.metadata.version(DISTRIBUTION) == maestro.__version__


@pytest.mark.parametrize("name", SHIMS)
def test_an_earlier_import_name_exports_exactly_maestros_public_names(name: str) -> None:
    shim = importlib.import_module(name)

    assert shim.__all__ == maestro.__all__
    for public_name in maestro.__all__:
        assert getattr(shim, public_name) is getattr(maestro, public_name), public_name


def test_the_seed_readmes_import_lines_work_unchanged() -> None:
    namespace: dict[str, object] = {}

    exec("from maestro_client import MaestroClient", namespace)
    exec("from botcity_maestro_client import MaestroClient, MaestroClientError", namespace)

    assert namespace["MaestroClient"] is maestro.MaestroClient
    assert namespace["MaestroClientError"] is maestro.MaestroClientError


@pytest.mark.parametrize("name", PACKAGES)
def test_every_package_is_marked_typed(name: str) -> None:
    package = importlib.import_module(name)

    assert (Path(str(package.__file__)).parent / "py.typed").is_file()


def build(kind: str, outdir: Path) -> Path:
    """Build the ``--wheel`` or the ``--sdist`` into ``outdir``; the one file built."""
    # --no-isolation: hatchling comes with the dev extra, so the build needs no package index.
    command = [sys.executable, "-m", "build", kind, "--no-isolation", "--outdir", str(outdir)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = outdir.iterdir()
    return built


def test_the_wheel_ships_the_three_packages_typed_with_the_pytest_plugin(tmp_path: Path) -> None:
    wheel = build("--wheel", tmp_path)
    assert wheel.name == f"botcity_maestro_client-{maestro.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(
            f"botcity_maestro_client-{maestro.__version__}.dist-info/entry_points.txt"
        ).decode()
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {*PACKAGES, f"botcity_maestro_client-{maestro.__version__}.dist-info"}
    for package in PACKAGES:
        assert f"{package}/__init__.py" in names
        assert f"{package}/py.typed" in names
    assert "maestro = maestro.testing.pytest_plugin" in entry_points


def test_the_sdist_holds_what_the_tests_and_the_documentation_site_read(tmp_path: Path) -> None:
    sdist = build("--sdist", tmp_path)
    assert sdist.name == f"botcity_maestro_client-{maestro.__version__}.tar.gz"
    prefix = f"botcity_maestro_client-{maestro.__version__}/"
    with tarfile.open(sdist) as archive:
        names = {name.removeprefix(prefix) for name in archive.getnames()}
    assert {name.split("/")[0] for name in names} == {
        *PACKAGES, "tests", "benchmarks", "examples", "docs", ".ci", ".gitignore",
        "README.md", "CHANGELOG.md", "CONTRIBUTING.md", "mkdocs.yml", "pyproject.toml", "PKG-INFO",
    }  # fmt: skip
    for folder in ("docs", "examples"):  # the site's pages and the snippets they include
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert path.relative_to(ROOT).as_posix() in names
