"""The dependency tree is pinned in requirements.lock (with hashes), and this environment is
installed from it: every requirement of pyproject.toml (extras included) is in the lock,
and every locked package that applies here is installed at exactly its locked version."""
from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked() -> dict[str, tuple[str, str | None]]:
    """{name: (version, marker or None)} of requirements.lock."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            pins[canonicalize_name(name)] = (version, marker)
    return pins


def test_every_file_of_the_lock_is_pinned_with_its_hash():
    text = (ROOT / "requirements.lock").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert len(entries) == len(locked()) > 20
    assert all("--hash=sha256:" in entry for entry in entries)


def test_every_requirement_of_pyproject_is_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted.extend(extra)
    pins = locked()
    missing = [r for r in wanted if canonicalize_name(Requirement(r).name) not in pins]
    assert not missing, f"not in requirements.lock (run `make lock`): {missing}"
    for requirement in map(Requirement, wanted):
        version = pins[canonicalize_name(requirement.name)][0]
        assert requirement.specifier.contains(version, prereleases=True), (requirement, version)


def test_this_environment_is_installed_from_the_lock():
    wrong = []
    for name, (version, marker) in locked().items():
        if marker and not Marker(marker).evaluate():
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong.append(f"{name}: {installed} installed, {version} locked")
    assert not wrong, "run `make install`: " + "; ".join(wrong)
