"""The footer rebuilds its keys when what it shows changes, and only then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from pstui.ui.widgets.key_footer import KeyFooter


class Keys(App[None]):
    BINDINGS = [
        Binding("a", "ping", "Ping", id="ping"),
        Binding("b", "pong", "Pong"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pong: bool | None = True  # False hides its key, None shows it disabled

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.pong if action == "pong" else True

    def action_ping(self) -> None: ...

    def action_pong(self) -> None: ...


def keys(app: App[None]) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def shown(app: App[None]) -> list[tuple[str, str, bool]]:
    return [(k.key_display, k.description, k.has_class("-disabled")) for k in keys(app)]


async def test_a_bindings_signal_that_changes_nothing_keeps_the_keys_mounted() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = keys(app)
        assert [(d, t) for d, t, _ in shown(app)][:2] == [("a", "Ping"), ("b", "Pong")]
        for _ in range(3):
            app.screen.refresh_bindings()
        await pilot.pause()
        assert keys(app) == before  # the very same widgets: nothing was rebuilt


async def test_a_disabled_action_or_a_new_key_rebuilds_the_keys() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.pong = None
        app.refresh_bindings()
        await pilot.pause()
        assert ("b", "Pong", True) in shown(app)
        app.pong = False
        app.refresh_bindings()
        await pilot.pause()
        assert [t for _, t, _ in shown(app)] == ["Ping", "palette"]
        app.set_keymap({"ping": "x"})
        await pilot.pause()
        assert ("x", "Ping", False) in shown(app)


class KeysAtMount(Keys):
    """Records the footer's keys when the app mounts, before the first bindings signal."""

    early = True

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyFooter(keys_at_mount=self.early)

    def on_mount(self) -> None:
        self.at_mount = keys(self)


class KeysLater(KeysAtMount):
    early = False


async def test_keys_at_mount_are_there_for_the_first_frame_and_are_not_built_again() -> None:
    app = KeysAtMount()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.at_mount and keys(app) == app.at_mount


async def test_by_default_keys_wait_for_the_screens_first_bindings_signal() -> None:
    app = KeysLater()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.at_mount == [] and shown(app)
