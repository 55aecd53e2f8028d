"""shared/ is the kit the services are built from: it never imports a service."""
import ast
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_module_of_shared_imports_services():
    found = [f"{path.relative_to(SHARED.parent)}: {name}"
             for path in SHARED.rglob("*.py") for name in imported_modules(path)
             if name == "services" or name.startswith("services.")]
    assert found == []
