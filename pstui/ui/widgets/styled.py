"""Build screen text from runs of literal user text with theme-aware styles.

Rich `Text` styles cannot name theme variables, and markup strings would interpret user
text; Textual `Content` assembled from (text, style) runs does neither: styles like
"$error bold" follow the theme, and the text is shown exactly as written.
"""

from __future__ import annotations

from textual.content import Content


class Styled:
    def __init__(self, text: str = "", style: str = "") -> None:
        self._runs: list[tuple[str, str] | str] = []
        if text:
            self.append(text, style)

    def append(self, text: str, style: str = "") -> Styled:
        self._runs.append((text, style) if style else text)
        return self

    def __bool__(self) -> bool:
        return any((run[0] if isinstance(run, tuple) else run) for run in self._runs)

    def content(self) -> Content:
        """The assembled content, without trailing newlines."""
        runs = list(self._runs)
        while runs:
            last = runs[-1]
            text, style = last if isinstance(last, tuple) else (last, "")
            if text.endswith("\n"):
                text = text.rstrip("\n")
                runs[-1] = (text, style) if style else text
                if text:
                    break
                runs.pop()
            else:
                break
        return Content.assemble(*runs)
