"""Build every form of an instrument into one folder, all or nothing.

:func:`build_forms` renders each output into a temporary folder beside ``out`` and moves
them into place only when all of them were written, so a failure (a label too long for
SPSS, a full disk) leaves ``out`` as it was. Each move is an ``os.replace``: a reader
never sees a half-written file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from survey.forms.codebook import write_codebook_csv, write_codebook_xlsx
from survey.forms.questionnaire import write_questionnaire
from survey.forms.spss import write_spss_template
from survey.forms.workbook import write_entry_workbook
from survey.forms.xlsform import write_xlsform
from survey.instrument.model import Instrument
from survey.locale import Language

__all__ = ["OUTPUTS", "build_forms"]

#: Output role → file name, in the order they are built.
OUTPUTS = {
    "questionnaire": "questionnaire.html",
    "codebook_csv": "codebook.csv",
    "codebook_xlsx": "codebook.xlsx",
    "entry_workbook": "entry.xlsx",
    "spss_template": "template.sav",
    "xlsform": "xlsform.xlsx",
}


def build_forms(
    instrument: Instrument, out: str | Path, *, lang: Language = "zh-CN", rows: int = 500,
) -> dict[str, Path]:
    """Write the six outputs of :data:`OUTPUTS` into ``out``; return role → path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out, prefix=".build-"))
    try:
        write_questionnaire(instrument, staging / OUTPUTS["questionnaire"], lang)
        write_codebook_csv(instrument, staging / OUTPUTS["codebook_csv"], lang)
        write_codebook_xlsx(instrument, staging / OUTPUTS["codebook_xlsx"], lang)
        write_entry_workbook(instrument, staging / OUTPUTS["entry_workbook"], lang=lang, rows=rows)
        write_spss_template(instrument, staging / OUTPUTS["spss_template"], lang)
        write_xlsform(instrument, staging / OUTPUTS["xlsform"])
        written = {}
        for role, name in OUTPUTS.items():
            os.replace(staging / name, out / name)
            written[role] = out / name
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
