"""Build every form of an instrument into one folder, all or nothing.

:func:`build_forms` writes each output into a staging folder inside ``out`` and moves
them into place only when all of them were written, so a failure (a label too long for
SPSS, a full disk) leaves ``out`` as it was; the folder is locked against a second build
meanwhile, and a data-entry workbook with entered rows is never replaced without ``force``
(:mod:`survey._staging`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from survey._staging import Output, publish
from survey.forms.codebook import write_codebook_csv, write_codebook_xlsx
from survey.forms.questionnaire import write_questionnaire
from survey.forms.spss import write_spss_template
from survey.forms.workbook import entered_rows, write_entry_workbook
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


def _keep_entered(path: Path) -> str | None:
    n = entered_rows(path)
    if n == 0:
        return None
    if n < 0:
        return "this file is not a data-entry workbook this toolkit wrote"
    return f"this data-entry workbook already holds {n} entered questionnaire(s)"


def build_forms(
    instrument: Instrument, out: str | Path, *, lang: Language = "zh-CN", rows: int = 500,
    inputs: Sequence[str | Path] = (), force: bool = False,
) -> dict[str, Path]:
    """Write the six outputs of :data:`OUTPUTS` into ``out``; return role → path.

    All or nothing, with ``out`` locked (:func:`survey._staging.publish`). A filled-in
    ``entry.xlsx`` already in ``out``, or a file among ``inputs``, is never replaced unless
    ``force``.
    """
    writers = {
        "questionnaire": lambda p: write_questionnaire(instrument, p, lang),
        "codebook_csv": lambda p: write_codebook_csv(instrument, p, lang),
        "codebook_xlsx": lambda p: write_codebook_xlsx(instrument, p, lang),
        "entry_workbook": lambda p: write_entry_workbook(instrument, p, lang=lang, rows=rows),
        "spss_template": lambda p: write_spss_template(instrument, p, lang),
        "xlsform": lambda p: write_xlsform(instrument, p),
    }
    outputs = [Output(role, OUTPUTS[role], writer,
                      keep=_keep_entered if role == "entry_workbook" else None)
               for role, writer in writers.items()]
    return publish(outputs, out, inputs=inputs, force=force)
