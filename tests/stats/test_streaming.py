"""Streamed and distributed reliability give the in-memory figures (sums merged across
batches and partitions, see survey.stats.sufficient)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from survey.errors import ParameterError, ResponseFileError
from survey.stats.reliability import ScaleReliability, scale_reliability
from survey.stats.streaming import DaskEngine, LocalEngine, stream_reliability
from survey.stats.sufficient import batch_statistics, merge
from tests.conftest import differences

pytest.importorskip("pyarrow")


def likert(n: int, k: int, seed: int, blank: float = 0.1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    x = np.clip(np.rint(3 + trait + rng.normal(size=(n, k))), 1, 5)
    x[rng.random((n, k)) < blank] = np.nan
    return pd.DataFrame(x, columns=[f"q{i + 1}" for i in range(k)])


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path, Path, Path]:
    folder = tmp_path_factory.mktemp("stream")
    frame = likert(503, 6, seed=1)
    csv, parquet, parts = folder / "d.csv", folder / "d.parquet", folder / "parts"
    frame.to_csv(csv, index=False)
    frame.to_parquet(parquet)
    parts.mkdir()
    for i in range(4):
        frame.iloc[i * 130:(i + 1) * 130].to_parquet(parts / f"part-{i}.parquet")
    return frame, csv, parquet, parts


DIMS = {"A": ["q1", "q2", "q3"], "B": ["q4", "q5", "q6"]}


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
@pytest.mark.parametrize("reverse", [[], ["q2"]])
@pytest.mark.parametrize("kind", ["csv", "parquet", "parts"])
def test_local_engine_equals_memory(data, missing, reverse, kind) -> None:
    frame, csv, parquet, parts = data
    source = {"csv": csv, "parquet": parquet, "parts": parts}[kind]
    items = list(frame.columns)
    memory = scale_reliability(frame, items, missing=missing, reverse=reverse, dimensions=DIMS)
    streamed = stream_reliability(source, items, missing=missing, reverse=reverse,
                                  dimensions=DIMS, engine=LocalEngine(batch_rows=47))
    assert memory.alpha.alpha is not None
    assert differences(memory.to_dict(), streamed.to_dict()) == []


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
def test_float_answers_far_from_zero(tmp_path, missing) -> None:
    """Non-integer data: float sums about a shift, merged across shifts (Chan et al.)."""
    frame = likert(400, 5, seed=2) * 0.37 + 1.0e4
    frame.to_parquet(tmp_path / "f.parquet")
    memory = scale_reliability(frame, missing=missing)
    streamed = stream_reliability(tmp_path / "f.parquet", list(frame.columns), missing=missing,
                                  engine=LocalEngine(batch_rows=33))
    assert differences(memory.to_dict(), streamed.to_dict(), tol=1e-9) == []


def test_merge_across_shifts_is_exact_algebra() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(50, 2, size=(300, 4))
    x[rng.random(x.shape) < 0.2] = np.nan
    whole = batch_statistics(x, list("abcd")).moments("pairwise")
    parts = merge(batch_statistics(x[:100], list("abcd")),   # each about its own means
                  batch_statistics(x[100:], list("abcd")))
    merged = parts.moments("pairwise")
    np.testing.assert_allclose(merged.cov, whole.cov, rtol=1e-11)
    np.testing.assert_allclose(merged.mean, whole.mean, rtol=1e-14)
    # and the listwise sums too
    np.testing.assert_allclose(parts.moments("listwise").cov, whole.cov * 0 + batch_statistics(
        x, list("abcd")).moments("listwise").cov, rtol=1e-11)


def test_integer_sums_are_exact_python_integers() -> None:
    x = np.array([[1.0, 5.0], [2.0, np.nan], [5.0, 4.0]])
    st = merge(batch_statistics(x[:2], ["a", "b"]), batch_statistics(x[2:], ["a", "b"]))
    assert st.exact and st.c[0, 1] == 1 * 5 + 5 * 4 and isinstance(st.c[0, 1], int)
    assert st.n_pair.tolist() == [[3, 2], [2, 2]]
    assert st.codes == ({1.0: 1, 2.0: 1, 5.0: 1}, {4.0: 1, 5.0: 1})


def test_declared_and_undeclared_missing_codes(tmp_path) -> None:
    frame = likert(200, 4, seed=4, blank=0.0)
    frame.iloc[::7, 1] = 9  # 不了解
    frame.to_csv(tmp_path / "m.csv", index=False)
    with pytest.raises(ParameterError) as refused:
        stream_reliability(tmp_path / "m.csv", list(frame.columns))
    assert refused.value.code == "undeclared_missing_code" and refused.value.column == "q2"
    memory = scale_reliability(frame, missing_values=[9])
    streamed = stream_reliability(tmp_path / "m.csv", list(frame.columns), missing_values=[9],
                                  engine=LocalEngine(batch_rows=64))
    assert differences(memory.to_dict(), streamed.to_dict()) == []
    assert streamed.alpha.n_respondents == 200 - len(range(0, 200, 7))


def test_item_without_answers_set_aside_as_in_memory(tmp_path) -> None:
    frame = likert(120, 4, seed=5)
    frame["q4"] = np.nan
    frame.loc[3, "q4"] = 2.0
    frame.to_parquet(tmp_path / "e.parquet")
    for missing in ("listwise", "pairwise"):
        memory = scale_reliability(frame, missing=missing)
        streamed = stream_reliability(tmp_path / "e.parquet", list(frame.columns),
                                      missing=missing, engine=LocalEngine(batch_rows=50))
        assert streamed.alpha.excluded_items == ("q4",)
        assert differences(memory.to_dict(), streamed.to_dict()) == []


def test_bad_cell_is_located_in_the_file(tmp_path) -> None:
    (tmp_path / "b.csv").write_text("a,b\n1,2\n2,3\n3,x\n4,4\n", encoding="utf-8")
    with pytest.raises(ResponseFileError) as bad:
        stream_reliability(tmp_path / "b.csv", ["a", "b"], engine=LocalEngine(batch_rows=2))
    assert (bad.value.code, bad.value.column, bad.value.row) == ("not_numeric", "b", 4)
    with pytest.raises(ResponseFileError) as absent:
        stream_reliability(tmp_path / "b.csv", ["a", "c"])
    assert absent.value.code == "missing_column"


def test_psychometrics_references(tmp_path) -> None:
    reference = Path("/work/shared/reference/psychometrics")
    files = sorted((reference / "data").glob("*.csv")) if reference.is_dir() else []
    if not files:
        pytest.skip("no psychometrics reference data on this machine")
    for path in files:
        frame = pd.read_csv(path)
        numeric = frame.select_dtypes("number")
        if numeric.shape[1] < 2:
            continue
        for missing in ("listwise", "pairwise"):
            try:
                memory = scale_reliability(numeric, missing=missing)
            except ParameterError:
                continue
            streamed = stream_reliability(path, list(numeric.columns), missing=missing,
                                          engine=LocalEngine(batch_rows=500))
            assert differences(memory.to_dict(), streamed.to_dict(), tol=1e-10) == [], path


@pytest.mark.slow
def test_dask_local_cluster_two_workers(data) -> None:
    pytest.importorskip("distributed")
    frame, csv, _, parts = data
    items = list(frame.columns)
    for missing in ("listwise", "pairwise"):
        memory = scale_reliability(frame, items, missing=missing, dimensions=DIMS)
        on_parts = stream_reliability(parts, items, missing=missing, dimensions=DIMS,
                                      engine=DaskEngine(workers=2))
        on_csv = stream_reliability(csv, items, missing=missing, dimensions=DIMS,
                                    engine=DaskEngine(blocksize=3000))  # several partitions
        assert differences(memory.to_dict(), on_parts.to_dict()) == []
        assert differences(memory.to_dict(), on_csv.to_dict()) == []


def test_cli_engines_print_the_same_json(data, capsys) -> None:
    import json

    from survey.cli import main

    frame, csv, parquet, _ = data
    items = ",".join(frame.columns)
    outputs = []
    for extra in ([], ["--engine", "stream", "--batch-rows", "64"]):
        for source in (csv, parquet):
            code = main(["reliability", str(source), "--items", items, "--missing", "pairwise",
                         "--json", *extra])
            outputs.append(json.loads(capsys.readouterr().out))
            assert code in (0, 1)
    for other in outputs[1:]:
        other["file"] = outputs[0]["file"]
        assert differences(outputs[0], other) == []


def test_cli_refuses_bootstrap_and_instrument_when_streaming(data, capsys) -> None:
    from survey.cli import main

    _, csv, _, _ = data
    assert main(["reliability", str(csv), "--items", "q1,q2", "--engine", "stream",
                 "--bootstrap", "10"]) == 2
    assert "bootstrap" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["reliability", str(csv), "--items", "q1,q2", "--engine", "stream",
              "--batch-rows", "0"])
    assert usage.value.code == 2
    assert "≥ 1" in capsys.readouterr().err



def _constant_rest_frame(seed: int, blanks: bool) -> pd.DataFrame:
    """q1 + q3 = 6 in every row, so q2's rest score (q1 + q3) never varies."""
    rng = np.random.default_rng(seed)
    q1 = rng.integers(1, 6, 300).astype(float)
    frame = pd.DataFrame({"q1": q1, "q2": rng.integers(1, 6, 300).astype(float), "q3": 6 - q1})
    if blanks:
        frame.loc[rng.random(300) < 0.1, "q2"] = np.nan
    return frame


def _both(frame: pd.DataFrame, folder: Path,
          batch_rows: int) -> tuple[ScaleReliability, ScaleReliability]:
    """Listwise reliability of ``frame`` in memory and streamed from its CSV."""
    frame.to_csv(folder / "c.csv", index=False)
    items = list(frame.columns)
    return (scale_reliability(frame, items, missing="listwise"),
            stream_reliability(folder / "c.csv", items, missing="listwise",
                               engine=LocalEngine(batch_rows=batch_rows)))


@pytest.mark.parametrize("blanks", [False, True])
@pytest.mark.parametrize("scale", [1.0, 0.37])
def test_constant_rest_score_as_in_memory(tmp_path, blanks, scale) -> None:
    """A rest score that never varies (q1 + q3 = 6): no α if deleted and no corrected
    item-total r for q2, with the reason, streamed as in memory; whole numbers decided from
    exact sums, other answers (× 0.37) within rounding."""
    memory, streamed = _both(_constant_rest_frame(5, blanks) * scale, tmp_path, 41)
    row = memory.item_table.set_index("item").loc["q2"]
    assert row["alpha_if_deleted"] is None or pd.isna(row["alpha_if_deleted"])
    assert str(row["corrected_item_total_r_reason"]) == "zero_total_variance"
    assert pd.isna(row["corrected_item_total_r"])
    # standardised, the rest z1 + z3 = z1 − z1 is constant too: no r (was 0.0 in memory)
    assert pd.isna(row["standardized_corrected_item_total_r"])
    assert differences(memory.to_dict(), streamed.to_dict(), tol=1e-9) == []


def test_constant_rest_among_kept_items_after_a_constant_item(tmp_path) -> None:
    """A constant item (q5 = 3) is left out of α; the rest scores are then judged on the rows
    complete on the kept items, which with blanks in q5 are more than those complete on all:
    the streamed pass reads the kept items again, as the in-memory path looks at them."""
    frame = _constant_rest_frame(6, blanks=False)
    frame["q5"] = 3.0
    frame.loc[::7, "q5"] = np.nan
    memory, streamed = _both(frame, tmp_path, 64)
    row = memory.item_table.set_index("item").loc["q2"]
    assert str(row["corrected_item_total_r_reason"]) == "zero_total_variance"
    assert differences(memory.to_dict(), streamed.to_dict(), tol=1e-9) == []
