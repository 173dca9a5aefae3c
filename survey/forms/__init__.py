"""Forms: the files people use to field a questionnaire (no statistics here).

One definition gives the printable questionnaire (:func:`render_questionnaire`), the
codebook (:func:`codebook`), the data-entry workbook (:func:`write_entry_workbook`), the
SPSS template (:func:`write_spss_template`) and the XLSForm (:func:`write_xlsform`);
:func:`build_forms` writes them all; :func:`import_xlsform` goes the other way.
"""

from survey.forms.build import OUTPUTS, build_forms
from survey.forms.codebook import codebook, write_codebook_csv, write_codebook_xlsx
from survey.forms.questionnaire import render_questionnaire, write_questionnaire
from survey.forms.spss import write_spss_template
from survey.forms.workbook import write_entry_workbook
from survey.forms.xlsform import condition_to_xpath, write_xlsform
from survey.forms.xlsform_import import Imported, import_xlsform

__all__ = [
    "OUTPUTS",
    "Imported",
    "build_forms",
    "codebook",
    "condition_to_xpath",
    "import_xlsform",
    "render_questionnaire",
    "write_codebook_csv",
    "write_codebook_xlsx",
    "write_entry_workbook",
    "write_questionnaire",
    "write_spss_template",
    "write_xlsform",
]
