"""The rows of a response frame that screening keeps, moved within the frame's own storage.

Taking the valid rows out of a frame (``frame.loc[mask]``) copies them: at a million
respondents a second frame nearly as large as the first, alive beside it until the caller
lets the first go. When the caller hands the frame over, :func:`take_rows` instead moves
the kept rows to the front of each numeric block, in place, and the kept frame is a view of
those fronts; text and other extension columns (a small share of the memory) are taken as
usual. The frame handed over is left without columns, so it cannot be read by mistake.

A numeric block is moved only when no other pandas object shares it (pandas' copy-on-write
references); a shared block is copied as ``loc`` would copy it. The kept frame equals
``frame.loc[mask]``: the same columns, dtypes, values, index and ``attrs``.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

# pandas' documented low-level constructor; pandas-stubs does not describe the module.
from pandas.api.internals import create_dataframe_from_blocks  # type: ignore[import-not-found]

__all__ = ["take_rows"]

#: Rows moved per step: the step's temporary copy is this many rows of one block.
_STEP = 16_384


def take_rows(frame: pd.DataFrame, keep: np.ndarray, *, in_place: bool = False) -> pd.DataFrame:
    """The rows of ``frame`` where the boolean ``keep`` holds, as ``frame.loc[keep]``.

    ``in_place``: ``frame`` is handed over. Each numeric block nothing else shares holds the
    kept rows at its front afterwards (moved forward a step at a time, so no whole copy is
    made), the result is a view of them, and ``frame`` is left without columns.
    """
    keep = np.asarray(keep, dtype=bool)
    if not in_place:
        return frame.loc[keep]
    positions = np.flatnonzero(keep)
    blocks: list[tuple[Any, np.ndarray]] = []
    for block in cast(Any, frame)._mgr.blocks:
        values = block.values
        placement = np.asarray(block.mgr_locs.as_array, dtype=np.intp)
        if isinstance(values, np.ndarray) and values.ndim == 2:
            if block.refs.has_reference() or not values.flags.writeable:
                blocks.append((values[:, positions], placement))
            else:
                _move_forward(values, positions)
                blocks.append((values[:, :len(positions)], placement))
        else:  # an extension array: masked (pyarrow filters text at twice take's speed)
            blocks.append((values[keep], placement))
    kept: pd.DataFrame = create_dataframe_from_blocks(
        blocks, index=frame.index.take(positions), columns=frame.columns).__finalize__(frame)
    while len(frame.columns):
        del frame[frame.columns[-1]]
    return kept


def _move_forward(values: np.ndarray, positions: np.ndarray) -> None:
    """Column ``positions[j]`` of the 2-D ``values`` copied to column ``j``, for every ``j``.

    ``positions`` increase, so ``positions[j] >= j``: a step writes columns below every
    column a later step reads, and each step's read is copied before it is written."""
    start = int(np.argmax(positions != np.arange(len(positions)))) if len(positions) else 0
    if not len(positions) or positions[start] == start:
        return
    for at in range(start, len(positions), _STEP):
        stop = min(at + _STEP, len(positions))
        values[:, at:stop] = values[:, positions[at:stop]]
