"""Streamed screening finds what the in-memory screening finds, and writes every finding
and every row (valid or set aside, with its reasons) to files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from survey import load_instrument, read_responses, screen_responses
from survey.analysis import ScreeningSpec
from survey.screening.streamed import _median, screen_stream

pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
RESIDENTS = ROOT / "instruments" / "residents.yaml"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The bundled example's 306 questionnaires (planted defects: answers outside the scale,
    required answers missing, a repeated id, copied questionnaires, speeders) in the
    instrument's vocabulary, as Parquet and as CSV."""
    folder = tmp_path_factory.mktemp("screen")
    instrument = load_instrument(RESIDENTS)
    frame = read_responses(ROOT / "analyses" / "data" / "residents.csv", instrument)
    frame.to_parquet(folder / "r.parquet")
    frame.to_csv(folder / "r.csv", index=False)
    return instrument, frame, folder


def _sorted(problems: pd.DataFrame, shift: int = 0) -> pd.DataFrame:
    """Findings in one order; ``shift`` moves Parquet's record numbers (from 1) onto the CSV
    lines the in-memory frame is indexed by (header = line 1)."""
    out = problems[["row", "respondent_id", "rule", "column", "detail", "action"]]
    out = out.assign(row=out["row"] + shift).astype(str)
    return out.sort_values(["row", "rule", "column"]).reset_index(drop=True)


class TestScreenStream:
    @pytest.mark.parametrize("kind", ["r.parquet", "r.csv"])
    def test_same_findings_rows_and_counts_as_in_memory(self, example, kind, tmp_path) -> None:
        """Batches of 40 rows: the repeated id and the copied questionnaires lie in
        different batches from their first occurrence."""
        instrument, frame, folder = example
        settings = ScreeningSpec()
        memory = screen_responses(frame, instrument, settings=settings)
        streamed = screen_stream(folder / kind, instrument, tmp_path, settings=settings,
                                 batch_rows=40)
        assert (streamed.n_returned, streamed.n_valid, streamed.n_set_aside) == (306, 300, 6)
        shift = 1 if kind.endswith(".parquet") else 0
        found, expected_problems = (_sorted(pd.read_csv(streamed.problems_file), shift),
                                    _sorted(memory.problems))
        if shift:  # a detail naming another row names its record number
            found, expected_problems = found.drop(columns="detail"), expected_problems.drop(
                columns="detail")
        pd.testing.assert_frame_equal(found, expected_problems)
        pd.testing.assert_frame_equal(streamed.counts_by_rule, memory.counts_by_rule())
        assert streamed.rules == memory.rules and streamed.not_applied == memory.not_applied
        aside = pd.read_csv(streamed.set_aside_file, dtype=str, keep_default_na=False)
        expected = memory.set_aside.join(memory.reasons).reset_index()
        assert list(aside["respondent_id"]) == list(expected["respondent_id"])
        assert list(aside["reason"]) == list(expected["reason"])
        assert list(aside["flags"]) == list(expected["flags"])
        assert aside.loc[0, "sat_2"] == ("6" if shift else "6.0")  # as the file gave it

    def test_valid_and_set_aside_partition_the_file(self, example, tmp_path) -> None:
        instrument, frame, folder = example
        result = screen_stream(folder / "r.csv", instrument, tmp_path, batch_rows=64)
        valid = pd.read_csv(result.valid_file, dtype=str)
        aside = pd.read_csv(result.set_aside_file, dtype=str)
        rows = pd.concat([valid["respondent_id"], aside["respondent_id"]])
        assert len(valid) == 300 and len(aside) == 6
        assert sorted(rows) == sorted(frame["respondent_id"])
        assert list(valid.columns) == list(frame.columns)

    def test_hash_collisions_make_no_finding(self, example, tmp_path, monkeypatch) -> None:
        """Every row hashing alike: every row is a candidate, and the cell-by-cell check
        lets no false repeat through (each row is compared with the first of its hash, so
        such a collision can hide a repeat, never invent one)."""
        instrument, frame, folder = example
        expected = _sorted(pd.read_csv(
            screen_stream(folder / "r.parquet", instrument, tmp_path / "a").problems_file))
        monkeypatch.setattr(pd.util, "hash_pandas_object",
                            lambda obj, index=False: pd.Series(np.full(len(obj), 7,
                                                                       dtype=np.uint64)))
        collided = screen_stream(folder / "r.parquet", instrument, tmp_path / "b",
                                 batch_rows=50)
        found = _sorted(pd.read_csv(collided.problems_file))
        as_rows = {tuple(r) for r in found.itertuples(index=False)}
        assert as_rows <= {tuple(r) for r in expected.itertuples(index=False)}
        assert len(found[found["rule"] == "straight_lining"]) == 58  # row rules unaffected

    def test_speeding_uses_the_whole_files_median(self, example, tmp_path) -> None:
        """The threshold is a third of the median of all 306 times, not of a batch's."""
        instrument, frame, folder = example
        result = screen_stream(folder / "r.parquet", instrument, tmp_path, batch_rows=7)
        problems = pd.read_csv(result.problems_file)
        median = float(np.median(frame["duration_seconds"].dropna()))
        fast = frame.index[frame["duration_seconds"] < median / 3] - 1  # Parquet records
        assert sorted(problems.loc[problems["rule"] == "speeding", "row"]) == sorted(fast)
        assert f"median, {median:g} s" in problems.loc[problems["rule"] == "speeding", "detail"].iloc[0]

    def test_whole_file_rules_are_named_not_applied(self, example, tmp_path) -> None:
        instrument, _, folder = example
        settings = ScreeningSpec.model_validate({"mahalanobis": {"enabled": True},
                                                 "duplicate_ip": {"enabled": True}})
        result = screen_stream(folder / "r.parquet", instrument, tmp_path, settings=settings)
        assert ("mahalanobis", "needs_whole_file") in result.not_applied
        assert ("duplicate_ip", "no_ip") in result.not_applied


@pytest.mark.parametrize("seed", range(5))
def test_median_from_counts_is_numpys(seed: int) -> None:
    values = np.random.default_rng(seed).integers(10, 900, size=101 + seed)
    found, counts = np.unique(values, return_counts=True)
    assert _median(dict(zip(found.tolist(), counts.tolist(), strict=True))) == np.median(values)


def test_validate_stream_command(example, tmp_path, capsys) -> None:
    from survey.cli import main

    _, _, folder = example
    args = ["validate", "--instrument", str(RESIDENTS), "--responses",
            str(folder / "r.parquet"), "--engine", "stream"]
    assert main(args) == 2
    assert "--out" in capsys.readouterr().err
    assert main([*args, "--out", str(tmp_path), "--json", "--batch-rows", "100"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["n_returned"], data["n_valid"], data["n_set_aside"]) == (306, 300, 6)
    assert Path(data["files"]["set_aside"]).exists()
    assert main([*args, "--out", str(tmp_path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "306 rows read, 300 valid, 6 set aside" in out


def test_stream_refuses_what_it_cannot_read_with_what_to_do(example, tmp_path, capsys) -> None:
    """A workbook, or a column map (the streamed path reads columns named as the variables),
    is refused with exit 2, the file or option named and the memory engine offered; never a
    misleading encoding error or a silently ignored option."""
    from survey.cli import main

    _, frame, folder = example
    workbook = tmp_path / "r.xlsx"
    frame.head(20).to_excel(workbook, index=False)
    base = ["validate", "--instrument", str(RESIDENTS), "--engine", "stream",
            "--out", str(tmp_path / "out")]
    assert main([*base, "--responses", str(workbook)]) == 2
    err = capsys.readouterr().err
    assert "r.xlsx: the streamed engine reads CSV and Parquet only" in err
    assert "--engine memory" in err and "decode" not in err
    mapping = tmp_path / "map.yaml"
    mapping.write_text("respondent_id: respondent_id\n", encoding="utf-8")
    assert main([*base, "--responses", str(folder / "r.csv"), "--column-map", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert "--column-map is not read by --engine stream" in err
    assert not (tmp_path / "out").exists()


def test_valid_file_gives_the_reports_satisfaction(example, tmp_path) -> None:
    """Screen streamed, then satisfaction streamed over valid.csv: the in-memory figures of
    the screened questionnaires (87.67% overall for the example's residents)."""
    from survey.stats.satisfaction import satisfaction_table
    from survey.stats.satisfaction_sums import stream_satisfaction
    from survey.stats.streaming import LocalEngine

    instrument, frame, folder = example
    result = screen_stream(folder / "r.parquet", instrument, tmp_path, batch_rows=80)
    memory = satisfaction_table(screen_responses(frame, instrument).valid, instrument)
    streamed = stream_satisfaction(result.valid_file, instrument,
                                   engine=LocalEngine(batch_rows=80)).table
    pd.testing.assert_frame_equal(memory, streamed, check_exact=False, rtol=1e-9)
    assert round(float(streamed["value"].iloc[-1]), 4) == 0.8767
