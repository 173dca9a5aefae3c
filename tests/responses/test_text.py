"""Normalisation of headers and labels: full-width forms, radical look-alikes, annotations."""

from __future__ import annotations

from survey.responses._text import fold, label_key, text_key


class TestFold:
    def test_folds_radical_supplement_lookalike(self):
        """⻅ (U+2EC5, CJK Radicals Supplement) becomes 见 (U+89C1), which NFKC leaves alone."""
        assert "\u2ec5" != "见"
        assert fold("意\u2ec5") == "意见"

    def test_folds_kangxi_radical(self):
        """⽬ (U+2F6C, Kangxi Radicals) becomes 目 (U+76EE)."""
        assert fold("项\u2f6c") == "项目"

    def test_folds_full_width_digits_and_brackets(self):
        """Full-width digits, parentheses and 【】 compare as their ASCII forms."""
        assert fold("第６题（运动）") == "第6题(运动)"
        assert fold("其他【请注明】") == "其他(请注明)"

    def test_collapses_and_trims_spaces(self):
        """Runs of spaces become one; ends are trimmed."""
        assert fold("  3、性别   ") == "3、性别"


class TestTextKey:
    def test_ignores_punctuation_and_platform_annotations(self):
        """A header's [多选题] annotation and its question mark do not count."""
        assert text_key("您不满意的原因？[多选题]") == text_key("您不满意的原因")

    def test_keeps_words_apart(self):
        """Different questions keep different keys."""
        assert text_key("您的性别") != text_key("您的年龄")


class TestLabelKey:
    def test_spaces_and_dashes_do_not_count(self):
        """'30–44 岁' and '30-44岁' are the same label."""
        assert label_key("30–44 岁") == label_key("30-44岁")
