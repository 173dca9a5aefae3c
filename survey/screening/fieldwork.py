"""The fieldwork record (问卷的发放和回收): issued, returned, valid, and the three rates.

- 回收率 (return rate) = returned / issued
- 有效率 (valid rate) = valid / returned
- 有效回收率 (valid return rate) = valid / issued

Valid is what screening finds; a stated valid count must agree with it. An online survey
has no issued count, so neither 回收率 nor 有效回收率 exists for it: the rate is ``None``
with the reason ``no_issued_count``, never a number invented from the returns. An impossible
record (returned > issued, valid > returned, a negative or fractional count) is not
corrected: it is reported as a :class:`FieldworkProblem` with a stable code and the numbers
that conflict, and the rates it would distort are ``None`` with the reason
``impossible_record``. The same holds per site (村, 网点) where sites are given, and the
sites must add up to the group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from survey.errors import Reason
from survey.locale import Language, text

__all__ = ["Fieldwork", "FieldworkProblem", "Rate", "SiteCount", "build_fieldwork"]

Mode = Literal["paper", "online", "interview"]
RateName = Literal["return_rate", "valid_rate", "valid_return_rate"]


@dataclass(frozen=True)
class FieldworkProblem:
    """An inconsistency in the record, with a stable code and the conflicting numbers.

    ``message`` is written in the language the record was built in; :meth:`sentence`
    writes it in another. ``site`` names the site a site-level problem belongs to.
    """

    code: str
    message: str
    values: tuple[tuple[str, Any], ...] = ()
    site: str | None = None

    def sentence(self, lang: Language) -> str:
        """The problem in ``lang``, naming the numbers that conflict."""
        return _sentence(lang, self.code, dict(self.values), self.site)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"code": self.code, "message": self.message, "site": self.site,
                "values": dict(self.values)}


def _sentence(lang: Language, code: str, values: dict[str, Any], site: str | None) -> str:
    shown = dict(values)
    if "name" in shown:
        shown["name"] = text(lang, f"screening_count_{shown['name']}")
    message = text(lang, f"screening_fieldwork_{code.removeprefix('site_')}", **shown)
    return text(lang, "screening_fieldwork_site", site=site, message=message) if site else message


@dataclass(frozen=True)
class Rate:
    """One labelled rate: value = numerator / denominator, or ``None`` with a reason."""

    name: RateName
    value: float | None
    numerator: int | None
    denominator: int | None
    reason: Reason | None = None

    def label(self, lang: Language = "zh-CN") -> str:
        """回收率, 有效率, 有效回收率 (or the English names)."""
        return text(lang, f"screening_rate_{self.name}")

    def formula(self, lang: Language = "zh-CN") -> str:
        """How the rate is computed, in words."""
        return text(lang, f"screening_formula_{self.name}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping with both labels."""
        return {"name": self.name, "label": self.label("zh-CN"), "label_en": self.label("en"),
                "formula": self.formula("en"), "value": self.value,
                "numerator": self.numerator, "denominator": self.denominator,
                "reason": None if self.reason is None else str(self.reason)}


@dataclass(frozen=True)
class Fieldwork:
    """Counts and rates for one respondent group (or one site). A rate is ``None`` where it
    does not exist; :meth:`rates` says why."""

    group: str
    issued: int | None
    returned: int
    valid: int
    stated_valid: int | None = None
    problems: tuple[FieldworkProblem, ...] = field(default=())
    mode: Mode | None = None
    site: str | None = None
    sites: tuple[Fieldwork, ...] = ()

    def _impossible(self, *names: str) -> bool:
        bad = {"negative_count", "fractional_count"}
        codes = {p.code.removeprefix("site_") for p in self.problems if p.site == self.site}
        if codes & bad:
            return True
        if "returned" in names and "issued" in names and "returned_exceeds_issued" in codes:
            return True
        return "valid" in names and "returned" in names and "valid_exceeds_returned" in codes

    def rates(self) -> tuple[Rate, Rate, Rate]:
        """回收率, 有效率, 有效回收率, each with its value or the reason it has none."""
        return (
            self._rate("return_rate", self.returned, self.issued, ("returned", "issued")),
            self._rate("valid_rate", self.valid, self.returned, ("valid", "returned")),
            self._rate("valid_return_rate", self.valid, self.issued,
                       ("valid", "returned", "issued")),
        )

    def _rate(self, name: RateName, numerator: int, denominator: int | None,
              names: tuple[str, ...]) -> Rate:
        if denominator is None:
            return Rate(name, None, numerator, None, Reason.NO_ISSUED_COUNT)
        if self._impossible(*names):
            return Rate(name, None, numerator, denominator, Reason.IMPOSSIBLE_RECORD)
        if denominator == 0:
            reason = Reason.NOTHING_ISSUED if "issued" in names else Reason.NOTHING_RETURNED
            return Rate(name, None, numerator, denominator, reason)
        return Rate(name, numerator / denominator, numerator, denominator)

    @property
    def return_rate(self) -> float | None:
        """回收率 = returned / issued; ``None`` without an issued count or with issued = 0."""
        return self.rates()[0].value

    @property
    def valid_rate(self) -> float | None:
        """有效率 = valid / returned; ``None`` when nothing was returned."""
        return self.rates()[1].value

    @property
    def valid_return_rate(self) -> float | None:
        """有效回收率 = valid / issued; ``None`` without an issued count."""
        return self.rates()[2].value

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (the ``fieldwork`` rows of results.json)."""
        return {
            "group": self.group,
            "site": self.site,
            "mode": self.mode,
            "issued": self.issued,
            "returned": self.returned,
            "valid": self.valid,
            "stated_valid": self.stated_valid,
            "return_rate": self.return_rate,
            "valid_rate": self.valid_rate,
            "valid_return_rate": self.valid_return_rate,
            "rates": [r.to_dict() for r in self.rates()],
            "problems": [p.to_dict() for p in self.problems],
            "sites": [s.to_dict() for s in self.sites],
        }


@dataclass(frozen=True)
class SiteCount:
    """One site's record and what the response file holds for it (for :func:`build_fieldwork`)."""

    name: str
    returned_in_file: int
    valid: int
    issued: int | None = None
    returned: int | None = None
    stated_valid: int | None = None


@overload
def _whole(value: int) -> int: ...


@overload
def _whole(value: int | None) -> int | None: ...


def _whole(value: int | None) -> int | None:
    """A whole float read from a file as the count it is (46.0 → 46); anything else as it is
    (a fractional count stays, and the checks report it)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def build_fieldwork(
    group: str,
    *,
    issued: int | None,
    returned: int,
    valid: int,
    stated_valid: int | None = None,
    rows_in_file: int | None = None,
    mode: Mode | None = None,
    sites: Sequence[SiteCount] = (),
    rows_without_site: tuple[int, tuple[str, ...]] | None = None,
    lang: Language = "en",
) -> Fieldwork:
    """Assemble the record and check it: returned ≤ issued, valid ≤ returned, counts whole
    and not negative, the stated valid count equal to screening's, sites adding up.

    ``rows_in_file`` is compared with ``returned`` when the record states a returned count.
    ``mode="online"`` drops an issued count (and says so): no return rate is invented.

    >>> fw = build_fieldwork("staff", issued=30, returned=46, valid=46)
    >>> [p.code for p in fw.problems]
    ['returned_exceeds_issued']
    >>> fw.return_rate is None, fw.rates()[0].reason
    (True, <Reason.IMPOSSIBLE_RECORD: 'impossible_record'>)
    >>> build_fieldwork("web", issued=None, returned=120, valid=118, mode="online").rates()[0].reason
    <Reason.NO_ISSUED_COUNT: 'no_issued_count'>
    """
    problems = _check(issued, returned, valid, stated_valid, rows_in_file, mode, None, lang)
    if mode == "online":
        issued = None
    site_records = []
    for site in sites:
        site_returned = site.returned_in_file if site.returned is None else site.returned
        site_issued = None if mode == "online" else site.issued
        site_problems = _check(site.issued if mode != "online" else None, site_returned,
                               site.valid, site.stated_valid,
                               site.returned_in_file if site.returned is not None else None,
                               mode, site.name, lang)
        site_records.append(Fieldwork(
            group=group, issued=_whole(site_issued), returned=_whole(site_returned),
            valid=site.valid, stated_valid=site.stated_valid, problems=tuple(site_problems),
            mode=mode, site=site.name))
        problems += site_problems
    if sites:
        problems += _sums(issued, returned, sites, mode, lang)
    if rows_without_site is not None and rows_without_site[0]:
        count, codes = rows_without_site
        problems.append(_problem("rows_without_site", lang, None, rows=count,
                                 codes=", ".join(codes)))
    return Fieldwork(group=group, issued=_whole(issued), returned=_whole(returned),
                     valid=valid, stated_valid=_whole(stated_valid),
                     problems=tuple(problems), mode=mode, sites=tuple(site_records))


def _problem(code: str, lang: Language, site: str | None, **values: Any) -> FieldworkProblem:
    full = f"site_{code}" if site else code
    return FieldworkProblem(full, _sentence(lang, full, values, site),
                            tuple(values.items()), site)


def _count_problem(name: str, value: object, lang: Language, site: str | None
                   ) -> FieldworkProblem | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _problem("fractional_count", lang, site, name=name, value=value)
    if isinstance(value, float) and not value.is_integer():
        return _problem("fractional_count", lang, site, name=name, value=value)
    if value < 0:
        return _problem("negative_count", lang, site, name=name, value=int(value))
    return None


def _check(
    issued: int | None, returned: int, valid: int, stated_valid: int | None,
    rows_in_file: int | None, mode: Mode | None, site: str | None, lang: Language,
) -> list[FieldworkProblem]:
    problems = [p for p in (
        _count_problem("issued", issued, lang, site),
        _count_problem("returned", returned, lang, site),
        _count_problem("stated_valid", stated_valid, lang, site),
    ) if p]
    if mode == "online" and issued is not None:
        problems.append(_problem("issued_for_online_survey", lang, site, issued=_whole(issued)))
        issued = None
    if issued is not None and returned > issued:
        problems.append(_problem("returned_exceeds_issued", lang, site,
                                 returned=_whole(returned), issued=_whole(issued)))
    if valid > returned:
        problems.append(_problem("valid_exceeds_returned", lang, site, valid=valid,
                                 returned=_whole(returned)))
    if rows_in_file is not None and rows_in_file != returned:
        problems.append(_problem("returned_differs_from_file", lang, site,
                                 returned=_whole(returned), rows=rows_in_file))
    if stated_valid is not None and stated_valid != valid:
        problems.append(_problem("stated_valid_differs", lang, site,
                                 stated=_whole(stated_valid), valid=valid))
    return problems


def _sums(issued: int | None, returned: int, sites: Sequence[SiteCount], mode: Mode | None,
          lang: Language) -> list[FieldworkProblem]:
    problems = []
    site_issued = [s.issued for s in sites]
    if mode != "online" and issued is not None and all(v is not None for v in site_issued):
        total = sum(int(v) for v in site_issued if v is not None)
        if total != issued:
            problems.append(_problem("sites_do_not_add_up", lang, None, name="issued",
                                     sites=total, total=_whole(issued)))
    site_returned = [s.returned if s.returned is not None else s.returned_in_file for s in sites]
    total = sum(site_returned)
    if total != returned:
        problems.append(_problem("sites_do_not_add_up", lang, None, name="returned",
                                 sites=total, total=_whole(returned)))
    return problems
