"""Converters writing a chunk's numbers into the assembler's block in place give the numbers
they gave as new arrays (the former spreading and conversion kept here as the reference)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.instrument.model import Option
from survey.instrument.variables import Variable
from survey.responses.recode import Coded, Converted, Joined, Numeric, _float_into, _spread_into


def _spread_reference(per_unique: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The former ``_spread`` of floats: NaN everywhere, then each present cell's value."""
    out = np.full(len(codes), np.nan, dtype=per_unique.dtype)
    present = codes >= 0
    out[present] = per_unique[codes[present]]
    return out


def _bits(array: np.ndarray) -> list[int]:
    """The float64 values as their bit patterns (NaN payloads and -0.0 told apart)."""
    return np.ascontiguousarray(array, dtype="float64").view(np.uint64).tolist()


floats = st.floats(allow_nan=True, allow_infinity=True)


@settings(max_examples=200, deadline=None)
@given(per_unique=st.lists(floats, max_size=8), data=st.data())
def test_spread_into_gives_the_former_spread(per_unique, data):
    values = np.array(per_unique, dtype="float64")
    codes = np.array(data.draw(st.lists(st.integers(-1, len(values) - 1), max_size=30)),
                     dtype=np.intp)
    out = np.full(len(codes), 7.0)
    _spread_into(values, codes, out)
    assert _bits(out) == _bits(_spread_reference(values, codes))


_COLUMNS = st.sampled_from(["int64", "float64", "float32", "uint8", "Int64", "Float64"])


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.one_of(st.none(), st.integers(0, 200)), max_size=20),
       dtype=_COLUMNS, fraction=st.booleans())
def test_float_into_gives_what_pandas_gave(cells, dtype, fraction):
    """Each numeric dtype a reader may hand over (with blanks where it can hold them)."""
    if dtype in ("int64", "uint8"):
        cells = [0 if c is None else c for c in cells]
    values = pd.Series([c if c is None or not fraction else c + 0.5 for c in cells]
                       if dtype.lower().startswith("float") else cells, dtype=dtype)
    out = np.full(len(values), 7.0)
    _float_into(values, out)
    assert _bits(out) == _bits(values.to_numpy(dtype="float64", na_value=np.nan))


SCALE = tuple(Option(code=c, label=label) for c, label in
              ((5, "非常满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "非常不满意")))
SAT = Variable(name="sat_1", question="q7", section="s1", kind="single", label="满意度",
               options=SCALE)
COUNT = Variable(name="n", question="q8", section="s1", kind="number", label="人数", options=())

coded_cells = st.one_of(st.none(), st.sampled_from(["满意", " 一般 ", "非常不满意", "(跳过)",
                                                    "4", "2.0", "-3", "9"]))


def _converted(converter, values: pd.Series, names: tuple[str, ...]):
    """The numbers of one conversion without slots and with slots (the slots' arrays)."""
    plain = Converted()
    converter.convert(values, None, plain)
    block = np.full((len(names), len(values)), 7.0)
    slotted = Converted(slots={name: block[j] for j, name in enumerate(names)})
    converter.convert(values, None, slotted)
    for name in names:
        assert slotted.numeric[name] is slotted.slots[name]
    return plain, block


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(coded_cells, max_size=20), platform=st.booleans(),
       positions=st.booleans(), numbers=st.booleans())
def test_coded_numbers_in_place(cells, platform, positions, numbers):
    """Labels, codes, platform missing codes and option positions, from text and from
    numeric columns: the block's rows hold what the arrays held."""
    if numbers:
        values = pd.Series([None if c is None or not c.strip().lstrip("-").replace(
            ".0", "").isdigit() else float(c) for c in cells], dtype="float64")
    else:
        values = pd.Series(cells, dtype="str")
    converter = Coded(SAT, "sat", platform, tuple(SAT.codes) if positions else None,
                      {"满意": 4.0, "一般": 3.0, "非常不满意": 1.0}, {})
    try:
        plain, block = _converted(converter, values, ("sat_1",))
    except Exception as exc:  # an unknown label is refused either way
        assert "unknown" in str(exc)
        return
    assert _bits(block[0]) == _bits(plain.numeric["sat_1"])
    assert _bits(plain.numeric["sat_1"]) == _bits(_reference_coded(converter, values))


def _reference_coded(converter: Coded, values: pd.Series) -> np.ndarray:
    """Each cell read on its own by the converter's rule for one cell."""
    if values.dtype.kind == "f":
        if not converter.platform_codes and converter.positions is None:
            return values.to_numpy(dtype="float64")
        return np.array([np.nan if np.isnan(v) else converter._number(float(v))[0]
                         for v in values], dtype="float64")
    return np.array([np.nan if v is None or pd.isna(v) else converter._one(v)[0]
                     for v in values], dtype="float64")


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.one_of(st.none(), st.sampled_from(["1", "3┋5", "2,4", "(跳过)", "(空)",
                                                            "5", "1┋2┋3"])), max_size=20),
       ranked=st.booleans())
def test_joined_numbers_in_place(cells, ranked):
    """Each option's column of a joined multiple choice (ticks or places)."""
    names = tuple(f"q5_{c}" for c in range(1, 6))
    converter = Joined("q5", "q5", names, (1, 2, 3, 4, 5), ("a", "b", "c", "d", "e"), {},
                       platform_codes=True, positions=False, ranked=ranked)
    values = pd.Series(cells, dtype="str")
    plain, block = _converted(converter, values, names)
    for j, name in enumerate(names):
        assert _bits(block[j]) == _bits(plain.numeric[name])
        reference = np.full(len(values), np.nan)
        for i, cell in enumerate(cells):
            picked = None if cell is None else converter._one(cell)[0]
            if picked is not None:
                code = j + 1
                reference[i] = ({c: r for r, c in enumerate(picked, start=1)}.get(code, np.nan)
                                if ranked else float(code in picked))
        assert _bits(plain.numeric[name]) == _bits(reference)


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.one_of(st.none(), st.integers(-4, 40)), max_size=20),
       as_text=st.booleans(), platform=st.booleans())
def test_numeric_numbers_in_place(cells, as_text, platform):
    """Counts from numeric and from text columns, with and without platform codes."""
    values = (pd.Series([None if c is None else str(c) for c in cells], dtype="str") if as_text
              else pd.Series(cells, dtype="float64"))
    plain, block = _converted(Numeric(COUNT, "n", platform), values, ("n",))
    assert _bits(block[0]) == _bits(plain.numeric["n"])
    reference = [np.nan if c is None or (platform and c in (-3, -2)) else float(c)
                 for c in cells]
    assert _bits(plain.numeric["n"]) == _bits(np.array(reference, dtype="float64"))
