"""The sentences pstui writes into records for people to read: every event's summary, where
a ticked gate item's evidence came from, and the description of a card made from a client's
suggestion or a review's action. They are written in the language of the board they are on
(a board whose stages are named in Chinese reads Chinese), since a teammate reads them there
long after, whatever language their own pstui speaks.
"""

from __future__ import annotations

from collections.abc import Iterable

from pstui.i18n import CHINESE, ENGLISH, LANGUAGES, NP_, translations

__all__ = ["CHINESE", "ENGLISH", "fields_named", "language_of", "said"]

# The fields an edit's summary names ("edited owner, review of risk ..."), of every table.
_FIELDS = (
    NP_("field", "title"),
    NP_("field", "description"),
    NP_("field", "assignee"),
    NP_("field", "client"),
    NP_("field", "due"),
    NP_("field", "tags"),
    NP_("field", "kind"),
    NP_("field", "category"),
    NP_("field", "probability"),
    NP_("field", "impact"),
    NP_("field", "owner"),
    NP_("field", "response"),
    NP_("field", "prevention"),
    NP_("field", "contingency"),
    NP_("field", "trigger"),
    NP_("field", "status"),
    NP_("field", "review"),
    NP_("field", "card"),
    NP_("field", "text"),
    # a retrospective's (`pstui retro save` names them)
    NP_("field", "held_on"),
    NP_("field", "goals"),
    NP_("field", "goals_note"),
    NP_("field", "went_well"),
    NP_("field", "to_improve"),
    NP_("field", "planned_start"),
    NP_("field", "planned_end"),
    NP_("field", "actual_start"),
    NP_("field", "actual_end"),
    NP_("field", "budget_planned"),
    NP_("field", "budget_actual"),
)


def language_of(names: Iterable[str]) -> str:
    """Chinese when any of `names` (a board's stage names) is written in Chinese."""
    return CHINESE if any(_is_han(ch) for name in names for ch in name) else ENGLISH


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def said(language: str, message: str, **values: object) -> str:
    """`message`, an English sentence with {placeholders}, written in `language` (English
    when pstui has no catalog for it) and filled in. The extractor reads the English of every
    call (`said` is one of its keywords), so the message is always a literal."""
    if language not in LANGUAGES:
        language = ENGLISH
    return translations(language).gettext(message).format(**values)


def fields_named(language: str, names: Iterable[str]) -> str:
    """Record fields as an edit's summary names them, in `language`: "owner, review" /
    "负责人、复查日期". A field the catalog does not know stays as named."""
    catalog = translations(language if language in LANGUAGES else ENGLISH)
    separator = catalog.pgettext("list separator", ", ")
    return separator.join(catalog.pgettext("field", name) for name in names)
