"""Streamed and distributed satisfaction give the in-memory figures (counts and score sums
merged across batches and partitions, see survey.stats.satisfaction_sums)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from survey import load_instrument, read_responses
from survey.errors import ParameterError, ResponseFileError
from survey.stats.satisfaction import dimension_table, satisfaction_table, subgroup_table
from survey.stats.satisfaction_sums import stream_satisfaction
from survey.stats.streaming import DaskEngine, LocalEngine
from tests.conftest import differences

pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
RESIDENTS = ROOT / "instruments" / "residents.yaml"

INSTRUMENT = """\
id: t
title: 测试问卷
group: {id: users, name: 服务对象}
scales:
  agree5_unsure:
    options: [[1, 非常同意], [2, 同意], [3, 一般], [4, 不同意], [5, 非常不同意], [8, 说不清]]
    satisfied: [1, 2]
    excluded: [8]
sections:
  - id: s1
    title: 基本情况
    questions:
      - {id: area, type: single, text: 您所在的片区, options: [[1, 东片], [2, 西片], [3, 北片]]}
  - id: s2
    title: 满意度
    questions:
      - id: m
        type: likert_matrix
        text: 请评价
        scale: sat5_dk
        items:
          - {id: a1, text: 甲, dimension: 服务}
          - {id: a2, text: 乙, dimension: 服务}
          - {id: a3, text: 丙, dimension: 环境}
          - {id: a4, text: 丁, dimension: 环境, reverse: true}
      - id: n
        type: likert_matrix
        text: 请评价
        scale: agree5_unsure
        items:
          - {id: b1, text: 戊}
      - {id: total, type: single, text: 总体满意程度, scale: sat5}
"""

ITEMS = ["a1", "a2", "a3", "a4", "b1", "total"]


def answers(n: int, seed: int) -> pd.DataFrame:
    """Seeded answers: a common trait, 不了解 (9, 8), blanks, and subgroup blanks."""
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=n)
    out: dict[str, object] = {"respondent_id": [f"R{i:05d}" for i in range(1, n + 1)]}
    out["area"] = rng.choice([1.0, 2.0, 3.0, np.nan], size=n, p=[0.4, 0.3, 0.25, 0.05])
    for name in ITEMS:
        x = np.clip(np.rint(3.6 + trait + rng.normal(size=n)), 1, 5)
        if name == "b1":
            x = 6 - x
        x[rng.random(n) < 0.06] = 8 if name == "b1" else 9
        if name == "total":
            x[x == 9] = 3
        x[rng.random(n) < 0.05] = np.nan
        out[name] = x
    return pd.DataFrame(out)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("satisfaction")
    (folder / "t.yaml").write_text(INSTRUMENT, encoding="utf-8")
    frame = answers(1201, seed=7)
    csv = folder / "t.csv"
    text = frame.set_index("respondent_id").astype("Int64").astype("string").reset_index()
    text.loc[5, "a1"] = "非常满意"          # a label, as platforms export it
    text.loc[6, "area"] = "西片"
    text.to_csv(csv, index=False)
    frame.loc[5, "a1"], frame.loc[6, "area"] = 5.0, 2.0
    frame.to_parquet(folder / "t.parquet")
    parts = folder / "parts"
    for i, start in enumerate(range(0, len(frame), 300)):
        (parts / f"area_batch={i}").mkdir(parents=True)
        frame.iloc[start:start + 300].to_parquet(parts / f"area_batch={i}" / "p.parquet")
    return {"instrument": folder / "t.yaml", "csv": csv, "parquet": folder / "t.parquet",
            "parts": parts}


CHOICES = [
    {},
    {"convention": "mean"},
    {"convention": "weighted_100", "mapping": "100/80/60/40/20", "overall": "weighted_mean",
     "item_weights": {"a1": 2, "a2": 1, "a3": 1, "a4": 1, "total": 3}},
    {"convention": "mean_rescaled", "confidence": 0.9},
    {"overall": "respondent_index", "interval": "clopper_pearson"},
    {"overall": "single_item", "overall_item": "total"},
]


def memory_tables(frame: pd.DataFrame, instrument, by, **choices):  # type: ignore[no-untyped-def]
    dims = {k: v for k, v in choices.items() if k != "overall_item"}
    return (satisfaction_table(frame, instrument, population=5000, **choices),
            dimension_table(frame, instrument, **dims),
            subgroup_table(frame, instrument, by, **choices))


def assert_same(memory, streamed) -> None:  # type: ignore[no-untyped-def]
    for a, b in zip(memory, (streamed.table, streamed.dimensions, streamed.subgroups),
                    strict=True):
        assert len(a) == len(b) > 0
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, atol=1e-12)


class TestStreamSatisfaction:
    @pytest.mark.parametrize("choices", CHOICES)
    @pytest.mark.parametrize("kind", ["csv", "parquet", "parts"])
    def test_batches_give_the_in_memory_tables(self, files, kind, choices) -> None:
        """Items, overall with its clustered interval, dimensions and subgroups to 1e-9,
        whatever the batch boundaries (97 rows) and the file kind."""
        instrument = load_instrument(files["instrument"])
        frame = read_responses(files["csv"], instrument)
        if "item_weights" in choices:  # the single sat5 question has no dimension weight
            choices = {**choices, "item_weights": {**choices["item_weights"], "b1": 1}}
        memory = memory_tables(frame, instrument, ["area"], **choices)
        streamed = stream_satisfaction(files[kind], instrument, by=["area"], population=5000,
                                       engine=LocalEngine(batch_rows=97), **choices)
        assert streamed.n_rows == 1201
        assert_same(memory, streamed)

    def test_excluded_codes_and_reverse_keying_come_from_the_instrument(self, files) -> None:
        """9 (不了解) is counted in n_excluded and no base; a4 is scored mirrored."""
        instrument = load_instrument(files["instrument"])
        frame = pd.read_parquet(files["parquet"])
        table = stream_satisfaction(files["parquet"], instrument).table.set_index("item")
        a1 = frame["a1"]
        assert table.loc["a1", "n_excluded"] == int((a1 == 9).sum())
        assert table.loc["a1", "n"] == int(a1.isin([1, 2, 3, 4, 5]).sum())
        assert table.loc["a1", "n_satisfied"] == int(a1.isin([4, 5]).sum())
        assert table.loc["a4", "n_satisfied"] == int(frame["a4"].isin([1, 2]).sum())
        assert table.loc["b1", "n_satisfied"] == int(frame["b1"].isin([1, 2]).sum())

    def test_example_residents_all_methods(self, tmp_path) -> None:
        """The bundled example's 306 questionnaires, planted answers outside the scale
        included (n_out_of_scale), by village and age band."""
        instrument = load_instrument(RESIDENTS)
        frame = read_responses(ROOT / "analyses" / "data" / "residents.csv", instrument)
        frame.to_parquet(tmp_path / "r.parquet")
        for choices in CHOICES[:2] + CHOICES[4:5]:
            memory = memory_tables(frame, instrument, ["village", "age_band"], **choices)
            streamed = stream_satisfaction(tmp_path / "r.parquet", instrument, population=5000,
                                           by=["village", "age_band"],
                                           engine=LocalEngine(batch_rows=50), **choices)
            assert_same(memory, streamed)
        assert streamed.table["n_out_of_scale"].sum() == 2

    def test_unknown_text_is_located(self, files, tmp_path) -> None:
        """A cell that is neither a code nor a label stops the pass with row and column."""
        bad = tmp_path / "bad.csv"
        lines = files["csv"].read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        cells = lines[40].split(",")
        cells[header.index("a3")] = "还行吧"
        lines[40] = ",".join(cells)
        bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
        instrument = load_instrument(files["instrument"])
        with pytest.raises(ResponseFileError) as error:
            stream_satisfaction(bad, instrument, engine=LocalEngine(batch_rows=16))
        assert (error.value.row, error.value.column, error.value.got) == (41, "a3", "还行吧")

    def test_choices_are_checked_before_reading(self, files) -> None:
        instrument = load_instrument(files["instrument"])
        with pytest.raises(ParameterError, match="single-choice"):
            stream_satisfaction(files["parquet"], instrument, by=["a1"])
        with pytest.raises(ParameterError, match="without a weight"):
            stream_satisfaction(files["parquet"], instrument, overall="weighted_mean",
                                item_weights={"a1": 1})
        with pytest.raises(ParameterError, match="does not fit"):
            stream_satisfaction(files["parquet"], instrument, convention="weighted_100",
                                mapping="100/50/0")

    def test_empty_file_has_no_figures(self, files, tmp_path) -> None:
        empty = tmp_path / "empty.csv"
        empty.write_text(files["csv"].read_text(encoding="utf-8").splitlines()[0] + "\n")
        result = stream_satisfaction(empty, load_instrument(files["instrument"]), by=["area"])
        assert result.n_rows == 0
        assert result.table["value"].isna().all()
        assert set(result.table["reason"].dropna()) == {"no_valid_answers"}
        assert len(result.subgroups) == 3 * 7  # three areas (nobody chose), no blank level


@pytest.mark.slow
def test_dask_local_cluster_two_workers_example_and_partitions(files, tmp_path) -> None:
    """Two local worker processes: the in-memory figures on the partitioned directory and
    on the bundled example (CSV split into several blocks)."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    instrument = load_instrument(files["instrument"])
    frame = read_responses(files["csv"], instrument)
    residents = load_instrument(RESIDENTS)
    example = read_responses(ROOT / "analyses" / "data" / "residents.csv", residents)
    example.to_csv(tmp_path / "r.csv", index=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        for choices in (CHOICES[0], CHOICES[4]):
            engine = DaskEngine(client)
            streamed = stream_satisfaction(files["parts"], instrument, by=["area"],
                                           population=5000, engine=engine, **choices)
            assert_same(memory_tables(frame, instrument, ["area"], **choices), streamed)
            on_csv = stream_satisfaction(tmp_path / "r.csv", residents, population=5000,
                                         by=["village", "age_band"], **choices,
                                         engine=DaskEngine(client, blocksize=4000))
            assert_same(memory_tables(example, residents, ["village", "age_band"], **choices),
                        on_csv)


class TestSatisfactionCommand:
    def test_engines_print_the_same_json(self, files, capsys) -> None:
        from survey.cli import main

        outputs = []
        for extra in (["--engine", "memory"], ["--engine", "stream", "--batch-rows", "100"]):
            code = main(["satisfaction", str(files["csv"]), "--instrument",
                         str(files["instrument"]), "--by", "area", "--convention", "mean",
                         "--json", *extra])
            assert code == 0
            outputs.append(json.loads(capsys.readouterr().out))
        memory, stream = outputs
        assert memory["n_rows"] == stream["n_rows"] == 1201
        for part in ("items", "dimensions", "subgroups"):
            a, b = pd.DataFrame(memory[part]), pd.DataFrame(stream[part])
            pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)

    def test_summary_and_answers_outside_the_scale(self, capsys) -> None:
        from survey.cli import main

        code = main(["satisfaction", str(ROOT / "analyses" / "data" / "residents.csv"),
                     "--instrument", str(RESIDENTS), "--lang", "en"])
        out, err = capsys.readouterr()
        assert code == 1
        assert "306 rows read" in out
        assert "sat_6                306    0.9248" in out
        assert "sat_2: 1 answer(s) outside the scale" in err

    def test_bad_cell_exits_2_with_file_row_and_column(self, tmp_path, capsys) -> None:
        from survey.cli import main

        bad = tmp_path / "bad.csv"
        bad.write_text("village,age_band,sat_1,sat_2\n1,2,5,4\n1,2,五,4\n", encoding="utf-8")
        code = main(["satisfaction", str(bad), "--instrument", str(RESIDENTS),
                     "--engine", "stream"])
        err = capsys.readouterr().err
        assert code == 2
        assert "bad.csv" in err and "sat_3" in err  # the first wanted column it lacks
        bad.write_text("village,age_band,sat_1,sat_2,sat_3,sat_4,sat_5,sat_6\n"
                       "1,2,5,4,4,4,4,4\n1,2,五,4,4,4,4,4\n", encoding="utf-8")
        code = main(["satisfaction", str(bad), "--instrument", str(RESIDENTS),
                     "--engine", "stream"])
        err = capsys.readouterr().err
        assert code == 2
        assert "bad.csv" in err and "row 3" in err and "sat_1" in err and "'五'" in err


class TestStreamInstrumentReliability:
    @pytest.mark.parametrize("missing", ["listwise", "pairwise"])
    def test_instrument_codes_reverse_keying_and_dimensions(self, files, missing) -> None:
        """Excluded codes (9, 8) left out, a4 reversed on 1–5, dimensions: as in memory."""
        from survey.stats.reliability import instrument_reliability
        from survey.stats.streaming import stream_instrument_reliability


        instrument = load_instrument(files["instrument"])
        memory = instrument_reliability(read_responses(files["csv"], instrument),
                                        instrument, missing=missing)
        for kind in ("parquet", "parts"):
            streamed = stream_instrument_reliability(files[kind], instrument, missing=missing,
                                                     engine=LocalEngine(batch_rows=101))
            assert memory.alpha.alpha is not None and len(memory.dimensions) == 2
            assert differences(memory.to_dict(), streamed.to_dict(), tol=1e-9) == []

    def test_undeclared_far_code_is_still_refused(self, tmp_path) -> None:
        """99 on a scale whose instrument declares only 9 is no answer: refused, located."""
        from survey.stats.streaming import stream_instrument_reliability

        instrument = load_instrument(RESIDENTS)
        frame = read_responses(ROOT / "analyses" / "data" / "residents.csv", instrument)
        frame.loc[frame.index[3], "sat_4"] = 99
        frame.to_parquet(tmp_path / "r.parquet")
        with pytest.raises(ParameterError) as error:
            stream_instrument_reliability(tmp_path / "r.parquet", instrument)
        assert error.value.column == "sat_4" and "99" in str(error.value)

    def test_cli_instrument_with_every_engine(self, files, capsys) -> None:
        from survey.cli import main


        outputs = []
        for source, extra in ((files["csv"], ["--engine", "memory"]),
                              (files["parquet"], ["--engine", "stream"])):
            code = main(["reliability", str(source), "--instrument", str(files["instrument"]),
                         "--json", *extra])
            assert code in (0, 1)
            outputs.append(json.loads(capsys.readouterr().out))
        outputs[1]["file"] = outputs[0]["file"]
        assert differences(outputs[0], outputs[1], tol=1e-9) == []
