"""What the type checker relies on: the PEP 561 marker, the report reading typed fields
(never ``getattr`` duck typing), and the typed accessors that replaced those reads."""

from __future__ import annotations

import ast
import importlib.resources
import tomllib
from fractions import Fraction

import pytest

from survey.analysis import RuleSetting, ScreeningSpec
from survey.instrument.load import load_instrument
from survey.report.sections import SECTIONS
from survey.scoring import rules
from tests.conftest import ROOT


class TestPackaging:
    def test_the_package_carries_the_py_typed_marker(self) -> None:
        """Type checkers read the inline annotations of an installed survey only with it."""
        assert (importlib.resources.files("survey") / "py.typed").is_file()

    def test_the_wheel_ships_the_whole_package_folder(self) -> None:
        """hatchling ships every file under the listed package, the marker included."""
        config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["survey"]

    def test_mypy_is_strict_over_the_package_and_in_the_test_extra(self) -> None:
        config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        assert config["tool"]["mypy"]["strict"] is True
        assert config["tool"]["mypy"]["files"] == ["survey"]
        extra = " ".join(config["project"]["optional-dependencies"]["test"])
        for stub in ("mypy", "pandas-stubs", "scipy-stubs", "types-PyYAML", "types-openpyxl"):
            assert stub in extra

    def test_make_test_runs_mypy_after_ruff_and_before_the_suite(self) -> None:
        recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1]
        lines = [line.strip() for line in recipe.splitlines()[1:5]]
        assert lines[:3] == ["$(BIN)/ruff check survey tests benchmarks docs",
                             "$(BIN)/python -m mypy",
                             "$(BIN)/python -m coverage run -m pytest -q"]


def _duck_reads(path: str) -> list[str]:
    found = []
    for file in sorted((ROOT / path).rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("getattr", "hasattr"):
                found.append(f"{file.relative_to(ROOT)}:{node.lineno} {node.func.id}")
    return found


class TestReportReadsTypedFields:
    def test_no_getattr_or_hasattr_in_the_report(self) -> None:
        """The report reads the results' typed fields; a getattr hides a misspelt field
        behind its default, which mypy cannot see."""
        assert _duck_reads("survey/report") == []

    def test_the_scan_finds_a_getattr(self, tmp_path, monkeypatch) -> None:
        (tmp_path / "survey" / "report").mkdir(parents=True)
        (tmp_path / "survey" / "report" / "x.py").write_text(
            "def f(o):\n    return getattr(o, 'items', ())\n", encoding="utf-8")
        monkeypatch.setattr("tests.test_typing.ROOT", tmp_path)
        assert _duck_reads("survey/report") == ["survey/report/x.py:2 getattr"]


class TestSections:
    def test_each_part_binds_its_modules_functions(self) -> None:
        """A section module's ``applies`` or ``annex`` left out of its Part would silently
        always show the section, or drop its annex."""
        import survey.report.sections as package

        for part in SECTIONS:
            module = getattr(package, part.id.replace("-", "_"))
            assert (part.id, part.missing, part.build) == (module.ID, module.MISSING, module.build)
            assert part.annex is getattr(module, "annex", None)
            if hasattr(module, "applies"):
                assert part.applies is module.applies
        with_annex = [p.id for p in SECTIONS if p.annex is not None]
        assert with_annex == ["reliability", "questions", "satisfaction", "data-quality"]


class TestScreeningSettings:
    def test_every_rule_in_declared_order_with_its_defaults(self) -> None:
        settings = ScreeningSpec().settings()
        assert [name for name, _ in settings] == [
            "out_of_scale", "missing_required", "skip_violation", "duplicate_id",
            "duplicate_answers", "straight_lining", "invalid_picks", "duplicate_ip",
            "speeding", "mahalanobis", "attention_check"]
        assert all(isinstance(s, RuleSetting) for _, s in settings)
        off = [name for name, s in settings if not s.enabled]
        flags = [name for name, s in settings if s.action == "flag"]
        assert off == ["duplicate_ip", "mahalanobis"]
        assert flags == ["skip_violation", "duplicate_answers", "straight_lining",
                         "invalid_picks", "duplicate_ip", "speeding", "mahalanobis"]

    def test_a_setting_from_the_spec_is_the_one_returned(self) -> None:
        spec = ScreeningSpec.model_validate({"speeding": {"action": "set_aside"},
                                             "duplicate_id": {"enabled": False}})
        settings = dict(spec.settings())
        assert settings["speeding"].action == "set_aside"
        assert settings["duplicate_id"].enabled is False


@pytest.fixture(scope="module")
def residents():
    return load_instrument(ROOT / "instruments" / "residents.yaml")


class TestOptionsOf:

    def test_a_single_choice_on_a_scale_has_the_scale_options(self, residents) -> None:
        options = residents.options_of(residents.question("aware"))
        assert [(o.code, o.label) for o in options] == [(1, "是"), (2, "否")]

    def test_a_single_choice_with_its_own_list(self, residents) -> None:
        codes = [o.code for o in residents.options_of(residents.question("years_lived"))]
        assert codes == [1, 2, 3]

    def test_a_matrix_has_its_scale_and_a_multiple_choice_its_list(self, residents) -> None:
        assert [o.code for o in residents.options_of(residents.question("q_sat"))] == \
            [5, 4, 3, 2, 1]
        assert len(residents.options_of(residents.question("reasons"))) == 6

    def test_an_open_question_has_none(self, residents) -> None:
        assert residents.options_of(residents.question("suggestion")) == ()


class TestRulesKeepTheirKind:
    def test_fractions_in_fractions_out(self) -> None:
        """5 × 92.3% ÷ 95% is exactly 923/190; the shortfall 95% − 92.3% exactly 27/1000."""
        w, t, a = Fraction(5), Fraction(95, 100), Fraction(923, 1000)
        assert rules.proportional(w, t, a) == Fraction(923, 190)
        assert rules.shortfall(a, t) == Fraction(27, 1000)
        assert rules.shortfall(t, a) == Fraction(0)
        assert isinstance(rules.shortfall(t, a), Fraction)
        assert rules.threshold(w, t, Fraction(1, 2), Fraction(6, 10)) == Fraction(0)
        assert isinstance(rules.threshold(w, t, Fraction(1, 2), Fraction(6, 10)), Fraction)

    def test_floats_in_floats_out(self) -> None:
        assert rules.shortfall(0.97, 0.95) == 0.0
        assert isinstance(rules.shortfall(0.97, 0.95), float)
        assert rules.proportional(5.0, 0.95, 0.97) == 5.0


def _private_imports() -> list[str]:
    """``from survey.x import _name`` anywhere in the package (dunders such as
    ``__version__`` are public)."""
    found = []
    for file in sorted((ROOT / "survey").rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("survey"):
                found += [f"{file.relative_to(ROOT)}:{node.lineno} {node.module}.{a.name}"
                          for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    return found


class TestModuleBoundaries:
    def test_no_module_imports_another_ones_private_name(self) -> None:
        """A name another module needs is that module's interface: it is public (a private
        module such as ``forms/_xlsform_sheets`` keeps it inside its package)."""
        assert _private_imports() == []

    def test_the_scan_finds_a_private_import(self, tmp_path, monkeypatch) -> None:
        (tmp_path / "survey").mkdir()
        (tmp_path / "survey" / "a.py").write_text(
            "from survey._version import __version__\nfrom survey.b import _helper\n",
            encoding="utf-8")
        monkeypatch.setattr("tests.test_typing.ROOT", tmp_path)
        assert _private_imports() == ["survey/a.py:2 survey.b._helper"]


def _deferred_imports(package: str) -> list[str]:
    """Imports of survey modules inside functions (which is how an import cycle hides)."""
    found = []
    for file in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("survey"):
                    found.append(f"{file.relative_to(ROOT)}:{node.lineno} {node.module}")
    return found


class TestInstrumentHasNoImportCycle:
    def test_no_survey_import_inside_a_function(self) -> None:
        """model ↔ checks and logic → variables → model were cycles hidden by imports inside
        functions; the built-in scales (builtin), variable names (names) and the condition
        descriptions (describe) are separate modules now, imported at the top."""
        assert _deferred_imports("survey/instrument") == []

    def test_every_instrument_module_imports_on_its_own(self) -> None:
        import importlib
        import subprocess
        import sys

        for file in sorted((ROOT / "survey" / "instrument").glob("*.py")):
            module = f"survey.instrument.{file.stem}".removesuffix(".__init__")
            done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT,
                                  capture_output=True, text=True, check=False)
            assert done.returncode == 0, (module, done.stderr[-400:])
        assert importlib.import_module("survey.instrument.model").BUILTIN_SCALES["sat5"].codes \
            == (5, 4, 3, 2, 1)
