"""The audit's shortcut for programs alone in their cell (queries.suppression._pinned): a set of
hidden cells tied only to each other, one equal to the next, is pinned by nothing; one more tie
to a shown count pins them all, and the audit still finds it."""

from collections import defaultdict

from queries import suppression

INDIA = ("participation", "participants", "FY", "SA", "ALL", "ALL", "IN")
P1 = ("program", "participants", "P1", "FY|SA|ALL|ALL|IN", None)
GRANT = ("grant", "participants", "G1")


def pinned(values: dict, relations: list) -> set:
    by_cell = defaultdict(list)
    for index, (total, parts) in enumerate(relations):
        for key in (total, *parts):
            by_cell[key].append(index)
    hidden = {INDIA, P1}
    found = suppression._pinned(
        values, hidden, relations, by_cell, defaultdict(list), hidden, hidden
    )
    return set(found)


def test_a_program_alone_in_its_hidden_cell_is_pinned_by_nothing():
    # India's 3 are P1's 3: both hidden, 0 = 0 and 12 = 12 solve the tie alike
    assert pinned({INDIA: 3, P1: 3, GRANT: 12}, [(INDIA, (P1,))]) == set()


def test_the_same_pair_tied_to_a_shown_count_is_pinned():
    # the grant's participants (3, shown) are P1's alone: P1 and so India are 3
    relations = [(INDIA, (P1,)), (GRANT, (P1,))]
    assert pinned({INDIA: 3, P1: 3, GRANT: 3}, relations) == {INDIA, P1}


def test_a_view_with_a_program_alone_in_its_cell_hides_the_two_and_nothing_else():
    # k = 5: India's 3 and P1's 3 are primary; SA's total of 10 over India and Pakistan (7)
    # loses Pakistan to protect India; P2 (12, alone in no cell) is shown
    sa = ("participation", "participants", "FY", "SA", "ALL", "ALL", "ALL")
    pakistan = ("participation", "participants", "FY", "SA", "ALL", "ALL", "PK")
    p2 = ("program", "participants", "P2", None, None)
    decision = suppression.decide({sa: 10, INDIA: 3, pakistan: 7, P1: 3, p2: 12}, 5)
    assert decision.primary == {INDIA, P1}
    assert decision.hidden == {INDIA, P1, pakistan}
