"""Text columns that pandas holds in Arrow memory, read as bytes without making a string.

pandas' ``str`` and ``string`` columns (pyarrow storage) keep their text as Arrow arrays: per
chunk, the offsets of each value and one buffer of UTF-8 bytes. A question about every
value that a question about those bytes settles (are they all ASCII? does any hold white
space?) is answered from the buffers at numpy's speed. A chunk's buffer holds every value's
bytes and, after a slice, possibly bytes of values sliced away: an answer read from it can
be "not sure" where the values alone would have said yes, never the wrong way.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["arrow_text", "character_bytes"]


def arrow_text(values: pd.Series) -> Any | None:
    """The column's Arrow array (chunked, no copy), or ``None`` when pandas does not hold
    it in Arrow memory."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    return values.array.__arrow_array__()  # pandas' Arrow protocol


def character_bytes(values: pd.Series) -> list[np.ndarray] | None:
    """The UTF-8 bytes of the column's text, one array per Arrow chunk (see the module), or
    ``None`` when pandas does not hold the column in Arrow memory."""
    text = arrow_text(values)
    if text is None:
        return None
    return [np.frombuffer(buffer, dtype=np.uint8) if (buffer := chunk.buffers()[2]) is not None
            else np.empty(0, dtype=np.uint8) for chunk in text.chunks]
