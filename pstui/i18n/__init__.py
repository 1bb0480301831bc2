"""One catalog for every word pstui shows: gettext, with English and Simplified Chinese.

The English text is the message id. `locale/zh/LC_MESSAGES/pstui.po` holds the Chinese, and
`pstui.mo` is compiled from it by `python -m pstui.i18n.update` (which needs Babel, a test
dependency); the app reads only the compiled file, with the standard library.

- `_("text")` translates into the interface language, chosen once at start from the config's
  `language` or the locale (`choose_language`).
- `ngettext(singular, plural, n)` for counted words; `pgettext(context, text)` where one English
  word means two things.
- `N_("text")` (`NP_(context, "text")`) marks a string defined at import time (a key's
  description, a column's title) for the catalog; the code that shows it calls `_()` then.
- `labelled(words, context, value)` shows a stored value (a status, a level) by its table of
  `NP_`-marked words.
- `translations(language)` is one language's catalog: `pstui.model.record_text.said` writes
  the sentences kept in records with it, in their board's language rather than the reader's.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from pathlib import Path

ENGLISH = "en"
CHINESE = "zh"
LANGUAGES = (ENGLISH, CHINESE)
DOMAIN = "pstui"
LOCALE_DIR = Path(__file__).parent / "locale"
# Where the locale is read from, strongest first (POSIX), then GNU's LANGUAGE list.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of `language`; English is the source text itself."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


_language = ENGLISH
_current: gettext.NullTranslations = translations(ENGLISH)


def set_language(language: str) -> None:
    """Make `language` the interface language of this process."""
    global _language, _current
    if language not in LANGUAGES:
        raise ValueError(f"no catalog for language {language!r}")
    _language, _current = language, translations(language)


def language() -> str:
    """The interface language: "en" or "zh"."""
    return _language


def choose_language(configured: str, environ: Mapping[str, str]) -> str:
    """The configured language, or for "auto" (or nothing) the one the locale names."""
    if configured in LANGUAGES:
        return configured
    locale = next((environ[name] for name in _LOCALE_VARIABLES if environ.get(name)), "")
    if locale.split(".")[0] in ("C", "POSIX"):
        return ENGLISH
    wanted = environ.get("LANGUAGE", "").split(":")[0] if locale else ""
    return CHINESE if (wanted or locale).lower().startswith("zh") else ENGLISH


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


def labelled(words: Mapping[str, str], context: str, value: object) -> str:
    """A stored value as people read it: its English in `words` (marked with `NP_` and
    `context`) in the interface language; a value `words` does not know, as it is."""
    english = words.get(str(value))
    return _current.pgettext(context, english) if english is not None else str(value)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for the marker
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 - N_ with pgettext's context
    return message
