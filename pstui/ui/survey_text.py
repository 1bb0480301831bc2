"""How survey figures and answer scales read on screen: CSAT as a percentage, NPS signed,
CES as a mean, and what each number of a scale means (its anchors), so that a user entering
a paper survey knows what a 4 or a 9 stands for.

Plain functions of the model's scores: the surveys screen, the response form and the card
detail all show them the same way.
"""

from __future__ import annotations

from pstui.model.survey import RANGES, Ces, Csat, Nps, Scale, Scores, Status, shown_percent

NONE = "–"  # a figure with nothing to compute it from

# What each number of a scale means. CES 2.0 asks how much the client agrees that "the team
# made it easy for me"; NPS names its three bands rather than each number.
SCALE_WORDS: dict[Scale, dict[int, str]] = {
    Scale.CSAT: {
        1: "very dissatisfied",
        2: "dissatisfied",
        3: "neither",
        4: "satisfied",
        5: "very satisfied",
    },
    Scale.NPS: {
        **dict.fromkeys(range(0, 7), "detractor"),
        7: "passive",
        8: "passive",
        9: "promoter",
        10: "promoter",
    },
    Scale.CES: {
        1: "strongly disagree",
        2: "disagree",
        3: "somewhat disagree",
        4: "neither",
        5: "somewhat agree",
        6: "agree",
        7: "strongly agree",
    },
}
# The two ends of each scale as the standard questions word them.
ANCHORS: dict[Scale, tuple[str, str]] = {
    Scale.CSAT: ("very dissatisfied", "very satisfied"),
    Scale.NPS: ("not at all likely", "extremely likely"),
    Scale.CES: ("strongly disagree", "strongly agree"),
}
SCALE_NAMES = {Scale.CSAT: "CSAT", Scale.NPS: "NPS", Scale.CES: "CES", Scale.TEXT: "Text"}
STATUS_WORDS = {
    Status.SENT: "sent",
    Status.PARTIAL: "partial",
    Status.ANSWERED: "answered",
    Status.OVERDUE: "overdue",
}


def anchors_text(scale: Scale) -> str:
    """'1 very dissatisfied … 5 very satisfied'."""
    span = RANGES[scale]
    low, high = ANCHORS[scale]
    return f"{span[0]} {low} … {span[-1]} {high}"


def value_word(scale: Scale, value: int) -> str:
    return SCALE_WORDS.get(scale, {}).get(value, "")


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
    return "" if percent is None else f"{shown_percent(percent)}% easy"


def rate_text(answered: int, sent: int) -> str:
    """'8/12 answered (67%)'."""
    if not sent:
        return "none sent"
    return f"{answered}/{sent} answered ({shown_percent(100 * answered / sent)}%)"


def scores_line(scores: Scores) -> str:
    """'CSAT 83% · NPS +38 · CES 5.6 (8 responses)': a card's or a survey's scores."""
    n = scores.responses
    counted = f"{n} response" + ("" if n == 1 else "s")
    return (
        f"CSAT {csat_text(scores.csat)} · NPS {nps_text(scores.nps)} · "
        f"CES {ces_text(scores.ces)} ({counted})"
    )
