"""The performance benchmark: `python -m pstui.bench` (see `pstui.bench.__main__`).

`generate` builds large deterministic stores; `measure` times the app on them, side by side
with a bare Textual app (the floor). Not part of the test suite: tests only smoke-run it.
"""
