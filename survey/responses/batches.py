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

import numpy as np
import pandas as pd

from survey.errors import MissingFileError, ResponseFileError
from survey.instrument.variables import Variable
from survey.responses.formats import EXCEL_SUFFIXES, STAT_SUFFIXES

__all__ = ["check_columns", "coded_matrix", "csv_encoding", "csv_errors", "file_columns",
           "is_parquet", "iter_batches", "parquet_columns", "streamable"]


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
    except ImportError as exc:  # pragma: no cover - a pyarrow built without its datasets
        raise ResponseFileError("reading Parquet needs pyarrow's datasets",
                                code="parquet_unavailable", file=str(path),
                                hint="pip install --force-reinstall pyarrow") from exc
    try:
        return ds.dataset(str(path), format="parquet", partitioning="hive")
    except Exception as exc:  # pyarrow's own errors: not a Parquet file, unreadable footer
        raise ResponseFileError(f"not a readable Parquet file: {exc}", code="bad_parquet",
                                file=str(path)) from exc


def streamable(path: str | Path) -> Path:
    """``path`` when it exists and is read in batches (CSV or Parquet); a workbook or an SPSS
    or Stata file is refused with what to do instead (they are read whole, in memory)."""
    path = Path(path)
    if not path.exists():
        raise MissingFileError.for_path(path, "data file")
    suffix = path.suffix.lower()
    if path.is_file() and suffix in EXCEL_SUFFIXES + STAT_SUFFIXES:
        raise ResponseFileError(
            "the streamed engine reads CSV and Parquet only", code="not_streamable",
            file=str(path), expected="a .csv file or a Parquet file or folder", got=suffix,
            hint="Use --engine memory (the default) for a workbook or an SPSS/Stata file, or "
                 "save it as CSV first.")
    return path


def file_columns(path: str | Path, encoding: str | None = None) -> list[str]:
    """The column names of a CSV (header stripped) or Parquet file or directory."""
    path = streamable(path)
    if is_parquet(path):
        return parquet_columns(path)
    for enc in [encoding] if encoding else ["utf-8-sig", "gb18030"]:
        try:
            with csv_errors(path, enc):
                return [str(c).strip() for c in pd.read_csv(path, nrows=0, encoding=enc).columns]
        except UnicodeDecodeError:
            continue
    raise ResponseFileError(f"cannot decode as {encoding or 'UTF-8 or GB18030'}",
                            code="bad_encoding", file=str(path), hint="Pass --encoding.")


def csv_encoding(path: str | Path, encoding: str | None = None) -> str:
    """``encoding``, else UTF-8 when the whole file decodes as UTF-8 (read in 16 MB pieces,
    never held), else GB18030 (as Chinese Excel saves CSV)."""
    import codecs

    if encoding:
        return encoding
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(16 << 20):
                decoder.decode(piece)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def parquet_columns(path: str | Path) -> list[str]:
    """The column names of a Parquet file or directory."""
    return list(_dataset(Path(path)).schema.names)


def iter_batches(path: str | Path, columns: Sequence[str], *, batch_rows: int = 1_000_000,
                 encoding: str | None = None, text: Sequence[str] = ()) -> Iterator[pd.DataFrame]:
    """Frames of at most ``batch_rows`` rows holding ``columns`` of the file, in file order.

    A CSV that is not UTF-8 is read as GB18030 (or as ``encoding``); a decoding error
    partway raises ``UnicodeDecodeError`` for the caller to start over with the next one.
    ``text`` columns of a CSV are read as text (an id ``007`` stays ``007``).
    """
    path = streamable(path)
    if is_parquet(path):
        yield from _parquet_batches(path, list(columns), batch_rows)
        return
    if path.suffix.lower() not in (".csv", ".txt"):
        raise ResponseFileError("unsupported file type for a streamed pass",
                                code="unsupported_file_type", file=str(path),
                                expected=".csv or .parquet", got=path.suffix or "(no suffix)")
    yield from _csv_batches(path, list(columns), batch_rows, encoding or "utf-8-sig", text)


def _parquet_batches(path: Path, columns: list[str], batch_rows: int) -> Iterator[pd.DataFrame]:
    """Each file of the dataset (its files in the dataset's order) read by
    ``ParquetFile.iter_batches``: one row group decoded at a time, whatever the consumer's
    pace. (The dataset scanner keeps decoding row groups ahead while a batch is being summed,
    read-ahead settings notwithstanding: 250 MiB and more of Arrow's pool on a 20-row-group
    file.) A hive partition key is repeated over its file's rows, a column a file lacks is
    null, as the dataset's own scan gives them. Numeric columns go straight into one float64
    block (numpy's cast, no Arrow float copy), so an all-numeric batch is one matrix that
    :func:`~survey.stats._moments.numeric_matrix` reads without copying."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    dataset = _dataset(path)
    check_columns(path, dataset.schema.names, columns)
    types = {name: dataset.schema.field(name).type for name in columns}
    start = 1
    for fragment in dataset.get_fragments():
        keys = ds.get_partition_keys(fragment.partition_expression)
        source = pq.ParquetFile(fragment.path, filesystem=dataset.filesystem)
        present = set(source.schema_arrow.names)
        read = [c for c in columns if c in present and c not in keys]
        for batch in source.iter_batches(batch_size=batch_rows, columns=read):
            n = batch.num_rows
            if not n:
                continue
            arrays = [batch.column(c) if c in read
                      else pa.repeat(pa.scalar(keys[c], types[c]), n) if c in keys
                      else pa.nulls(n, types[c]) for c in columns]
            yield _frame(columns, arrays, start)
            start += n


def _frame(columns: list[str], arrays: list[Any], start: int) -> pd.DataFrame:
    """A batch's frame indexed by record number from ``start``: numeric columns as float64
    (NaN = null) in one block, other columns as pandas makes them."""
    import pyarrow as pa

    n = len(arrays[0])
    numeric = [pa.types.is_integer(a.type) or pa.types.is_floating(a.type) for a in arrays]
    block = np.empty((n, sum(numeric)), dtype=np.float64, order="F")
    data: dict[str, object] = {}
    j = 0
    for name, array, is_number in zip(columns, arrays, numeric, strict=True):
        if is_number:  # integers with nulls come as float64 with NaN
            block[:, j] = array.to_numpy(zero_copy_only=False)
            data[name] = block[:, j]
            j += 1
        else:  # text or other: left as it is, for numeric_matrix to judge cell by cell
            data[name] = array.to_pandas()
    if all(numeric):
        frame = pd.DataFrame(block, columns=columns, copy=False)
    else:
        frame = pd.DataFrame(data, columns=columns)
    frame.index = pd.RangeIndex(start, start + n, name="row")
    return frame


def _csv_batches(path: Path, columns: list[str], batch_rows: int, encoding: str,
                 text: Sequence[str] = ()) -> Iterator[pd.DataFrame]:
    with csv_errors(path, encoding):
        header = pd.read_csv(path, nrows=0, encoding=encoding)
        names = [str(c).strip() for c in header.columns]
        check_columns(path, names, columns)
        wanted = [header.columns[names.index(c)] for c in columns]
        as_text = {header.columns[names.index(c)]: str for c in text if c in columns}
        reader = pd.read_csv(path, usecols=wanted, encoding=encoding, keep_default_na=False,
                             na_values=[""], chunksize=batch_rows, dtype=as_text or None)
        start = 2
        with reader:
            for chunk in reader:
                chunk.columns = [str(c).strip() for c in chunk.columns]
                chunk = chunk[columns]
                chunk.index = pd.RangeIndex(start, start + len(chunk), name="row")
                start += len(chunk)
                yield chunk


def coded_matrix(frame: pd.DataFrame, columns: Sequence[Variable]) -> np.ndarray:
    """The ``columns`` of a batch as codes (float, NaN = blank): numbers stay numbers, an
    option's label becomes its code; any other text is an error naming the row (the
    batch's ``row`` index) and the column. Nothing becomes blank silently."""
    x = np.empty((len(frame), len(columns)), dtype=np.float64)
    for j, var in enumerate(columns):
        column = frame[var.name]
        if pd.api.types.is_numeric_dtype(column) and not isinstance(
                column.dtype, pd.api.extensions.ExtensionDtype):
            x[:, j] = column.to_numpy(dtype=np.float64)
        elif pd.api.types.is_numeric_dtype(column):
            x[:, j] = column.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            text = column.astype("string").str.strip()
            values = pd.to_numeric(text.mask(text == ""), errors="coerce")
            bad = (text.fillna("") != "") & values.isna()
            if bad.any():
                labels = {o.label: float(o.code) for o in var.options}
                values = values.where(~bad, text.map(labels).astype("Float64"))
                bad = (text.fillna("") != "") & values.isna()
                if bad.any():
                    _not_a_code(frame, var, int(np.flatnonzero(bad.to_numpy())[0]), column)
            x[:, j] = values.to_numpy(dtype=np.float64, na_value=np.nan)
        infinite = np.isinf(x[:, j])
        if infinite.any():
            _not_a_code(frame, var, int(np.flatnonzero(infinite)[0]), column)
    return x


def _not_a_code(frame: pd.DataFrame, var: Variable, position: int, column: pd.Series) -> None:
    label = frame.index[position]
    row = int(label) if frame.index.name == "row" else None
    raise ResponseFileError("not an answer code or label", code="not_a_code", column=var.name,
                            row=row, expected=var.accepted() + " (or their labels)",
                            got=column.iloc[position])
