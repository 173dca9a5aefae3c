"""Helpers shared by the checks: grouping claims and writing numbers into messages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from fractions import Fraction

from survey.audit.model import Claim
from survey.audit.registry import ClaimKind
from survey.locale import Language, text
from survey.rounding import format_number

__all__ = ["by_group", "exact", "kind_name", "percent", "ratio_text"]


def by_group(claims: Iterable[Claim], kinds: Sequence[ClaimKind]) -> dict[str, list[Claim]]:
    """Claims of ``kinds`` by their group id (claims without a group are left out)."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind in kinds and claim.group is not None:
            groups[claim.group].append(claim)
    return dict(groups)


def exact(value: Fraction | float, decimals: int = 4) -> str:
    """A computed value with enough decimals to show where it falls (95.625, 4.3478)."""
    return format_number(float(value), decimals)


def percent(value: Fraction | float, decimals: int) -> str:
    """A share in percent, half-up at ``decimals``, with the sign: ``95.63%``."""
    return format_number(float(value), max(decimals, 0), strip=False) + "%"


def ratio_text(numerator: int, denominator: int, decimals: int) -> str:
    """``306 ÷ 320 = 95.625%``: the exact share, shown two places past the printed ones."""
    share = Fraction(100 * numerator, denominator)
    return f"{numerator} ÷ {denominator} = {exact(share, decimals + 3)}%"


def kind_name(lang: Language, kind: ClaimKind) -> str:
    """The reader's word for a claim kind (回收率, questionnaires issued)."""
    return text(lang, f"audit_kind_{kind.value}")
