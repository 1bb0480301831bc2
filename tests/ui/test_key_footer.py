"""The footer: the screen's keys as one line, the command palette's on the right, repainted
only when the keys change, and clickable."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from pstui.ui.widgets.key_footer import KeyFooter

WIDTH = 60
PALETTE = "▏^p palette "


class Keys(App[None]):
    BINDINGS = [
        Binding("a", "ping", "Ping", id="ping"),
        Binding("b", "pong", "Pong"),
        Binding("c", "pong", "Pong again"),  # a second key for the same action: not shown
        Binding("d", "hidden", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pong: bool | None = True  # False hides its key, None shows it disabled
        self.pinged = 0

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.pong if action == "pong" else True

    def action_ping(self) -> None:
        self.pinged += 1

    def action_pong(self) -> None: ...

    def action_hidden(self) -> None: ...


def footer(app: App[None]) -> KeyFooter:
    return app.screen.query_one(KeyFooter)


def line(app: App[None]) -> str:
    return footer(app).render_line(0).text


async def test_the_screens_keys_then_the_palettes_on_the_right() -> None:
    app = Keys()
    async with app.run_test(size=(WIDTH, 10)) as pilot:
        await pilot.pause()
        left = " a Ping  b Pong "
        assert line(app) == left + " " * (WIDTH - len(left) - len(PALETTE)) + PALETTE


async def test_a_disabled_key_is_dimmed_and_a_hidden_one_left_out() -> None:
    app = Keys()
    async with app.run_test(size=(WIDTH, 10)) as pilot:
        app.pong = None
        app.refresh_bindings()
        await pilot.pause()
        dimmed = {s.text for s in footer(app).render_line(0) if s.style and s.style.dim}
        assert dimmed == {" b ", "Pong "}
        app.pong = False
        app.refresh_bindings()
        await pilot.pause()
        assert line(app).startswith(" a Ping  ") and "Pong" not in line(app)


async def test_keys_that_do_not_fit_are_left_out_whole_and_marked() -> None:
    app = Keys()
    # " a Ping " is 8 cells, " b Pong " 8 more and the palette 12: at 27 cells the second
    # fits only without its trailing space; at 26 it is left out, and the mark says so.
    async with app.run_test(size=(27, 10)) as pilot:
        await pilot.pause()
        assert line(app) == " a Ping  b Pong" + PALETTE
        await pilot.resize_terminal(26, 10)
        await pilot.pause()
        assert line(app) == " a Ping …     " + PALETTE


async def test_a_signal_that_changes_nothing_does_not_repaint() -> None:
    app = Keys()
    async with app.run_test(size=(WIDTH, 10)) as pilot:
        await pilot.pause()
        repaints = []
        shown = footer(app)
        shown.refresh = lambda *a, **k: repaints.append(1)  # type: ignore[method-assign]
        for _ in range(3):
            app.screen.refresh_bindings()
        await pilot.pause()
        assert repaints == []
        app.set_keymap({"ping": "x"})
        await pilot.pause()
        assert repaints
        assert [k.display for k in shown.current_keys().keys if k.description == "Ping"] == ["x"]


async def test_a_click_on_a_key_presses_it_and_on_a_disabled_one_does_not() -> None:
    app = Keys()
    async with app.run_test(size=(WIDTH, 10)) as pilot:
        await pilot.pause()
        await pilot.click(KeyFooter, offset=(3, 0))
        assert app.pinged == 1
        app.pong = None
        app.refresh_bindings()
        await pilot.pause()
        await pilot.click(KeyFooter, offset=(10, 0))  # " b Pong ": disabled, a bell only
        await pilot.click(KeyFooter, offset=(30, 0))  # the gap: nothing
        assert app.pinged == 1
