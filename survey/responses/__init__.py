"""Loading: response files → one frame in the instrument's vocabulary."""

from survey.responses.columns import Ambiguity, ColumnMatch, MappingReport, read_column_map
from survey.responses.formats import detect_encoding
from survey.responses.inspect import ColumnInfo, FileInspection, inspect_file
from survey.responses.mapping import (
    DURATION_COLUMN,
    MARKER_COLUMNS,
    Mapped,
    map_responses,
    map_table,
)
from survey.responses.personal import IP_KEY_COLUMN, personal_kind, redact_text
from survey.responses.platforms import detect_platform, parse_duration, parse_header
from survey.responses.read import (
    RawTable,
    ResponseFile,
    file_sha256,
    read_response_file,
    read_responses,
    read_table,
)

__all__ = [
    "DURATION_COLUMN",
    "IP_KEY_COLUMN",
    "MARKER_COLUMNS",
    "Ambiguity",
    "ColumnInfo",
    "ColumnMatch",
    "FileInspection",
    "Mapped",
    "MappingReport",
    "RawTable",
    "ResponseFile",
    "detect_encoding",
    "detect_platform",
    "file_sha256",
    "inspect_file",
    "map_responses",
    "map_table",
    "parse_duration",
    "parse_header",
    "personal_kind",
    "read_column_map",
    "read_response_file",
    "read_responses",
    "read_table",
    "redact_text",
]
