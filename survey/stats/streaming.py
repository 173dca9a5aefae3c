"""Reliability of files larger than memory: one streamed or distributed pass of sums.

The data are never held: each batch (or Dask partition) is reduced to its
:class:`~survey.stats.sufficient.SufficientStatistics`, the sums are merged, and α, the
item table, KMO and Bartlett are formed from them by the same code as in memory
(:func:`~survey.stats.reliability.prepared_reliability`). The figures equal the in-memory
ones to rounding (1e-12 in the tests); peak memory is one batch plus k × k sums, whatever
the number of rows.

Engines:

- :class:`LocalEngine` (``--engine stream``): one process, batches of ``batch_rows`` rows
  from CSV (pandas chunks) or Parquet files and partitioned directories (pyarrow datasets).
- :class:`DaskEngine` (``--engine dask``): dask.dataframe partitions, each reduced to its
  sums on a worker; the sums are merged in a tree (``dask.bag``-style ``reduction``) and
  only k × k numbers per partition travel. Give your own ``distributed.Client`` from Python,
  a scheduler address (``--scheduler tcp://host:8786``, a cluster started with
  ``dask scheduler`` / ``dask worker`` or any deployment of ``distributed``), or a number of
  local workers (``--workers 2`` starts a ``LocalCluster``). The files must be readable by
  every worker at the same path (a shared disk or object store URL).

Not available without the data: the bootstrap interval (it resamples respondents), and
an instrument's text labels (give the codes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from survey.errors import ParameterError
from survey.instrument.model import Instrument
from survey.locale import Language
from survey.stats._moments import (
    Missing,
    Moments,
    PreparedItems,
    ScaleRange,
    numeric_matrix,
    prepare_moments,
)
from survey.stats.missing_codes import (
    MissingValues,
    check_undeclared,
    declared_codes,
    mask_declared,
)
from survey.stats.reliability import ScaleReliability, prepared_reliability
from survey.stats.sufficient import SufficientStatistics, batch_statistics, merge

__all__ = ["DaskEngine", "LocalEngine", "frame_statistics", "rest_deviations",
           "stream_instrument_reliability", "stream_reliability"]

ItemSets = Mapping[str, Sequence[str]]
T = TypeVar("T")


def frame_statistics(frame: pd.DataFrame, item_sets: ItemSets,
                     missing_values: MissingValues | None = None,
                     shifts: Mapping[str, np.ndarray] | None = None,
                     ) -> dict[str, SufficientStatistics]:
    """The sums of one frame for each named set of items, declared missing codes blanked
    first (as :func:`~survey.stats._moments.scale_matrix` does)."""
    columns = list(dict.fromkeys(c for items in item_sets.values() for c in items))
    names, x = numeric_matrix(frame, columns)
    declared = declared_codes(frame, names, missing_values)
    if declared:
        x = mask_declared(x, names, declared)
    position = {n: i for i, n in enumerate(names)}
    out = {}
    for key, items in item_sets.items():
        idx = [position[str(i)] for i in items]
        shift = None if shifts is None else shifts.get(key)
        out[key] = batch_statistics(x[:, idx] if len(idx) < len(names) else x,
                                    [str(i) for i in items], shift)
    return out


class LocalEngine:
    """Batches of at most ``batch_rows`` rows on this machine (bounded memory)."""

    def __init__(self, batch_rows: int = 250_000, encoding: str | None = None) -> None:
        if batch_rows < 1:
            raise ParameterError("batch size must be at least 1 row", code="bad_batch_rows",
                                 got=batch_rows)
        self.batch_rows = batch_rows
        self.encoding = encoding

    def statistics(self, source: str | Path, item_sets: ItemSets,
                   missing_values: MissingValues | None = None,
                   ) -> dict[str, SufficientStatistics]:
        """Merged sums of every set of items over the whole file."""
        columns = list(dict.fromkeys(c for items in item_sets.values() for c in items))
        return self.reduce(source, columns,
                           partial(_item_sets_batch, item_sets=item_sets,
                                   missing_values=missing_values), _merge_item_sets)

    def reduce(self, source: str | Path, columns: Sequence[str],
               batch: Callable[[pd.DataFrame], T], combine: Callable[[T, T], T]) -> T:
        """``batch`` applied to each batch of ``columns`` (a frame indexed by the row in
        the file), the results combined in file order by ``combine``; a file without rows
        is one empty batch. A CSV is read as UTF-8, else GB18030 (or ``encoding``)."""
        from survey.responses.batches import iter_batches

        for encoding in [self.encoding] if self.encoding else ["utf-8-sig", "gb18030"]:
            try:
                total: T | None = None
                for frame in iter_batches(source, columns, batch_rows=self.batch_rows,
                                          encoding=encoding):
                    part = batch(frame)
                    total = part if total is None else combine(total, part)
                if total is None:
                    empty = pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
                    empty.index.name = "row"
                    total = batch(empty)
                return total
            except UnicodeDecodeError:
                continue
        from survey.errors import ResponseFileError

        raise ResponseFileError(f"cannot decode as {self.encoding or 'UTF-8 or GB18030'}",
                                code="bad_encoding", file=str(source),
                                hint="Pass --encoding.")


def _item_sets_batch(frame: pd.DataFrame, item_sets: ItemSets,
                     missing_values: MissingValues | None) -> dict[str, SufficientStatistics]:
    return frame_statistics(frame, item_sets, missing_values)


def _merge_item_sets(a: dict[str, SufficientStatistics],
                     b: dict[str, SufficientStatistics]) -> dict[str, SufficientStatistics]:
    return {k: merge(a[k], b[k]) for k in a}


class DaskEngine:
    """dask.dataframe partitions reduced to sums on the workers, merged in a tree.

    ``client``: a ``distributed.Client`` of your own; else ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``); else ``workers`` local worker processes (a ``LocalCluster``,
    closed afterwards); else dask's default scheduler. ``blocksize`` splits CSV files into
    partitions (Parquet partitions follow the files' row groups).
    """

    def __init__(self, client: Any = None, *, scheduler: str | None = None,
                 workers: int | None = None, blocksize: str | int = "64MB",
                 split_every: int = 8) -> None:
        self.client = client
        self.scheduler = scheduler
        self.workers = workers
        self.blocksize = blocksize
        self.split_every = split_every

    def statistics(self, source: str | Path, item_sets: ItemSets,
                   missing_values: MissingValues | None = None,
                   ) -> dict[str, SufficientStatistics]:
        """Merged sums of every set of items over all partitions."""
        columns = list(dict.fromkeys(c for items in item_sets.values() for c in items))
        sets = {k: [str(i) for i in v] for k, v in item_sets.items()}
        return self.reduce(source, columns,
                           partial(_item_sets_batch, item_sets=sets,
                                   missing_values=missing_values), _merge_item_sets)

    def reduce(self, source: str | Path, columns: Sequence[str],
               batch: Callable[[pd.DataFrame], T], combine: Callable[[T, T], T]) -> T:
        """``batch`` applied to each partition of ``columns`` on the workers, the results
        combined in a tree of ``split_every`` (``batch`` and ``combine`` must pickle:
        module-level functions or ``functools.partial`` of them)."""
        try:
            import dask.dataframe as dd
            from dask.base import compute
            from dask.delayed import delayed
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ParameterError("the Dask engine needs dask and distributed",
                                 code="dask_unavailable",
                                 hint="pip install 'survey-eval[scale]'") from exc
        from survey.responses.batches import is_parquet, parquet_columns

        path = str(source)
        columns = list(columns)
        if not Path(path).exists() and "://" not in path:
            from survey.errors import MissingFileError

            raise MissingFileError.for_path(path, "data file")
        if is_parquet(path):
            from survey.responses.batches import check_columns

            check_columns(Path(path), parquet_columns(path), columns)
            frame = dd.read_parquet(path, columns=columns)
        else:
            frame = dd.read_csv(path, usecols=columns, keep_default_na=False, na_values=[""],
                                blocksize=self.blocksize, dtype=dict.fromkeys(columns, "object"))
        parts = [delayed(_partition)(p, batch) for p in frame.to_delayed()]
        while len(parts) > 1:  # a merge tree: split_every partial results per node
            parts = [delayed(_combine_all)(parts[i:i + self.split_every], combine)
                     for i in range(0, len(parts), self.split_every)]
        client, close = self._client()
        result: T
        try:
            if client is not None:
                result = client.compute(parts[0]).result()
            else:
                result = compute(parts[0])[0]
        finally:
            for thing in close:
                thing.close()
        return result

    def _client(self) -> tuple[Any, list[Any]]:
        if self.client is not None:
            return self.client, []
        if self.scheduler is None and self.workers is None:
            return None, []
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            client = Client(self.scheduler)
            return client, [client]
        cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                               processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
        return client, [client, cluster]


def _partition(frame: pd.DataFrame, batch: Callable[[pd.DataFrame], T]) -> T:
    return batch(frame.reset_index(drop=True))


def _combine_all(parts: list[T], combine: Callable[[T, T], T]) -> T:
    total = parts[0]
    for part in parts[1:]:
        total = combine(total, part)
    return total


def rest_deviations(st: SufficientStatistics, keep: Sequence[int],
                    recount: Callable[[list[str]], SufficientStatistics]) -> np.ndarray:
    """n·XᵀX − s sᵀ over the rows complete on the items at ``keep`` (a k × k matrix, zero
    outside ``keep``): what :func:`~survey.stats.whole_numbers.constant_rest` judges a rest
    score's constancy from, the streamed counterpart of the rows the in-memory path looks at.

    Those rows are the ones the sums ``st`` were formed on when ``keep`` is every item or
    no row has a blank; otherwise (an empty or constant item left out of data with blanks)
    ``recount`` reads the kept items again. Integer sums give Python integers (exact); float
    sums ``n·c − s sᵀ`` of the shifted answers, judged within a relative tolerance."""
    keep = list(keep)
    sums = st if len(keep) == st.k or st.n_complete == st.n_rows else None
    if sums is None:
        sums = recount([st.names[i] for i in keep])
        s, c = sums.s_c, sums.c_c
    else:
        s, c = sums.s_c[keep], sums.c_c[np.ix_(keep, keep)]
    n = sums.n_complete
    out = np.zeros((st.k, st.k), dtype=object if sums.exact else np.float64)
    out[np.ix_(keep, keep)] = n * c - np.outer(s, s)
    return out


def _reverse_range(reversed_items: Sequence[str], centre: np.ndarray, names: Sequence[str],
                   scale_range: ScaleRange | None) -> ScaleRange | None:
    """The whole scale's reverse-keying range for its dimensions (as in memory)."""
    if scale_range is not None or not reversed_items:
        return scale_range
    return {name: (0.0, float(centre[i])) for i, name in enumerate(names)
            if name in reversed_items}


def stream_reliability(
    source: str | Path,
    items: Sequence[str],
    *,
    missing: Missing = "listwise",
    reverse: Sequence[str] = (),
    scale_range: ScaleRange | None = None,
    missing_values: MissingValues | None = None,
    confidence: float = 0.95,
    lang: Language = "en",
    dimensions: Mapping[str, Sequence[str]] | None = None,
    engine: LocalEngine | DaskEngine | None = None,
    instrument_codes: Mapping[str, Sequence[float]] | None = None,
) -> ScaleReliability:
    """:func:`~survey.stats.reliability.scale_reliability` of a file read in one pass of
    sums (:class:`LocalEngine` by default, or a :class:`DaskEngine`): the same figures.

    ``instrument_codes`` (item → excluded codes) are missing codes an instrument declares:
    left out like ``missing_values``, while codes far beyond the scale that it does not
    declare are still refused, as in memory for a frame read with its instrument."""
    if missing not in ("listwise", "pairwise"):
        raise ValueError(f"missing must be 'listwise' or 'pairwise', got {missing!r}")
    engine = engine or LocalEngine()
    items = [str(i) for i in items]
    if len(set(items)) != len(items):
        repeated = next(n for n in items if items.count(n) > 1)
        raise ParameterError("an item is named twice", code="repeated_item", got=repeated)
    sets: dict[str, list[str]] = {"": items}
    for name, members in (dimensions or {}).items():
        unknown = [i for i in members if i not in items]
        if unknown:
            raise ParameterError(f"dimension {name!r} names an item that is not in the scale",
                                 code="unknown_item", expected=f"one of {items}",
                                 got=unknown[0])
        sets[f"dimension:{name}"] = [str(i) for i in members]
    declared_missing = missing_values if missing_values is not None else instrument_codes
    stats = engine.statistics(source, sets, declared_missing)

    def one(key: str, rev: Sequence[str], srange: ScaleRange | None
            ) -> tuple[ScaleReliability, PreparedItems]:
        st = stats[key]
        names = list(st.names)
        declared = declared_codes(pd.DataFrame(), names, declared_missing)
        check_undeclared(st.code_matrix(), names, declared,
                         explicit=missing_values is not None, scale_range=srange)

        def moments_of(usable: list[int]) -> Moments:
            if len(usable) == len(names):
                return st.moments(missing)
            # an item with < 2 answers is set aside: the rows used depend on the item set
            again = engine.statistics(source, {"": [names[i] for i in usable]},
                                      declared_missing)
            return again[""].moments(missing)

        prepared = prepare_moments(names, st.answered, moments_of, st.observed_range, rev,
                                   srange)
        if missing == "listwise" and prepared.moments.n_used >= 2 and len(prepared.keep) >= 2:
            def recount(kept: list[str]) -> SufficientStatistics:
                return engine.statistics(source, {"": kept}, declared_missing)[""]

            prepared = replace(prepared, deviations=rest_deviations(st, prepared.keep, recount))
        return prepared_reliability(prepared, confidence=confidence, lang=lang), prepared

    result, whole = one("", reverse, scale_range)
    if not dimensions:
        return result
    srange = _reverse_range(whole.reversed_items, whole.centre, whole.names, scale_range)
    parts = []
    for name, members in dimensions.items():
        sub, _ = one(f"dimension:{name}", [r for r in reverse if r in members], srange)
        parts.append(replace(sub, dimension=str(name)))
    return replace(result, dimensions=tuple(parts))


def stream_instrument_reliability(
    source: str | Path,
    instrument: Instrument,
    *,
    missing: Missing = "listwise",
    confidence: float = 0.95,
    lang: Language = "en",
    engine: LocalEngine | DaskEngine | None = None,
) -> ScaleReliability:
    """:func:`~survey.stats.reliability.instrument_reliability` of a file read in one pass
    of sums: the satisfaction matrices' items, their excluded codes (不了解) left out,
    reverse-keyed items scored on their scale (lowest + highest code − x), dimensions in
    questionnaire order. The file's columns are named as the instrument's variables and hold
    answer codes."""
    from survey.stats.satisfaction import satisfaction_items

    items = satisfaction_items(instrument)
    scale_range: dict[str, tuple[float, float]] = {}
    for v in items:
        scored = [c for c in v.codes if c not in v.excluded]
        if v.reverse and scored:
            scale_range[v.name] = (float(min(scored)), float(max(scored)))
    dims: dict[str, list[str]] = {}
    for v in items:
        if v.dimension:
            dims.setdefault(v.dimension, []).append(v.name)
    return stream_reliability(
        source, [v.name for v in items], missing=missing,
        reverse=[v.name for v in items if v.reverse], scale_range=scale_range or None,
        confidence=confidence, lang=lang, dimensions=dims or None, engine=engine,
        instrument_codes={v.name: tuple(float(c) for c in v.excluded) for v in items})
