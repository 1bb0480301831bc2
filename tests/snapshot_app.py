"""The app the snapshot tests show: a copy of a bundled sample store, with everything frozen.

`make_snapshot_app(folder)` copies `sample_projects/<sample>` into `folder` (the tests pass
their `tmp_path`; the bundled file is never opened) and builds the app with the one factory
the CLI uses, `make_app`, at the day the samples are written for (2026-11-22), the
pstui-dark theme, a config file of its own in `folder`, and no file watching.

Run as a program (`python tests/snapshot_app.py`, `textual run tests/snapshot_app.py`), it
builds `app` from a copy in a fresh temporary folder, to look at what the snapshots show.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pendulum

from pstui.config import Config
from pstui.ui.app import PstuiApp, make_app

SAMPLES = Path(__file__).resolve().parents[1] / "sample_projects"
TODAY = pendulum.Date(2026, 11, 22)  # the day the samples' due dates are written against
WHO = "snapshot"


def make_snapshot_app(
    folder: Path | None = None, sample: str = "services.json", language: str | None = None
) -> PstuiApp:
    """The app on a copy of `sample`; its interface speaks the sample's language unless
    `language` says otherwise."""
    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="pstui-snap-"))
    store = folder / sample
    shutil.copy(SAMPLES / sample, store)
    language = language or ("zh" if sample.endswith("-zh.json") else "en")
    config = Config(theme="pstui-dark", language=language, path=folder / "config.toml")
    return make_app(store, WHO, config=config, today=TODAY, watch_seconds=0)


# Built only when run as a program (runpy names the module "<run_path>" for `textual run`
# and for snap_compare given this file's path); the tests import the factory alone.
if __name__ in ("__main__", "<run_path>"):
    app = make_snapshot_app()
    if __name__ == "__main__":
        app.run()
