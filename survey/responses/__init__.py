"""Loading: response files → one frame in the instrument's vocabulary."""

from survey.responses.mapping import DURATION_COLUMN, map_responses
from survey.responses.read import RawTable, detect_encoding, file_sha256, read_responses, read_table

__all__ = [
    "DURATION_COLUMN",
    "RawTable",
    "detect_encoding",
    "file_sha256",
    "map_responses",
    "read_responses",
    "read_table",
]
