"""The board filter's triage tokens (is:, due:, stage:, negation), the count it says, and that
narrowing and the fast test still agree with the rules."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pstui.model.card import CardFacets
from pstui.model.standup import TriageFacets
from pstui.model.workflow import Stage
from pstui.ui.filtering import CardFilter, Scope

TODAY = date(2026, 11, 22)
DAY = TODAY.toordinal()
EXECUTION = Stage("execution", "Execution", stuck_days=10)
REVIEW = Stage("review", "Quality review")
HERE = Scope.of(TODAY, "Priya Raman", EXECUTION)


def facets(assignee: str = "", title: str = "", tags: tuple[str, ...] = ()) -> CardFacets:
    return CardFacets.fold("01ABC", title, "", "", assignee, tags)


def triage(
    due: int | None = None, blocked: bool = False, held: bool = False, days: int | None = 0
) -> TriageFacets:
    """A card due `due` days from today, in its stage for `days` days."""
    return TriageFacets(
        None if due is None else DAY + due, blocked, held, None if days is None else DAY - days
    )


def passes(text: str, card_triage: TriageFacets, card: CardFacets | None = None, scope=HERE):
    return CardFilter.parse(text).matches(card or facets(), card_triage, scope)


def test_is_overdue_blocked_and_hold_read_the_cards_state() -> None:
    assert passes("is:overdue", triage(due=-1))
    assert not passes("is:overdue", triage(due=0))  # due today is not late yet
    assert not passes("is:overdue", triage())  # no due date
    assert passes("is:blocked", triage(blocked=True)) and not passes("is:blocked", triage())
    assert passes("is:hold", triage(held=True)) and not passes("is:hold", triage())
    assert passes("is:overdue is:blocked", triage(due=-3, blocked=True))
    assert not passes("is:overdue is:blocked", triage(due=-3))  # every is: token


def test_is_stuck_is_past_the_threshold_of_the_column_the_card_is_in() -> None:
    assert passes("is:stuck", triage(days=11)) and not passes("is:stuck", triage(days=10))
    never = Scope.of(TODAY, "", Stage("x", "X", stuck_days=0))  # 0: never stuck
    assert not passes("is:stuck", triage(days=400), scope=never)
    default = Scope.of(TODAY, "", Stage("x", "X"))  # the workflow's default, two weeks
    assert passes("is:stuck", triage(days=15), scope=default)
    assert not passes("is:stuck", triage(days=None))  # no date it entered: not stuck


def test_is_mine_is_the_users_own_name_in_any_case_not_a_part_of_it() -> None:
    assert passes("is:mine", triage(), facets("priya raman"))
    assert not passes("is:mine", triage(), facets("Priya Ramanathan"))
    assert not passes("is:mine", triage(), facets(""), Scope.of(TODAY, "", EXECUTION))


def test_an_is_token_may_be_cut_short_while_it_is_unique() -> None:
    assert CardFilter.parse("is:o").flags == ("overdue",)
    assert CardFilter.parse("is:st is:M").flags == ("stuck", "mine")
    unknown = CardFilter.parse("is:late")
    assert unknown.unread == ("is:late",) and not unknown.active  # said, not matched


def test_due_within_and_beyond_count_days_from_today() -> None:
    assert passes("due:<7d", triage(due=6)) and not passes("due:<7d", triage(due=7))
    assert passes("due:<7d", triage(due=-20))  # overdue is due sooner still
    assert not passes("due:<7d", triage())  # no due date: neither soon nor late
    assert passes("due:<2w", triage(due=13)) and not passes("due:<2w", triage(due=14))
    assert passes("due:>7d", triage(due=8)) and not passes("due:>7d", triage(due=7))
    assert passes("due:<7", triage(due=3))  # days when no unit is given
    assert passes("due:>2d due:<5d", triage(due=3)) and not passes("due:>2d due:<5d", triage(due=5))
    assert CardFilter.parse("due:<7d due:<3d").due_within == 3  # the narrower bound
    assert CardFilter.parse("due:<").unread == ("due:<",)  # half typed: said, left out


def test_stage_names_a_column_by_id_or_name_in_any_case_from_its_start() -> None:
    review = Scope.of(TODAY, "", REVIEW)
    for typed in ("stage:review", "stage:REV", "stage:quality", "stage:Quality"):
        card_filter = CardFilter.parse(typed)
        assert card_filter.stage_passes(REVIEW), typed
        assert passes(typed, triage(), scope=review), typed
        assert not card_filter.stage_passes(EXECUTION), typed
    assert CardFilter.parse("stage:exe stage:rev").stage_passes(EXECUTION)  # any of them
    assert not CardFilter.parse("stage:nowhere").stage_passes(REVIEW)


def test_a_minus_leaves_out_what_its_token_passes() -> None:
    assert not passes("-is:blocked", triage(blocked=True))
    assert passes("-is:blocked", triage())
    assert not passes("-@priya", triage(), facets("Priya Raman"))
    assert not passes("-portal", triage(), facets(title="Portal"))
    assert passes("-portal", triage(), facets(title="Intranet"))
    no_review = CardFilter.parse("-stage:review")
    assert no_review.stage_passes(EXECUTION) and not no_review.stage_passes(REVIEW)
    assert CardFilter.parse("-").words == ("-",)  # a dash alone is a word
    assert CardFilter.parse("-is:x").unread == ("-is:x",)


def test_the_fast_test_of_a_column_skips_a_stage_the_filter_leaves_out() -> None:
    def never_read(card_id: str) -> CardFacets:
        raise AssertionError("a card of a column left out was read")

    card_filter = CardFilter.parse("stage:review portal")
    test = card_filter.test(never_read, scope=Scope.of(TODAY, "", EXECUTION))
    assert test("01ABC") is False


def test_the_count_says_how_many_match_and_where() -> None:
    counts = [("Initiation", 0), ("Execution", 7), ("Review", 5)]
    assert CardFilter.parse("@priya").counted(counts) == "12 match: Execution 7, Review 5"
    assert CardFilter.parse("@zed").counted([("Execution", 0)]) == "no card matches"
    said = CardFilter.parse("is:late @priya").counted(counts)
    assert said == "12 match: Execution 7, Review 5  (not read: is:late)"


# Filters and cards drawn so that matches and near misses both occur.
_WORDS = st.sampled_from(["a", "ab", "b", "门"])
_TOKENS = st.one_of(
    _WORDS, _WORDS.map(lambda w: "@" + w), _WORDS.map(lambda w: "#" + w),
    st.sampled_from(["is:overdue", "is:blocked", "is:hold", "is:stuck", "is:mine", "is:o"]),
    st.sampled_from(["due:<3d", "due:<7d", "due:>1d", "due:>5d", "due:<1w"]),
    st.sampled_from(["stage:e", "stage:ex", "stage:q", "stage:review"]),
)  # fmt: skip
_SIGNED = st.one_of(_TOKENS, _TOKENS.map(lambda t: "-" + t))
_FILTERS = st.lists(_SIGNED, max_size=4).map(" ".join).map(CardFilter.parse)
_CARDS = st.builds(
    facets, assignee=st.sampled_from(["", "a", "ab b", "priya raman"]),
    title=st.sampled_from(["", "a", "ab 门"]), tags=st.lists(_WORDS, max_size=2).map(tuple),
)  # fmt: skip
_TRIAGE = st.builds(
    triage, due=st.one_of(st.none(), st.integers(-10, 10)), blocked=st.booleans(),
    held=st.booleans(), days=st.one_of(st.none(), st.integers(0, 20)),
)  # fmt: skip
_SCOPES = st.sampled_from([HERE, Scope.of(TODAY, "ab b", REVIEW)])


@settings(max_examples=400, deadline=None)
@given(_FILTERS, _FILTERS, _CARDS, _TRIAGE, _SCOPES)
def test_a_narrower_filter_passes_only_cards_the_wider_one_passes(
    wide, narrow, card, card_triage, scope
) -> None:
    if narrow.narrows(wide) and narrow.matches(card, card_triage, scope):
        assert wide.matches(card, card_triage, scope)


@settings(max_examples=300, deadline=None)
@given(_FILTERS, st.lists(st.tuples(_CARDS, _TRIAGE), max_size=5), _SCOPES)
def test_the_fast_test_of_an_id_agrees_with_matches(card_filter, cards, scope) -> None:
    by_id = {str(n): card for n, card in enumerate(cards)}
    test = card_filter.test(
        lambda i: by_id[i][0], lambda i: by_id[i][1], scope
    )  # fmt: skip
    assert [test(i) for i in by_id] == [
        card_filter.matches(c, t, scope) and card_filter.stage_passes(scope.stage)
        for c, t in by_id.values()
    ]


def test_typing_a_token_on_narrows_and_deleting_or_negating_does_not() -> None:
    def narrows(new: str, old: str) -> bool:
        return CardFilter.parse(new).narrows(CardFilter.parse(old))

    assert narrows("is:overdue is:blocked", "is:overdue")
    assert narrows("due:<3d", "due:<7d") and not narrows("due:<7d", "due:<3d")
    assert narrows("due:>7d", "due:>3d") and not narrows("due:>3d", "due:>7d")
    assert narrows("stage:exec", "stage:ex") and not narrows("stage:ex", "stage:exec")
    assert narrows("-a -b", "-a") and not narrows("-ab", "-a")  # -ab leaves out fewer
    assert not narrows("is:overdue", "is:overdue is:blocked")
