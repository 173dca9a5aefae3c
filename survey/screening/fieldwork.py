"""The fieldwork record (问卷的发放和回收): issued, returned, valid, and the three rates.

- 回收率 (return rate) = returned / issued
- 有效率 (valid rate) = valid / returned
- 有效回收率 (valid return rate) = valid / issued

An online survey has no issued count, so neither 回收率 nor 有效回收率 exists for it.
An impossible record is not corrected: it is reported, with the numbers that conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Fieldwork", "FieldworkProblem", "build_fieldwork"]


@dataclass(frozen=True)
class FieldworkProblem:
    """An inconsistency in the record, with a stable code and the conflicting numbers."""

    code: str
    message: str


@dataclass(frozen=True)
class Fieldwork:
    """Counts and rates for one respondent group. A rate is ``None`` where it does not exist."""

    group: str
    issued: int | None
    returned: int
    valid: int
    stated_valid: int | None = None
    problems: tuple[FieldworkProblem, ...] = field(default=())

    @property
    def return_rate(self) -> float | None:
        """回收率 = returned / issued; ``None`` without an issued count or with issued = 0."""
        if not self.issued:
            return None
        return self.returned / self.issued

    @property
    def valid_rate(self) -> float | None:
        """有效率 = valid / returned; ``None`` when nothing was returned."""
        return self.valid / self.returned if self.returned else None

    @property
    def valid_return_rate(self) -> float | None:
        """有效回收率 = valid / issued; ``None`` without an issued count."""
        if not self.issued:
            return None
        return self.valid / self.issued

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (the ``fieldwork`` rows of results.json)."""
        return {
            "group": self.group,
            "issued": self.issued,
            "returned": self.returned,
            "valid": self.valid,
            "stated_valid": self.stated_valid,
            "return_rate": self.return_rate,
            "valid_rate": self.valid_rate,
            "valid_return_rate": self.valid_return_rate,
            "problems": [{"code": p.code, "message": p.message} for p in self.problems],
        }


def _count_problem(name: str, value: object) -> FieldworkProblem | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return None
        return FieldworkProblem("fractional_count", f"{name} = {value} is not a whole number")
    if value < 0:
        return FieldworkProblem("negative_count", f"{name} = {value} is negative")
    return None


def build_fieldwork(
    group: str,
    *,
    issued: int | None,
    returned: int,
    valid: int,
    stated_valid: int | None = None,
    rows_in_file: int | None = None,
) -> Fieldwork:
    """Assemble the record and check it: returned ≤ issued, valid ≤ returned, counts whole.

    >>> fw = build_fieldwork("staff", issued=30, returned=46, valid=46)
    >>> [p.code for p in fw.problems]
    ['returned_exceeds_issued']
    """
    problems = [
        p for p in (
            _count_problem("issued", issued),
            _count_problem("returned", returned),
            _count_problem("stated valid", stated_valid),
        ) if p
    ]
    if issued is not None and returned > issued:
        problems.append(FieldworkProblem(
            "returned_exceeds_issued",
            f"returned {returned} questionnaires but issued only {issued}",
        ))
    if valid > returned:
        problems.append(FieldworkProblem(
            "valid_exceeds_returned", f"{valid} valid questionnaires but only {returned} returned",
        ))
    if rows_in_file is not None and rows_in_file != returned:
        problems.append(FieldworkProblem(
            "returned_differs_from_file",
            f"the record says {returned} returned, the response file has {rows_in_file} rows",
        ))
    if stated_valid is not None and stated_valid != valid:
        problems.append(FieldworkProblem(
            "stated_valid_differs",
            f"the record states {stated_valid} valid questionnaires, screening finds {valid}",
        ))
    return Fieldwork(group=group, issued=issued, returned=returned, valid=valid,
                     stated_valid=stated_valid, problems=tuple(problems))
