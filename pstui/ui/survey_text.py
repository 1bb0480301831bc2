"""How survey figures and answer scales read on screen: CSAT as a percentage, NPS signed,
CES as a mean, and what each number of a scale means (its anchors), so that a user entering
a paper survey knows what a 4 or a 9 stands for.

Plain functions of the model's scores: the surveys screen, the response form and the card
detail all show them the same way.
"""

from __future__ import annotations

from pstui.i18n import N_, _, ngettext, pgettext
from pstui.model.survey import RANGES, Ces, Csat, Nps, Scale, Scores, shown_percent

NONE = "–"  # a figure with nothing to compute it from

# What each number of a scale means. CES 2.0 asks how much the client agrees that "the team
# made it easy for me"; NPS names its three bands rather than each number. The words are
# English here, shown through `value_word`; "neither" is translated with its scale's context
# (neither satisfied nor dissatisfied, neither agree nor disagree), so it is not marked here.
NEITHER = "neither"
SCALE_WORDS: dict[Scale, dict[int, str]] = {
    Scale.CSAT: {
        1: N_("very dissatisfied"),
        2: N_("dissatisfied"),
        3: NEITHER,
        4: N_("satisfied"),
        5: N_("very satisfied"),
    },
    Scale.NPS: {
        **dict.fromkeys(range(0, 7), N_("detractor")),
        7: N_("passive"),
        8: N_("passive"),
        9: N_("promoter"),
        10: N_("promoter"),
    },
    Scale.CES: {
        1: N_("strongly disagree"),
        2: N_("disagree"),
        3: N_("somewhat disagree"),
        4: NEITHER,
        5: N_("somewhat agree"),
        6: N_("agree"),
        7: N_("strongly agree"),
    },
}
# The two ends of each scale as the standard questions word them.
ANCHORS: dict[Scale, tuple[str, str]] = {
    Scale.CSAT: (N_("very dissatisfied"), N_("very satisfied")),
    Scale.NPS: (N_("not at all likely"), N_("extremely likely")),
    Scale.CES: (N_("strongly disagree"), N_("strongly agree")),
}
# The metrics' names are the same in every language; a free text question's is not.
SCALE_NAMES = {Scale.CSAT: "CSAT", Scale.NPS: "NPS", Scale.CES: "CES", Scale.TEXT: N_("Text")}


def scale_name(scale: Scale) -> str:
    """'CSAT', 'NPS', 'CES', or the word for a free text question in the interface language."""
    name = SCALE_NAMES[scale]
    return _(name) if scale is Scale.TEXT else name


def anchors_text(scale: Scale) -> str:
    """'1 very dissatisfied … 5 very satisfied'."""
    span = RANGES[scale]
    low, high = ANCHORS[scale]
    return f"{span[0]} {_(low)} … {span[-1]} {_(high)}"


def value_word(scale: Scale, value: int) -> str:
    """What `value` means on `scale`, in the interface language ('' for none)."""
    word = SCALE_WORDS.get(scale, {}).get(value, "")
    if not word:
        return ""
    if word == NEITHER:
        if scale is Scale.CES:
            return pgettext("neither agree nor disagree", "neither")
        return pgettext("neither satisfied nor dissatisfied", "neither")
    return _(word)


def csat_text(csat: Csat) -> str:
    """'83%', or a dash."""
    percent = csat.percent
    return NONE if percent is None else f"{shown_percent(percent)}%"


def nps_text(nps: Nps) -> str:
    """'+38', '-12', '0', or a dash: signed, as NPS is written."""
    score = nps.score
    if score is None:
        return NONE
    whole = round(score)
    return f"+{whole}" if whole > 0 else str(whole)


def ces_text(ces: Ces) -> str:
    """'5.6' (the mean of 1-7), or a dash."""
    mean = ces.mean
    return NONE if mean is None else f"{mean:.1f}"


def easy_text(ces: Ces) -> str:
    """'75% easy' (answers 5 to 7), or ''."""
    percent = ces.percent_easy
    return "" if percent is None else _("{percent}% easy").format(percent=shown_percent(percent))


def rate_text(answered: int, sent: int) -> str:
    """'8/12 answered (67%)'."""
    if not sent:
        return _("none sent")
    return _("{answered}/{sent} answered ({percent}%)").format(
        answered=answered, sent=sent, percent=shown_percent(100 * answered / sent)
    )


def scores_line(scores: Scores) -> str:
    """'CSAT 83% · NPS +38 · CES 5.6 (8 responses)': a card's or a survey's scores."""
    n = scores.responses
    return ngettext(
        "CSAT {csat} · NPS {nps} · CES {ces} ({n} response)",
        "CSAT {csat} · NPS {nps} · CES {ces} ({n} responses)",
        n,
    ).format(csat=csat_text(scores.csat), nps=nps_text(scores.nps), ces=ces_text(scores.ces), n=n)
