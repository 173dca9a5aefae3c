"""The problems table every screening rule returns, built without per-row Python loops.

Columns (:data:`PROBLEM_COLUMNS`): ``row`` (file row, header = row 1), ``respondent_id``,
``rule``, ``column`` (a variable, a question id, or ``*`` for the whole questionnaire),
``value`` (the offending answer as text, or missing) and ``detail`` (a sentence from
``survey/locales/<lang>/screening.yaml``).

A million respondents can give a million findings that repeat a few texts (one rule, one
column, "every answer equals row 4"), so ``rule``, ``column``, ``detail`` (and the
screening's ``action``) are categoricals: an integer code per finding and each text once.
Their categories are sorted, so sorting by them is sorting by their text, and only texts
that occur are categories (a count per value has no zero rows).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray
from pandas.api.types import union_categoricals

from survey.instrument.logic import Condition, parse_condition
from survey.locale import Language, text
from survey.rounding import format_number

__all__ = ["PROBLEM_COLUMNS", "cells", "concat", "condition", "empty", "fmt_codes", "is_code",
           "numbers_text", "problems", "render", "render_numbers", "repeats", "texts"]

PROBLEM_COLUMNS = ["row", "respondent_id", "rule", "column", "value", "detail"]


def cells(column: pd.Series, mask: np.ndarray) -> np.ndarray:
    """The cells of ``column`` where ``mask`` holds, as Python objects (a blank is ``None``).

    >>> cells(pd.Series(["a", None, "c"], dtype="string"), np.array([True, True, False]))
    array(['a', None], dtype=object)
    """
    # Select first, then convert: a text column is turned into Python objects only at the
    # cells wanted, not at every row of the frame.
    values: np.ndarray = column.array[mask].to_numpy(dtype=object)
    values[pd.isna(values)] = None
    return values


def texts(values: str | np.ndarray | pd.Categorical[Any], n: int) -> pd.Categorical[Any]:
    """``values`` (one text for all ``n`` findings, or one per finding) as a categorical
    with sorted categories, only those that occur.

    >>> texts(np.array(["b", "a", "b"], dtype=object), 3).tolist(), texts("x", 2).tolist()
    (['b', 'a', 'b'], ['x', 'x'])
    """
    if isinstance(values, str):
        one: pd.Categorical[Any] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8),
                                                             categories=pd.Index([values]))
        return one
    if not isinstance(values, pd.Categorical):
        return pd.Categorical(np.asarray(values, dtype=object))
    # The categories in use counted, not found by sorting the codes (a million findings).
    codes = np.asarray(values.codes, dtype=np.intp)
    used = np.bincount(codes + 1, minlength=len(values.categories) + 1)[1:] > 0
    categories = values.categories[used]
    order = sorted(range(len(categories)), key=lambda i: categories[i])
    if order == list(range(len(categories))):
        if used.all():
            return values
    else:  # the sorted texts as pandas reads a list of them
        categories = pd.Index([categories[i] for i in order])
    # Old code -> new code; a blank (-1) reads the last entry, which stays -1.
    new = np.full(len(values.categories) + 1, -1, dtype=np.intp)
    new[np.flatnonzero(used)[order]] = np.arange(len(order))
    return pd.Categorical.from_codes(new[codes], categories=categories,
                                     ordered=values.ordered)


def _ids(column: pd.Series, mask: np.ndarray) -> np.ndarray | ExtensionArray:
    """The respondent ids at ``mask``: a text column's cells are taken as text (no Python
    objects), as the problems table holds them; other columns' as :func:`cells`."""
    if isinstance(column.dtype, pd.StringDtype):
        taken = column.array[mask]
        if not taken.isna().all():
            text: ExtensionArray = taken.astype("str")
            return text
    return cells(column, mask)


def empty() -> pd.DataFrame:
    """A problems table with no rows (and the right dtypes)."""
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "object")
                         for c in PROBLEM_COLUMNS})


@lru_cache(maxsize=512)
def condition(expression: str) -> Condition:
    """A parsed skip-logic expression (parsed once per expression)."""
    return parse_condition(expression)


@lru_cache(maxsize=256)
def _parts(
    lang: Language, key: str, fields: tuple[str, ...],
) -> tuple[tuple[str, str | None], ...]:
    template = text(lang, key, **{f: "{" + f + "}" for f in fields})
    return tuple((literal, name) for literal, name, _, _ in string.Formatter().parse(template))


def render(lang: Language, key: str, n: int, **values: Any) -> np.ndarray:
    """The sentence ``key`` for ``n`` findings at once; each value is a scalar or an array
    of ``n`` texts.

    >>> render("en", "screening_detail_duplicate_answers", 2, first=np.array(["4", "9"])).tolist()
    ['every answer equals row 4', 'every answer equals row 9']
    """
    out = np.full(n, "", dtype=object)
    for literal, name in _parts(lang, key, tuple(sorted(values))):
        if literal:
            out = out + literal
        if name is not None:
            value = values[name]
            if isinstance(value, np.ndarray | pd.Series | list):
                out = out + np.asarray(value, dtype=object).astype(str).astype(object)
            else:
                out = out + str(value)
    return out


def numbers_text(values: np.ndarray, decimals: int = 2) -> np.ndarray:
    """Numbers as short text: whole numbers without ``.0``, others half-up rounded.

    >>> numbers_text(np.array([6.0, 3.5, 2.345])).tolist()
    ['6', '3.5', '2.35']
    >>> numbers_text(np.array([1e20, -2.0**63, 9.5e18])).tolist()
    ['100000000000000000000', '-9223372036854775808', '9500000000000000000']
    """
    array = np.asarray(values, dtype="float64")
    if len(array) > 256:  # many findings: mostly a few small answer codes
        shown = _small_whole_numbers_text(array)
        if shown is not None:
            return shown
    whole = np.isfinite(array)
    whole[whole] = np.mod(array[whole], 1) == 0  # a blank or ±inf is not whole
    huge = whole & (np.abs(array) >= 2.0**63)  # whole, but past int64: Python's int is exact
    whole &= ~huge
    out = np.empty(len(array), dtype=object)
    out[whole] = array[whole].astype("int64").astype(str)
    out[huge] = [str(int(v)) for v in array[huge]]
    rest = ~(whole | huge)
    out[rest] = [format_number(v, decimals) if np.isfinite(v) else "" for v in array[rest]]
    return out


def _small_whole_numbers_text(array: np.ndarray) -> np.ndarray | None:
    """:func:`numbers_text` of whole numbers spanning fewer than 4,096 (no blank), each
    number's text made once and taken by value; else ``None``."""
    # minimum and maximum propagate a blank (NaN), which fails the comparisons.
    low, high = float(np.minimum.reduce(array)), float(np.maximum.reduce(array))
    if not (low > -2.0**62 and high < 2.0**62 and high - low < 4096 and low.is_integer()):
        return None
    whole = array.astype(np.int64)
    if np.count_nonzero(whole != array):
        return None
    start = int(low)
    shown = np.array([str(v) for v in range(start, int(high) + 1)], dtype=object)
    return shown[whole - start]


def render_numbers(lang: Language, key: str, numbers: Mapping[str, tuple[np.ndarray, int]],
                   **scalars: Any) -> pd.Categorical[Any]:
    """As :func:`render`, for findings whose varying fields are numbers: each distinct
    combination is written once (``numbers``: field → (values, decimals)), and the
    sentences are a categorical (:func:`texts`).

    >>> render_numbers("en", "screening_detail_duplicate_answers",
    ...                {"first": (np.array([4.0, 9.0, 4.0]), 0)}).tolist()
    ['every answer equals row 4', 'every answer equals row 9', 'every answer equals row 4']
    """
    names = list(numbers)
    arrays = [np.asarray(numbers[n][0], dtype="float64") for n in names]
    if not len(arrays[0]):
        return texts(np.empty(0, dtype=object), 0)
    if len(arrays) == 1:  # numbered in order of first appearance already
        inverse = np.asarray(pd.factorize(arrays[0], use_na_sentinel=False)[0], dtype=np.intp)
    else:
        combined = np.zeros(len(arrays[0]), dtype="int64")
        for array in arrays:
            codes, uniques = pd.factorize(array, use_na_sentinel=False)
            combined = combined * (len(uniques) + 1) + codes
        inverse, _ = pd.factorize(combined)
    first = _first_positions(inverse)
    fields = {n: numbers_text(a[first], numbers[n][1]) for n, a in zip(names, arrays, strict=True)}
    # Two combinations can read alike once rounded: each sentence is one category.
    sentences, unique = pd.factorize(render(lang, key, len(first), **fields, **scalars))
    return texts(pd.Categorical.from_codes(sentences[inverse], categories=pd.Index(unique)),
                 len(inverse))


def is_code(values: np.ndarray, codes: tuple[float, ...] | list[float]) -> np.ndarray:
    """``values`` that equal one of ``codes`` (one vectorised comparison per code)."""
    out = np.zeros(len(values), dtype=bool)
    for code in codes:
        out |= values == code
    return out


def fmt_codes(codes: tuple[int, ...]) -> str:
    """``1, 2, 3, 4, 5`` (a run of consecutive codes as ``1–5``).

    >>> fmt_codes((1, 2, 3, 4, 5)), fmt_codes((0, 1, 9))
    ('1–5', '0, 1, 9')
    """
    ordered = sorted(codes)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(str(c) for c in ordered)


def problems(
    frame: pd.DataFrame,
    id_column: str,
    rule: str,
    mask: np.ndarray,
    column: str | np.ndarray,
    value: np.ndarray | None,
    detail: np.ndarray | pd.Categorical[Any],
) -> pd.DataFrame:
    """The findings of ``rule`` at the rows where ``mask`` holds (values and details are
    given for those rows only; ``rule``, ``column`` and ``detail`` held as :func:`texts`)."""
    mask = np.asarray(mask, dtype=bool)
    k = int(mask.sum())
    if not k:
        return empty()
    ids = _ids(frame[id_column], mask) \
        if id_column in frame else np.full(k, None, dtype=object)
    return pd.DataFrame({
        "row": _rows_at(frame.index, mask),
        "respondent_id": ids,
        "rule": texts(rule, k),
        "column": texts(column, k),
        "value": (np.full(k, None, dtype=object) if value is None
                  else np.asarray(value, dtype=object)),
        "detail": texts(detail, k),
    }, columns=PROBLEM_COLUMNS)


def _rows_at(index: pd.Index, mask: np.ndarray) -> np.ndarray:
    """The file rows (int64) where ``mask`` holds: a range index's from the positions, no
    array of every row made first."""
    if isinstance(index, pd.RangeIndex):
        rows: np.ndarray = np.flatnonzero(mask).astype(np.int64)
        rows *= index.step
        rows += index.start
        return rows
    taken: np.ndarray = index.to_numpy()[mask].astype("int64")
    return taken


def concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Problems tables one after another (an empty table when there are none); a column
    that is categorical in every table stays categorical, over the union of the texts."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty()
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    columns: dict[str, Any] = {}
    for name in parts[0].columns:
        pieces = [p[name] for p in parts]
        if all(isinstance(c.dtype, pd.CategoricalDtype) for c in pieces):
            columns[name] = union_categoricals([c.array for c in pieces], sort_categories=True)
        else:
            columns[name] = pd.concat(pieces, ignore_index=True)
    return pd.DataFrame(columns, columns=parts[0].columns)


def repeats(keys: pd.Series | np.ndarray, index: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose key (not missing) an earlier row has, and for every row the file row of
    the first row with its key. One hashing pass (:func:`pandas.factorize`), then integer
    work only.

    >>> repeated, first = repeats(pd.Series(["a", "b", "a", None, "b"]), pd.RangeIndex(2, 7))
    >>> repeated.tolist(), first.tolist()
    ([False, False, True, False, True], [2, 3, 2, -1, 3])
    """
    codes = _short_text_codes(keys)
    if codes is None:
        codes, _ = pd.factorize(keys, use_na_sentinel=True)
    present = codes >= 0
    if not present.any():
        return np.zeros(len(codes), dtype=bool), np.full(len(codes), -1, dtype="int64")
    if int(codes.max()) + 1 == np.count_nonzero(present):
        # As many codes as keys: every key is distinct (respondent ids), each row its own
        # first row.
        return np.zeros(len(codes), dtype=bool), np.where(present, index.to_numpy(), -1)
    first_pos = _first_positions(codes)
    first_at = np.where(present, first_pos[np.maximum(codes, 0)], -1)
    rows = index.to_numpy()
    first = np.where(present, rows[np.maximum(first_at, 0)], -1)
    repeated = present & (first_at != np.arange(len(codes)))
    return repeated, first


#: ``_BYTES[k]``: the low ``k`` bytes of a 64-bit word (``k`` = 0 to 8).
_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


def _short_text_codes(keys: pd.Series | np.ndarray) -> np.ndarray | None:
    """For a pyarrow text column whose texts are at most 15 bytes long (UTF-8), codes as
    :func:`pandas.factorize` numbers them (-1 for a blank); else ``None``.

    Respondent ids are short and nearly all distinct, where pyarrow's hashing of a million
    texts is slow (0.25 s): each text is read instead as two 64-bit words (its first 8 bytes,
    and the next 7 with its length in the top byte), taken from the UTF-8 bytes by one
    unaligned 8-byte read per word, and the words are factorised as integers. Two texts
    are equal exactly when their lengths and bytes are, so exactly when their words are.

    >>> _short_text_codes(pd.Series(["b", "a", None, "b", ""], dtype="string")).tolist()
    [0, 1, -1, 0, 2]
    """
    if not isinstance(keys, pd.Series) or not isinstance(keys.dtype, pd.StringDtype) \
            or keys.dtype.storage != "pyarrow":
        return None
    import pyarrow as pa

    texts = pa.chunked_array(keys.array.__arrow_array__()).combine_chunks()
    if pa.types.is_large_string(texts.type):
        offset_type: type[np.integer[Any]] = np.int64
    elif pa.types.is_string(texts.type):
        offset_type = np.int32
    else:
        return None
    n = len(texts)
    present = texts.is_valid().to_numpy(zero_copy_only=False)
    _, offset_buffer, data_buffer = texts.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=offset_type, count=texts.offset + n + 1)[
        texts.offset:].astype(np.int64)
    lengths = np.where(present, np.diff(offsets), 0)
    if not n or int(lengths.max()) > 15:
        return None
    # The bytes the texts span, padded so that an 8-byte read from any start stays inside.
    low, high = int(offsets[0]), int(offsets[-1])
    data = np.zeros(high - low + 16, dtype=np.uint8)
    if high > low:
        data[:high - low] = np.frombuffer(data_buffer, dtype=np.uint8)[low:high]
    words = np.ndarray(shape=(len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    start = offsets[:-1] - low
    if int(lengths.max()) <= 7:
        return _seven_byte_codes(words, start, lengths, present)
    first = words[start] & _BYTES[np.minimum(lengths, 8)]
    second = (words[start + 8] & _BYTES[np.maximum(lengths - 8, 0)]) | (
        lengths.astype(np.uint64) << np.uint64(56))
    codes = np.full(n, -1, dtype=np.intp)
    if _increasing(first[present], second[present], lengths[present]):  # all distinct
        codes[present] = np.arange(int(np.count_nonzero(present)), dtype=np.intp)
        return codes
    a, _ = pd.factorize(first[present].view(np.int64))
    b, seconds = pd.factorize(second[present].view(np.int64))
    codes[present] = pd.factorize(a.astype(np.int64) * len(seconds) + b)[0]
    return codes


def _seven_byte_codes(words: np.ndarray, start: np.ndarray, lengths: np.ndarray,
                      present: np.ndarray) -> np.ndarray:
    """:func:`_short_text_codes` of texts of at most 7 bytes (ids up to ``9999999``): each
    text is one word, its length in the top byte over its bytes, the first byte most
    significant. The words are equal exactly when the texts are, and ordered as
    :func:`_increasing` orders the texts (length, then bytes), so one comparison of
    neighbours tells whether they are all distinct; else the words are factorised."""
    key = words[start]
    key &= _BYTES[lengths]
    key.byteswap(inplace=True)  # the 8th byte, zero, is now the lowest
    key >>= np.uint64(8)
    key |= lengths.astype(np.uint64) << np.uint64(56)
    everyone = bool(present.all())
    given = key if everyone else key[present]
    codes = np.full(len(key), -1, dtype=np.intp)
    if len(given) < 2 or bool((given[1:] > given[:-1]).all()):
        numbers = np.arange(len(given), dtype=np.intp)
    else:
        numbers = np.asarray(pd.factorize(given.view(np.int64))[0], dtype=np.intp)
    if everyone:
        return numbers
    codes[present] = numbers
    return codes


def _increasing(first: np.ndarray, second: np.ndarray, lengths: np.ndarray) -> bool:
    """Whether texts (as :func:`_short_text_codes` reads them: ``first``, ``second`` and
    their ``lengths``) are in strictly increasing order of length, then bytes; then no two
    are equal, and numbering them in turn is numbering them as :func:`pandas.factorize`
    does. Ids are often numbered in file order (``1``, ``2`` … ``1000000``), and this is
    one comparison per pair of neighbours instead of a hash table of a million texts.

    Each text is compared as two unsigned words, its length and first 7 bytes, then its
    8th to 15th bytes, each most significant byte first (``byteswap``)."""
    if len(first) < 2:
        return True
    high = (lengths.astype(np.uint64) << np.uint64(56)) | (first.byteswap() >> np.uint64(8))
    up = high[1:] > high[:-1]
    if up.all():
        return True
    same = high[1:] == high[:-1]
    if not (up | same).all():
        return False
    low = ((first >> np.uint64(56)) << np.uint64(56)) | (
        (second & _BYTES[7]).byteswap() >> np.uint64(8))
    return bool((low[1:][same] > low[:-1][same]).all())


def _first_positions(codes: np.ndarray) -> np.ndarray:
    """Position of each code's first occurrence, for codes numbered in order of first
    appearance (as :func:`pandas.factorize` numbers them; -1 = missing): a row holds a
    code's first occurrence exactly when its code exceeds every code before it."""
    if not len(codes):
        return np.empty(0, dtype="int64")
    running = np.maximum.accumulate(codes)
    before = np.concatenate(([-1], running[:-1]))
    return np.flatnonzero(codes > before)


def by_question(names: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Variables grouped by question id, in order."""
    grouped: dict[str, list[Any]] = {}
    for var in names.values():
        grouped.setdefault(var.question, []).append(var)
    return grouped
