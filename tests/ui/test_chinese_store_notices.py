"""What the store tells the board's user, in Chinese: a refused change on a board served for
viewing, a card no column shows, and a problem of the config file, each as a notice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SAMPLES, TODAY, WHO, notices

from pstui.config import Config, load_config
from pstui.store.engine.serialize import dumps_store
from pstui.ui.app import make_app

SIZE = (120, 40)


def copy_of_sample(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    path = folder / "pstui.json"
    shutil.copy(SAMPLES / "services.json", path)
    return path


async def test_a_change_on_a_board_served_for_viewing_is_refused_in_chinese(tmp_path, config_path):
    path = copy_of_sample(tmp_path)
    before = path.read_bytes()
    config = Config(path=config_path, language="zh")
    app = make_app(path, WHO, config=config, today=TODAY, watch_seconds=0, view_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert notices(app) == ["只读：此看板仅供查看：只能查看，不能修改。"]
        await pilot.press("x")  # archive the card: not a key of a board served for viewing
        await pilot.pause()
        assert len(notices(app)) == 1
    assert path.read_bytes() == before


async def test_the_store_and_config_problems_at_open_read_chinese(tmp_path, config_path):
    path = copy_of_sample(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    card = min(data["cards"])
    data["cards"][card]["stage"] = "nowhere"
    path.write_text(dumps_store(data), encoding="utf-8")
    config_path.write_text('language = "zh"\nauto_sync = 3\n', encoding="utf-8")
    app = make_app(path, WHO, config=load_config(config_path), today=TODAY, watch_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = notices(app)
        assert f"{config_path}：auto_sync 必须是 true 或 false" in said
        out_of_place = [n for n in said if n.startswith("卡片 ")]
        assert len(out_of_place) == 1
        assert "位于阶段 'nowhere'，但看板 " in out_of_place[0]
        assert out_of_place[0].endswith("--to STAGE` 把它移回来")
