"""`survey reliability` states Bartlett's p with one relation sign: 'p < 0.001' or 'p = 0.304',
never 'p = < 0.001'. Independent figure: Bartlett's χ² by its textbook formula on a small
hand-made table of strongly correlated items."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from survey.cli import main


def _bartlett_p(frame: pd.DataFrame) -> float:
    n, p = frame.shape
    chi2 = -(n - 1 - (2 * p + 5) / 6) * np.log(np.linalg.det(np.corrcoef(frame.T)))
    return float(stats.chi2.sf(chi2, p * (p - 1) / 2))


class TestReliabilityCommandBartlett:
    def test_tiny_p_has_a_single_relation_sign(self, tmp_path, capsys):
        """χ² far in the tail: the line reads 'p < 0.001'."""
        rng = np.random.default_rng(7)
        base = rng.integers(1, 6, 60)
        frame = pd.DataFrame({f"q{j}": np.clip(base + rng.integers(-1, 2, 60), 1, 5)
                              for j in range(1, 5)})
        assert _bartlett_p(frame) < 0.001
        path = tmp_path / "items.csv"
        frame.to_csv(path, index=False)
        main(["reliability", str(path), "--items", "q1,q2,q3,q4", "--lang", "en"])
        line = next(x for x in capsys.readouterr().out.splitlines() if "Bartlett" in x)
        assert "p < 0.001" in line and "= <" not in line, line
