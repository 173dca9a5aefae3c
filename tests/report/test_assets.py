"""The vendored plotly.js: version pinned to plotly.py's, hashes as recorded, licence kept."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

import plotly.offline

from survey.report import plotly_js_version

STATIC = resources.files("survey").joinpath("report", "static")


def _recorded_hashes() -> dict[str, str]:
    table = STATIC.joinpath("VENDOR.md").read_text("utf-8")
    return dict(re.findall(r"\| `([^`]+\.js)` \|[^|]*\|[^|]*\| `([0-9a-f]{64})` \|", table))


class TestPlotlyJsVersion:
    def test_equals_the_version_plotly_py_ships(self):
        """Vendored bundle and plotly.py's bundled plotly.js are the same release."""
        assert plotly_js_version() == plotly.offline.get_plotlyjs_version()

    def test_vendored_files_match_their_recorded_hashes(self):
        """VENDOR.md records the SHA-256 of each vendored file."""
        recorded = _recorded_hashes()
        assert set(recorded) == {"plotly-basic.min.js", "plotly-locale-zh-cn.js"}
        for name, digest in recorded.items():
            data = STATIC.joinpath(name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest, name

    def test_licence_is_kept_beside_the_bundle(self):
        """plotly.js is MIT-licensed; the licence travels with it."""
        licence = STATIC.joinpath("LICENSE-plotly.js.txt").read_text("utf-8")
        assert licence.startswith("MIT License")
        assert "Plotly" in licence

    def test_locale_registers_simplified_chinese(self):
        """The locale file registers zh-CN with plotly (or queues it before plotly loads)."""
        js = STATIC.joinpath("plotly-locale-zh-cn.js").read_text("utf-8")
        assert 'name:"zh-CN"' in js and "Plotly.register(locale)" in js
