"""What a person who clones the repository reads: the README points to documents that are
in the repository, and `make run` takes the port and the folder."""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_links_to_the_projects_own_documents():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "shared documents" not in readme and "DESIGN.md" not in readme
    links = re.findall(r"\]\(([^)#]+)\)", readme)
    assert "docs/architecture.md" in links and "docs/threat-model.md" in links
    assert (ROOT / "docs" / "architecture.md").is_file()


def test_the_architecture_page_covers_shape_guarantees_layout_and_roles():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert {"The shape", "The guarantees", "The layout of the repository", "Roles"} <= set(
        headings)
    for role in ("admin", "officer", "communication", "viewer"):
        assert f"`{role}`" in page
    for path in re.findall(r"`((?:shared|services|tests|deploy|docs)/[\w./-]*)`", page):
        if path != "docs/threat-model.md":  # written with the messaging's security work
            assert (ROOT / path).exists(), path  # every path named is one that exists


def test_make_run_takes_the_port_and_the_folder():
    dry = subprocess.run(["make", "-n", "run", "PORT=8100", "VAR=var-demo"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "argan run --port 8100 --var var-demo" in dry
    default = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    assert "argan run --port 8000 --var var" in default
