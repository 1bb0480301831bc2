"""`pstui serve`: the board in a web browser, through textual-serve.

textual-serve starts one command per browser that connects and carries its keys and screen
over a websocket: here that command is this pstui opening the same store. With `read_only`
the command carries `--view-only`, so the store each session opens refuses every change in
its commit core; a viewer in the browser cannot reach the command line to drop it.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from pstui.i18n import _


class ServeError(Exception):
    """The server could not start (the port is taken, the address is not this machine's)."""


def session_command(path: Path, *, read_only: bool) -> str:
    """The shell command textual-serve runs for each browser session (it runs it with a
    shell, so every word is quoted)."""
    words = [sys.executable, "-m", "pstui", "--store", str(path)]
    if read_only:
        words.append("--view-only")
    return shlex.join(words)


def serve_board(
    path: Path, *, host: str, port: int, read_only: bool, public_url: str | None = None
) -> int:
    """Serve the board of the store at `path` until interrupted (ctrl+c)."""
    from textual_serve.server import Server  # aiohttp loads only when serving

    title = (_("pstui: {name} (read-only)") if read_only else "pstui: {name}").format(
        name=path.name
    )
    server = Server(
        session_command(path, read_only=read_only),
        host=host,
        port=port,
        title=title,
        public_url=public_url,
    )
    try:
        server.serve()
    except OSError as err:  # the port is taken, the host is not an address of this machine
        raise ServeError(
            _("cannot serve on {host}:{port}: {reason}").format(
                host=host, port=port, reason=err.strerror or err
            )
        ) from None
    return 0
