"""The layers point one way: ui -> store -> model. Importing a lower layer must not pull in an
upper one (checked in a fresh interpreter, so nothing else has imported them already)."""

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pstui"


def modules_of(layer: str) -> list[str]:
    return sorted(
        f"pstui.{layer}.{p.stem}" for p in (PACKAGE / layer).glob("*.py") if p.stem != "__init__"
    )


def imported_after(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {
        name.split(".")[0] if not name.startswith("pstui") else name for name in out.stdout.split()
    }


@pytest.mark.parametrize("module", modules_of("model"))
def test_the_model_imports_neither_textual_nor_tinydb_nor_upper_layers(module):
    loaded = imported_after(module)
    assert "textual" not in loaded
    assert "tinydb" not in loaded
    assert not any(name.startswith(("pstui.store", "pstui.ui")) for name in loaded)


@pytest.mark.parametrize("module", modules_of("store"))
def test_the_store_never_imports_textual_or_the_ui(module):
    loaded = imported_after(module)
    assert "textual" not in loaded
    assert not any(name.startswith("pstui.ui") for name in loaded)


def test_scripted_commands_do_not_load_textual():
    loaded = imported_after("pstui.cli")
    assert "textual" not in loaded


def test_the_import_linter_contracts_hold():
    """pyproject's contracts: ui -> store -> model, the byte engine behind its package, and the
    catalog beneath them all."""
    root = PACKAGE.parent
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports; raise SystemExit(lint_imports())",
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "5 kept, 0 broken" in run.stdout
