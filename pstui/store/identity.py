"""Who is making a change: git's user.name, else $PSTUI_USER, else the login name."""

from __future__ import annotations

import getpass
import os
import subprocess
from pathlib import Path


def current_user(cwd: Path | None = None) -> str:
    try:
        result = subprocess.run(
            ["git", "config", "user.name"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        name = result.stdout.strip()
        if result.returncode == 0 and name:
            return name
    except (OSError, subprocess.TimeoutExpired):
        pass
    return os.environ.get("PSTUI_USER") or getpass.getuser()
