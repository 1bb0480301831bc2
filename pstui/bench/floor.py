"""The floor: a bare Textual app (header, six empty columns, footer) measured like pstui.

Each figure of pstui has its counterpart here, doing the least Textual allows for the same
gesture, so `figure / floor` says how much pstui adds on top of Textual itself:

- first paint: `show` fills the columns once after the first refresh (as the board does);
- a key press: `action_bump` updates one Static;
- opening a detail screen: `action_open` pushes a screen with one Static; `action_close` pops it;
- a filter keystroke: typing in an Input whose change updates one Static (`show_filter`).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

COLUMNS = 6

FLOOR_CSS = """
#columns { height: 1fr; }
.column { width: 1fr; height: 1fr; border: round $panel-lighten-2; }
#filter { display: none; }
#filter.-shown { display: block; }
"""


class FloorDetail(Screen[None]):
    BINDINGS = [Binding("escape", "app.close", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        self.query_one("#detail", Static).update("a detail screen")


class FloorApp(App[None]):
    CSS = FLOOR_CSS
    AUTO_FOCUS = ""  # keys go to the app's bindings, as on pstui's board; `/` focuses the filter
    BINDINGS = [
        Binding("j,k,h,l,K,J,H,L", "bump", "Bump"),
        Binding("enter", "open", "Open"),
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear", "Clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="columns"):
            for n in range(COLUMNS):
                yield Static(classes="column", id=f"column-{n}")
        yield Input(id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.show)

    def show(self) -> None:
        for n in range(COLUMNS):
            self.query_one(f"#column-{n}", Static).update(f"stage {n + 1}")

    def action_bump(self) -> None:
        self.presses += 1
        # The columns are 1fr wide and tall: no layout needed, only a repaint (the cheapest).
        self.query_one("#column-0", Static).update(f"stage 1: {self.presses} presses", layout=False)

    def action_open(self) -> None:
        self.push_screen(FloorDetail())

    def action_close(self) -> None:
        self.pop_screen()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-shown")
        box.focus()

    def action_clear(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("-shown")
        self.set_focus(None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_filter(event.value)

    def show_filter(self, text: str) -> None:
        self.query_one("#column-0", Static).update(f"filter: {text}", layout=False)
