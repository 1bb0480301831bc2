"""The board filter's rules, its fast test of a card id, and what narrowing may skip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pstui.model.card import CardFacets
from pstui.store.repository import CardList
from pstui.ui.filtering import CardFilter, FilterMemo


def facets(
    card_id: str = "01ABC",
    title: str = "",
    description: str = "",
    client: str = "",
    assignee: str = "",
    tags: tuple[str, ...] = (),
) -> CardFacets:
    return CardFacets.fold(card_id, title, description, client, assignee, tags)


def passes(text: str, card: CardFacets) -> bool:
    return CardFilter.parse(text).matches(card)


def test_words_are_looked_for_in_every_text_of_the_card_and_its_id() -> None:
    card = facets("01JD9PHY", "ERP rollout", "Plant two first", "Acme", "Alice Chen", ("urgent",))
    for word in ("erp", "two", "acme", "chen", "urgent", "01jd9"):
        assert passes(word, card), word
    assert passes("erp two", card)  # every word
    assert not passes("erp three", card)


def test_case_is_folded_as_well_as_lowered() -> None:
    card = facets(title="Hauptstraße ERP", description="日本語のマニュアル")
    assert passes("STRASSE", card) and passes("erp", card)
    assert passes("マニュアル", card)


def test_chinese_words_match_inside_a_sentence() -> None:
    card = facets(title="客户门户上线", client="华东制造", assignee="张伟")
    assert passes("门户", card)
    assert passes("@张", card) and passes("client:华东", card)
    assert not passes("@李", card)


def test_at_names_an_assignee_any_of_several() -> None:
    card = facets(assignee="Alice Chen")
    assert passes("@alice", card) and passes("@bob @chen", card)
    assert not passes("@bob", card)
    assert not passes("@alice", facets(title="alice"))  # the assignee, not any text


def test_hash_names_a_tag_exactly_and_all_of_several() -> None:
    card = facets(tags=("Urgent", "erp"))
    assert passes("#urgent", card) and passes("#urgent #erp", card)
    assert not passes("#urg", card)
    assert not passes("#urgent #late", card)


def test_client_names_a_client_any_of_several() -> None:
    card = facets(client="Acme Corp")
    assert passes("client:acme", card) and passes("client:zeta client:corp", card)
    assert not passes("client:zeta", card)


def test_bare_marks_are_words() -> None:
    parsed = CardFilter.parse("@ # client:")
    assert parsed.words == ("@", "#", "client:") and not parsed.assignees


# Filters and cards drawn from a small alphabet, so that matches and near misses both occur.
_WORDS = st.text(alphabet="abAé门", min_size=1, max_size=3)
_TOKENS = st.one_of(
    _WORDS, _WORDS.map(lambda w: "@" + w), _WORDS.map(lambda w: "#" + w),
    _WORDS.map(lambda w: "client:" + w),
)  # fmt: skip
_FILTERS = st.lists(_TOKENS, max_size=4).map(" ".join).map(CardFilter.parse)
_FIELD = st.text(alphabet="abAé门 ", max_size=8)
_CARDS = st.builds(
    facets, title=_FIELD, description=_FIELD, client=_FIELD, assignee=_FIELD,
    tags=st.lists(_WORDS, max_size=3).map(tuple),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_FILTERS, st.lists(_CARDS, max_size=6))
def test_the_fast_test_of_an_id_agrees_with_matches(card_filter, cards) -> None:
    by_id = {str(n): card for n, card in enumerate(cards)}
    test = card_filter.test(by_id.__getitem__)
    assert [test(i) for i in by_id] == [card_filter.matches(c) for c in by_id.values()]


@settings(max_examples=500, deadline=None)
@given(_FILTERS, _FILTERS, _CARDS)
def test_a_narrower_filter_passes_only_cards_the_wider_one_passes(wide, narrow, card) -> None:
    if narrow.narrows(wide) and narrow.matches(card):
        assert wide.matches(card)


def test_typing_on_narrows_and_deleting_does_not() -> None:
    def narrows(new: str, old: str) -> bool:
        return CardFilter.parse(new).narrows(CardFilter.parse(old))

    assert narrows("alic", "ali") and narrows("ali ce", "ali") and narrows("ali", "")
    assert narrows("@alice", "@al") and narrows("#a #b", "#a") and narrows("x @al", "@al")
    assert not narrows("ali", "alic")
    assert not narrows("#a", "#a #b")
    assert not narrows("@bob", "@al")
    assert not narrows("x", "@al")  # no assignee named: any assignee passes again


def card_list(ids: list[str]) -> CardList:
    return CardList(ids, lambda card_id: card_id)  # type: ignore[arg-type, return-value]


def test_the_memo_tests_only_the_cards_kept_at_the_key_before() -> None:
    texts = {"1": "alice", "2": "alan", "3": "bob", "4": "alicia"}
    by_id = {i: facets(i, title=t) for i, t in texts.items()}
    tested: list[str] = []

    def facets_of(card_id: str) -> CardFacets:
        tested.append(card_id)
        return by_id[card_id]

    memo, column = FilterMemo(), card_list(list(texts))

    def shown(text: str, cards: CardList = column) -> list[str]:
        tested.clear()
        card_filter = CardFilter.parse(text)
        return memo.apply("todo", cards, card_filter, card_filter.test(facets_of)).ids

    assert shown("al") == ["1", "2", "4"] and tested == ["1", "2", "3", "4"]
    assert shown("ali") == ["1", "4"] and tested == ["1", "2", "4"]
    assert shown("alic") == ["1", "4"] and tested == ["1", "4"]
    assert shown("al") == ["1", "2", "4"] and tested == ["1", "2", "3", "4"]  # wider again
    # The column's cards changed (the repository made a new list): all are tested again.
    by_id["3"] = facets("3", title="alice too")
    assert shown("ali", card_list(list(texts))) == ["1", "3", "4"]
    assert tested == ["1", "2", "3", "4"]


def test_a_forgetful_memo_tests_every_card() -> None:
    by_id = {i: facets(i, title="alice") for i in "12"}
    memo, column = FilterMemo(), card_list(["1", "2"])
    card_filter = CardFilter.parse("ali")
    memo.apply("todo", column, card_filter, card_filter.test(by_id.__getitem__))
    memo.forget()
    tested: list[str] = []
    narrower = CardFilter.parse("alic")
    test = narrower.test(lambda i: tested.append(i) or by_id[i])  # type: ignore[func-returns-value]
    memo.apply("todo", column, narrower, test)
    assert tested == ["1", "2"]
