"""Parquet read in batches (survey.responses.batches): what a dataset scan would give, one
file and one row group at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from survey.responses.batches import iter_batches

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture
def partitioned(tmp_path: Path) -> Path:
    """Two hive partitions: area=1 holds 3 rows in row groups of 2, area=2 holds 2 rows
    and has no column ``b``."""
    first = tmp_path / "area=1"
    second = tmp_path / "area=2"
    first.mkdir()
    second.mkdir()
    pq.write_table(pa.table({"id": ["R1", "R2", "R3"], "a": pa.array([1, None, 3], pa.int8()),
                             "b": [0.5, 1.5, 2.5]}), first / "p.parquet", row_group_size=2)
    pq.write_table(pa.table({"id": ["R4", "R5"], "a": pa.array([4, 5], pa.int8())}),
                   second / "p.parquet")
    return tmp_path


class TestParquetBatches:
    def test_partition_keys_missing_columns_and_record_numbers(self, partitioned) -> None:
        """The key is repeated over its file's rows, the absent column is blank, the
        index counts records from 1 across files, a batch never spans two files."""
        batches = list(iter_batches(partitioned, ["id", "area", "a", "b"], batch_rows=5))
        assert [len(b) for b in batches] == [3, 2]
        frame = pd.concat(batches)
        assert list(frame.index) == [1, 2, 3, 4, 5]
        assert frame.index.name == "row"
        assert list(frame["id"]) == ["R1", "R2", "R3", "R4", "R5"]
        assert frame["area"].tolist() == [1.0, 1.0, 1.0, 2.0, 2.0]
        np.testing.assert_array_equal(frame["a"].to_numpy(), [1, np.nan, 3, 4, 5])
        np.testing.assert_array_equal(frame["b"].to_numpy(), [0.5, 1.5, 2.5, np.nan, np.nan])

    def test_numeric_batch_is_one_float_block(self, partitioned) -> None:
        """Integer columns (with nulls) arrive as float64 in a single block, so the item
        matrix is read from it without a copy."""
        batch = next(iter_batches(partitioned, ["a", "b"], batch_rows=1))
        assert list(batch.dtypes) == [np.float64, np.float64]
        assert batch._mgr.nblocks == 1
        assert batch["a"].tolist() == [1.0]

    def test_batch_rows_splits_a_row_group(self, partitioned) -> None:
        sizes = [len(b) for b in iter_batches(partitioned, ["a"], batch_rows=1)]
        assert sizes == [1, 1, 1, 1, 1]

    def test_only_the_partition_key(self, partitioned) -> None:
        frame = pd.concat(iter_batches(partitioned, ["area"], batch_rows=10))
        assert frame["area"].tolist() == [1.0, 1.0, 1.0, 2.0, 2.0]
