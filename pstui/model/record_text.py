"""The sentences pstui writes into records for people to read: where a ticked gate item's
evidence came from, and the description of a card made from a client's suggestion or a
review's action. They are written in the language of the board they are on (a board whose
stages are named in Chinese reads Chinese), since a teammate reads them there long after,
whatever language their own pstui speaks.
"""

from __future__ import annotations

from collections.abc import Iterable

ENGLISH = "en"
CHINESE = "zh"

_TEXTS: dict[str, dict[str, str]] = {
    "survey_answered": {
        ENGLISH: "survey {survey} answered by {who} on {day}",
        CHINESE: "满意度调查 {survey} 由{who}于 {day} 填写",
    },
    "survey_suggestions": {
        ENGLISH: "suggestions from {who} in survey {survey}",
        CHINESE: "{who}在满意度调查 {survey} 中提出的建议",
    },
    "the_client": {ENGLISH: "the client", CHINESE: "客户"},
    "suggested_card": {
        ENGLISH: "{text}\n\nSuggested by {who} in survey {survey} ({day}), response {response}.",
        CHINESE: "{text}\n\n{who}在满意度调查 {survey}（{day}）中提出，答卷 {response}。",
    },
    "retro_held": {
        ENGLISH: "retrospective held on {day}",
        CHINESE: "复盘会议于 {day} 召开",
    },
    "retro_action_card": {
        ENGLISH: "An action from the retrospective of {card} ({day}).",
        CHINESE: "来自 {card} 复盘（{day}）的改进行动。",
    },
    "lesson": {ENGLISH: "lesson {title}", CHINESE: "经验教训 {title}"},
    "risk": {ENGLISH: "risk {title}", CHINESE: "风险 {title}"},
    "risks_logged": {
        ENGLISH: "{count} risk(s) logged",
        CHINESE: "已登记 {count} 项风险",
    },
}


def language_of(names: Iterable[str]) -> str:
    """Chinese when any of `names` (a board's stage names) is written in Chinese."""
    return CHINESE if any(_is_han(ch) for name in names for ch in name) else ENGLISH


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def record_text(language: str, key: str, **values: object) -> str:
    """The sentence `key` in `language` (English when it has no such translation)."""
    texts = _TEXTS[key]
    return texts.get(language, texts[ENGLISH]).format(**values)
