"""The standup's timeboxes in the user's config: read, checked, written only when changed."""

from __future__ import annotations

from pathlib import Path

from pstui.config import STANDUP_MINUTES, STANDUP_PERSON_MINUTES, Config, load_config


def test_the_timeboxes_are_read_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("standup_minutes = 20\nstandup_person_minutes = 3\n", encoding="utf-8")
    config = load_config(path)
    assert (config.standup_minutes, config.standup_person_minutes) == (20, 3)
    assert config.problems == [] and config.extra == {}
    assert config.to_toml()["standup_minutes"] == 20


def test_a_wrong_timebox_is_said_and_the_default_used(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('standup_minutes = "soon"\nstandup_person_minutes = 0\n', encoding="utf-8")
    config = load_config(path)
    assert (config.standup_minutes, config.standup_person_minutes) == (
        STANDUP_MINUTES,
        STANDUP_PERSON_MINUTES,
    )
    assert len(config.problems) == 2
    assert all("whole number of minutes" in p for p in config.problems)


def test_default_timeboxes_are_not_written_to_the_file() -> None:
    assert "standup_minutes" not in Config().to_toml()
    assert "standup_person_minutes" not in Config().to_toml()
