"""Regenerate the bundled example's responses (fictional, seeded, reproducible).

    python analyses/data/generate.py

writes ``residents.csv`` (GBK, as Chinese Excel saves CSV) and ``staff.xlsx`` beside this
file. The answers come from a one-factor model (each respondent's general satisfaction plus
item noise), so the satisfaction items correlate as real ones do. Fieldwork defects are
planted on purpose, and listed in ``DEFECTS`` so tests can check that screening finds them:
codes outside the scale, a duplicated respondent, straight-liners, unanswered required
items, and an answer to a question the skip logic hides.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
SEED = 20261121

#: Planted defects: (group, respondent_id, rule the toolkit must report).
DEFECTS: list[tuple[str, str, str]] = [
    ("residents", "R0017", "out_of_scale"),
    ("residents", "R0088", "out_of_scale"),
    ("residents", "R0203", "out_of_scale"),
    ("residents", "R0150", "duplicate_id"),
    ("residents", "R0040", "straight_lining"),
    ("residents", "R0121", "straight_lining"),
    ("residents", "R0064", "missing_required"),
    ("residents", "R0230", "missing_required"),
    ("residents", "R0275", "skip_violation"),
    ("staff", "S031", "out_of_scale"),
    ("staff", "S044", "missing_required"),
]

SUGGESTIONS = [
    "希望加强后期管护，防止复绿的树苗枯死。",
    "施工期间大车太多，建议错开上学时间。",
    "矿坑边上加装护栏和警示牌。",
    "多公开一些项目资金使用情况。",
    "复绿效果不错，希望继续推进。",
    "排水沟容易堵，要定期清理。",
    "占地补偿希望尽快落实到位。",
    "希望修复后能建成休闲步道。",
]


def _likert(rng: np.random.Generator, n: int, means: list[float], loading: float) -> np.ndarray:
    latent = rng.normal(size=(n, 1))
    noise = rng.normal(size=(n, len(means)))
    raw = np.asarray(means) + loading * latent + 0.55 * noise
    return np.clip(np.rint(raw), 1, 5).astype(int)


def residents(rng: np.random.Generator) -> pd.DataFrame:
    """306 returned questionnaires, defects included."""
    n = 305
    frame = pd.DataFrame({
        "respondent_id": [f"R{i:04d}" for i in range(1, n + 1)],
        "village": rng.choice([1, 2, 3, 4, 5], size=n, p=[0.24, 0.18, 0.27, 0.16, 0.15]),
        "age_band": rng.choice([1, 2, 3, 4], size=n, p=[0.12, 0.27, 0.36, 0.25]),
        "years_lived": rng.choice([1, 2, 3], size=n, p=[0.08, 0.17, 0.75]),
        "aware": rng.choice([1, 2], size=n, p=[0.86, 0.14]),
    })
    frame["aware_level"] = np.where(frame["aware"] == 1, rng.choice([1, 2, 3], size=n, p=[0.3, 0.55, 0.15]), 0)
    frame["consulted"] = rng.choice([1, 2], size=n, p=[0.63, 0.37])
    sat = _likert(rng, n, [4.75, 4.65, 4.6, 4.35, 4.3, 4.7], 0.7)
    for j in range(6):
        frame[f"sat_{j + 1}"] = sat[:, j]
    low = (sat <= 2).any(axis=1)
    reasons = []
    for i in range(n):
        if not low[i]:
            reasons.append("")
            continue
        k = rng.integers(1, 3)
        picks = sorted(rng.choice([1, 2, 3, 4, 5, 6], size=k, replace=False,
                                  p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05]))
        reasons.append(",".join(str(p) for p in picks))
    frame["reasons"] = reasons
    frame["suggestion"] = [SUGGESTIONS[rng.integers(len(SUGGESTIONS))] if rng.random() < 0.18 else ""
                           for _ in range(n)]
    frame["duration_seconds"] = rng.normal(260, 60, size=n).clip(90).round().astype(int)
    frame = frame.astype(object)
    frame.loc[frame["aware_level"] == 0, "aware_level"] = ""

    def at(rid: str) -> int:
        return int(frame.index[frame["respondent_id"] == rid][0])

    frame.loc[at("R0017"), "sat_2"] = 6
    frame.loc[at("R0088"), "sat_5"] = 0
    frame.loc[at("R0203"), "village"] = 7
    for rid, value in (("R0040", 3), ("R0121", 5)):
        for j in range(1, 7):
            frame.loc[at(rid), f"sat_{j}"] = value
        frame.loc[at(rid), "reasons"] = ""
        frame.loc[at(rid), "duration_seconds"] = 41
    frame.loc[at("R0064"), "sat_3"] = ""
    frame.loc[at("R0230"), "consulted"] = ""
    # R0275 is satisfied with everything yet ticked a reason for dissatisfaction.
    for j in range(1, 7):
        frame.loc[at("R0275"), f"sat_{j}"] = max(3, int(frame.loc[at("R0275"), f"sat_{j}"]))
    frame.loc[at("R0275"), "reasons"] = "2"
    duplicate = frame.loc[[at("R0150")]]
    frame = pd.concat([frame.iloc[:200], duplicate, frame.iloc[200:]], ignore_index=True)
    columns = ["respondent_id", "village", "age_band", "years_lived", "aware", "aware_level",
               "consulted", *[f"sat_{j}" for j in range(1, 7)], "reasons", "suggestion",
               "duration_seconds"]
    return frame[columns]


def staff(rng: np.random.Generator) -> pd.DataFrame:
    """48 returned questionnaires from 50 issued, defects included."""
    n = 48
    frame = pd.DataFrame({
        "respondent_id": [f"S{i:03d}" for i in range(1, n + 1)],
        "department": rng.choice([1, 2, 3, 4, 5], size=n, p=[0.35, 0.2, 0.15, 0.2, 0.1]),
        "tenure": rng.choice([1, 2, 3, 4], size=n, p=[0.1, 0.25, 0.3, 0.35]),
        "trained": rng.choice([1, 2], size=n, p=[0.9, 0.1]),
        "rules_clear": rng.choice([1, 2], size=n, p=[0.85, 0.15]),
    })
    sat = _likert(rng, n, [4.95, 4.9, 5.0], 0.6)
    for j in range(3):
        frame[f"sat_{j + 1}"] = sat[:, j]
    frame["reason"] = ""
    frame = frame.astype(object)
    for i in range(n):
        if (sat[i] <= 3).any():
            frame.loc[i, "reason"] = "资金拨付流程较长，影响施工进度。"
    frame.loc[frame["respondent_id"] == "S031", "sat_1"] = 55
    frame.loc[frame["respondent_id"] == "S044", "tenure"] = ""
    return frame


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        sheet.append([None if v == "" else v for v in record])
    workbook.save(path)


def main() -> None:
    """Write both response files."""
    rng = np.random.default_rng(SEED)
    res = residents(rng)
    res.to_csv(HERE / "residents.csv", index=False, encoding="gbk")
    _write_xlsx(staff(rng), HERE / "staff.xlsx")
    print(f"wrote {HERE / 'residents.csv'} ({len(res)} rows) and {HERE / 'staff.xlsx'}")


if __name__ == "__main__":
    main()
