"""Read the columns of a CSV or Parquet file (or a partitioned Parquet directory) in batches
of bounded size, for statistics that add up across batches (:mod:`survey.stats.streaming`).

Parquet goes through pyarrow datasets: a file or a directory of files (hive partitions such
as ``year=2024/``) read column by column, one record batch at a time, without SQL or a
second copy; CSV through pandas' C parser in chunks (UTF-8, else GB18030). Each batch is a
frame indexed by ``row``: the line in a CSV file (header = line 1), the record number
(from 1) in Parquet, so that a bad cell is reported where it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from survey.errors import MissingFileError, ResponseFileError

__all__ = ["check_columns", "csv_errors", "is_parquet", "iter_batches", "parquet_columns"]


def is_parquet(path: str | Path) -> bool:
    """A ``.parquet``/``.pq`` file, or a directory holding Parquet files."""
    path = Path(path)
    if path.is_dir():
        return any(path.rglob("*.parquet")) or any(path.rglob("*.pq"))
    return path.suffix.lower() in (".parquet", ".pq")


def check_columns(path: Path, columns: Sequence[str], wanted: Sequence[str]) -> None:
    """A wanted column that the file lacks is an error naming it and the file's columns."""
    for name in wanted:
        if name not in columns:
            shown = ", ".join(map(str, list(columns)[:30]))
            raise ResponseFileError("column not found", code="missing_column", file=str(path),
                                    column=name, hint=f"Columns in the file: {shown}.")


@contextmanager
def csv_errors(path: Path, encoding: str) -> Iterator[None]:
    """pandas' parser errors and an unknown encoding as located :class:`ResponseFileError`."""
    try:
        yield
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ResponseFileError(f"not a readable CSV table: {exc}", code="bad_csv",
                                file=str(path)) from exc
    except LookupError as exc:
        raise ResponseFileError(f"unknown encoding {encoding!r}", code="bad_encoding",
                                file=str(path)) from exc


def _dataset(path: Path) -> Any:
    """The ``pyarrow.dataset.Dataset`` of a Parquet file or folder (pyarrow is untyped)."""
    try:
        import pyarrow.dataset as ds
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ResponseFileError("reading Parquet needs pyarrow", code="parquet_unavailable",
                                file=str(path),
                                hint="pip install 'survey-eval[scale]'") from exc
    try:
        return ds.dataset(str(path), format="parquet", partitioning="hive")
    except Exception as exc:  # pyarrow's own errors: not a Parquet file, unreadable footer
        raise ResponseFileError(f"not a readable Parquet file: {exc}", code="bad_parquet",
                                file=str(path)) from exc


def parquet_columns(path: str | Path) -> list[str]:
    """The column names of a Parquet file or directory."""
    return list(_dataset(Path(path)).schema.names)


def iter_batches(path: str | Path, columns: Sequence[str], *, batch_rows: int = 1_000_000,
                 encoding: str | None = None) -> Iterator[pd.DataFrame]:
    """Frames of at most ``batch_rows`` rows holding ``columns`` of the file, in file order.

    A CSV that is not UTF-8 is read as GB18030 (or as ``encoding``); a decoding error
    partway raises ``UnicodeDecodeError`` for the caller to start over with the next one.
    """
    path = Path(path)
    if not path.exists():
        raise MissingFileError.for_path(path, "data file")
    if is_parquet(path):
        yield from _parquet_batches(path, list(columns), batch_rows)
        return
    if path.suffix.lower() not in (".csv", ".txt"):
        raise ResponseFileError("unsupported file type for a streamed pass",
                                code="unsupported_file_type", file=str(path),
                                expected=".csv or .parquet", got=path.suffix or "(no suffix)")
    yield from _csv_batches(path, list(columns), batch_rows, encoding or "utf-8-sig")


def _parquet_batches(path: Path, columns: list[str], batch_rows: int) -> Iterator[pd.DataFrame]:
    import pyarrow as pa

    dataset = _dataset(path)
    check_columns(path, dataset.schema.names, columns)
    start = 1
    for batch in dataset.to_batches(columns=columns, batch_size=batch_rows):
        data: dict[str, object] = {}
        for name, array in zip(columns, batch.columns, strict=True):
            if pa.types.is_integer(array.type) or pa.types.is_floating(array.type):
                data[name] = array.cast(pa.float64()).to_numpy(zero_copy_only=False)
            else:  # text or other: left as it is, for numeric_matrix to judge cell by cell
                data[name] = array.to_pandas()
        frame = pd.DataFrame(data, columns=columns)
        frame.index = pd.RangeIndex(start, start + batch.num_rows, name="row")
        start += batch.num_rows
        if batch.num_rows:
            yield frame


def _csv_batches(path: Path, columns: list[str], batch_rows: int,
                 encoding: str) -> Iterator[pd.DataFrame]:
    with csv_errors(path, encoding):
        header = pd.read_csv(path, nrows=0, encoding=encoding)
        names = [str(c).strip() for c in header.columns]
        check_columns(path, names, columns)
        wanted = [header.columns[names.index(c)] for c in columns]
        reader = pd.read_csv(path, usecols=wanted, encoding=encoding, keep_default_na=False,
                             na_values=[""], chunksize=batch_rows)
        start = 2
        with reader:
            for chunk in reader:
                chunk.columns = [str(c).strip() for c in chunk.columns]
                chunk = chunk[columns]
                chunk.index = pd.RangeIndex(start, start + len(chunk), name="row")
                start += len(chunk)
                yield chunk


