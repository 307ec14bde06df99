"""The audit bounds only the sets of hidden cells that touch a cell new to the view (`fresh`:
not its context's, queries.suppression._pinned). Two shortcuts must leave that unchanged: no
fresh cell, nothing to bound; few fresh cells, the sets touching none are left out before they
are walked through (`_touching_fresh`)."""

from collections import defaultdict

from queries import suppression

# one set: F (shown, fresh) + H (hidden, not a target) = T1 (9), H + A3 (hidden target) = T3 (6)
F, H, T1, A3, T3 = (("x", name) for name in ("F", "H", "T1", "A3", "T3"))
# another: A2 (hidden target) + B2 (shown) = T2 (10); and Z1, Z2, in no group
A2, B2, T2, Z1, Z2 = (("x", name) for name in ("A2", "B2", "T2", "Z1", "Z2"))
VALUES = {F: 5, H: 4, T1: 9, A3: 2, T3: 6, A2: 3, B2: 7, T2: 10, Z1: 1, Z2: 1}
RELATIONS = [(T1, (F, H)), (T3, (H, A3)), (T2, (A2, B2))]
HIDDEN = {H, A3, A2}
TARGETS = {A3, A2}


def pinned(fresh: set) -> list:
    by_cell = defaultdict(list)
    for index, (total, parts) in enumerate(RELATIONS):
        for key in (total, *parts):
            by_cell[key].append(index)
    return suppression._pinned(
        VALUES, HIDDEN, RELATIONS, by_cell, defaultdict(list), TARGETS, fresh
    )


def test_with_no_fresh_cell_nothing_is_pinned_though_the_groups_pin_two():
    # T1 - F pins H at 4, then T3 - H pins A3 at 2; T2 - B2 pins A2 at 3: the context's
    # audit saw to those, and nothing here is new
    assert pinned(set()) == []


def test_a_target_tied_to_a_fresh_cell_only_through_a_hidden_non_target_is_still_bounded():
    # one fresh cell against two targets: the sets touching it are found first; A3 is reached
    # from F only through H (hidden, not a target) and the group T3
    assert suppression._touching_fresh(
        HIDDEN, RELATIONS, {F: [0], H: [0, 1], A3: [1], T1: [0], T3: [1]}, {}, {F}
    ) == {H, A3}
    assert pinned({F}) == [A3]


def test_the_same_targets_are_pinned_whether_or_not_the_sets_are_found_first():
    # Z1 and Z2 are fresh but in no group: three fresh cells against two targets, so every
    # set is walked through, and the same one alone is bounded
    assert pinned({F, Z1, Z2}) == [A3]


def test_a_fresh_shown_cell_in_a_group_brings_in_its_set_alone():
    assert pinned({B2}) == [A2]
    assert pinned({B2, F}) == [A2, A3]
