"""Answer patterns (survey.stats.patterns): each row's classes over the items, numbered once;
checked against the classes themselves on random arrays, with the renumbering that keeps
the pattern numbers small forced at every step by small limits."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.stats.patterns import LIMIT, answer_patterns


@st.composite
def item_classes(draw: st.DrawFn) -> tuple[list[np.ndarray], list[int]]:
    """Up to five items of widths 1–9 over up to 60 rows, the classes drawn from a few values
    (repeated patterns) or from all (many patterns)."""
    n = draw(st.integers(0, 60))
    widths = draw(st.lists(st.integers(1, 9), min_size=1, max_size=5))
    classes = []
    for width in widths:
        pool = draw(st.lists(st.integers(0, width - 1), min_size=1, max_size=width))
        classes.append(np.array(draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n)),
                                dtype=np.int16))
    return classes, widths


class TestAnswerPatterns:
    @given(item_classes(), st.sampled_from([1, 2, 7, 64, LIMIT]))
    @settings(max_examples=200)
    def test_patterns_give_back_the_classes(self, data, limit):
        """Each row's pattern holds its classes; patterns distinct, ascending, each with its
        number of rows, whatever the limit that renumbers them."""
        classes, widths = data
        names = [f"q{j}" for j in range(len(classes))]
        p = answer_patterns(names, classes, widths, limit=limit)
        n = len(classes[0])
        assert p.rows.dtype == np.intp and p.table.dtype == np.int16 and len(p.rows) == n
        for j, x in enumerate(classes):
            assert np.array_equal(p.table[p.rows, j], x)
            assert np.array_equal(p.classes(names[j]), p.table[:, j])
        expected = sorted({tuple(int(x[i]) for x in classes) for i in range(n)})
        assert [tuple(int(c) for c in row) for row in p.table] == expected
        assert p.counts.tolist() == np.bincount(p.rows, minlength=len(expected)).tolist()

    @given(item_classes(), st.data())
    @settings(max_examples=100)
    def test_subset_counts_its_rows(self, data, draw):
        """A subset's patterns count its own rows; class counts are the subset's bincount."""
        classes, widths = data
        names = [f"q{j}" for j in range(len(classes))]
        p = answer_patterns(names, classes, widths)
        n = len(p.rows)
        keep = np.array(draw.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
        part = p.subset(p.rows[keep])
        assert part.counts.tolist() == np.bincount(p.rows[keep],
                                                   minlength=len(p.counts)).tolist()
        for name, x, width in zip(names, classes, widths, strict=True):
            counts = part.class_counts(name, width + 2)
            assert counts.dtype == np.int64
            assert counts.tolist() == np.bincount(x[keep], minlength=width + 2).tolist()

    def test_many_distinct_patterns_past_the_limit(self):
        """Renumbering past the limit (np.unique) on every row distinct."""
        rng = np.random.default_rng(3)
        classes = [rng.integers(0, 8, 5000).astype(np.int16) for _ in range(8)]
        p = answer_patterns([str(j) for j in range(8)], classes, [8] * 8, limit=1000)
        for j, x in enumerate(classes):
            assert np.array_equal(p.table[p.rows, j], x)
        assert p.counts.sum() == 5000 and (p.counts > 0).all()

    def test_no_items(self):
        """Without items every row has the one empty pattern."""
        p = answer_patterns([], [], [], n_rows=3)
        assert p.rows.tolist() == [0, 0, 0] and p.table.shape == (1, 0)
        assert p.counts.tolist() == [3]
        empty = answer_patterns([], [], [])
        assert len(empty.rows) == 0 and empty.counts.tolist() == []
