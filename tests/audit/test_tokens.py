"""The token pass (every number with its unit and span, once per document) and the
candidate-base service (the counts a figure may be a share of, nearest first)."""

from __future__ import annotations

from survey.audit.arithmetic import Printed
from survey.audit.claims import extract_claims
from survey.audit.registry import ClaimKind
from survey.audit.text import document_from_lines
from survey.audit.tokens import candidate_bases, document_tokens, first_fitting


def _tokens(*lines: str):
    doc = document_from_lines(list(lines))
    return doc, document_tokens(doc, extract_claims(doc))


def _roles(*lines: str) -> list[tuple[str, str, str | None]]:
    _, index = _tokens(*lines)
    return [(t.text, t.unit, t.role) for t in index.tokens]


class TestTokens:
    def test_units_and_spans(self):
        """Each number with the unit after it and its flow span; look-alikes are not tokens."""
        doc, index = _tokens("2023年10月共回收问卷 1,234 份，占 96.5%，得分 4.5 分，千分比 3‰，经费 12 万元。")
        assert [(t.text, t.unit) for t in index.tokens] == [
            ("1234", "份"), ("96.5", "%"), ("4.5", "分"), ("3", "‰")]
        first = index.tokens[0]
        assert doc.flow[first.start:first.end] == "1,234"

    def test_fieldwork_roles(self):
        """发放/回收/有效 counts take their role, from the claims and from the words."""
        assert _roles("本次共发放问卷 320 份，回收 306 份，其中有效问卷 300 份。") == [
            ("320", "份", "issued"), ("306", "份", "returned"), ("300", "份", "valid")]

    def test_respondents_and_sub_bases(self):
        """A count of all respondents, however written, and a part of them."""
        roles = _roles("成功访问受访者 600 人，其中女性 212 人。",
                       "共 46 人作答。在 300 名受访者中，知晓的 120 人。", "n = 77")
        assert roles == [("600", "人", "respondents"), ("212", "人", "sub_base"),
                         ("46", "人", "respondents"), ("300", "名", "respondents"),
                         ("120", "人", "sub_base"), ("77", "", None)]

    def test_selections(self):
        """人次 and 选择…次 are selections, not people."""
        assert _roles("合计选择 389 次，共 4023 人次。") == [
            ("389", "次", "selections"), ("4023", "人次", "selections")]

    def test_built_once_per_document(self):
        """The index is kept with the document (a second call returns the same object)."""
        doc, index = _tokens("回收有效问卷 46 份。")
        assert document_tokens(doc) is index


class TestCandidateBases:
    LINES = ["一、调查概况", "本次发放问卷 320 份，回收有效问卷 300 份。",
             "二、受访者构成", "受访者中女性 120 人，占 40%；男性 180 人，占 60%。",
             "女性中，选择“满意”的 66 人，占 55%。",
             "三、其他", "另有工作人员 12 人。"]

    def _candidates(self, text: str):
        doc = document_from_lines(self.LINES)
        claims = extract_claims(doc)
        claim = next(c for c in claims if c.kind is ClaimKind.SHARE and c.text == text)
        return [(c.n, c.kind, c.scope) for c in candidate_bases(doc, claim, claims)]

    def test_nearest_first_each_once(self):
        """Sentence, then paragraph, then the section's counts and the document's whole
        counts, nearest first within each; the share's own count (120 人，占 40%) is not its base."""
        assert self._candidates("40") == [(180, "sub_base", "sentence"),
                                          (66, "sub_base", "section"),
                                          (300, "valid", "document"),
                                          (320, "issued", "document")]

    def test_section_sub_bases_in_other_sections_out(self):
        """女性中 … 55%: the sub-groups of its section (女性 120 人, 男性 180 人) are candidates,
        a part counted in another section (工作人员 12 人) is not, the share's own count
        (66 人) is not its base."""
        assert self._candidates("55") == [(180, "sub_base", "section"),
                                          (120, "sub_base", "section"),
                                          (300, "valid", "document"),
                                          (320, "issued", "document")]

    def test_kinds_restrict(self):
        """Only the roles asked for."""
        doc = document_from_lines(self.LINES)
        claims = extract_claims(doc)
        claim = next(c for c in claims if c.kind is ClaimKind.SHARE and c.text == "40")
        assert [c.n for c in candidate_bases(doc, claim, claims, kinds=["valid"])] == [300]

    def test_first_fitting(self):
        """43.48% is 20 of 46 (43.478…) but no whole count of 50; 26.67% of 80 people needs
        n = 300, which only truncation or rounding of 80/300 gives."""
        doc = document_from_lines(["在 50 名受访者中 …", "有效问卷 46 份。", "其中 20 人满意，占 43.48%。"])
        claims = extract_claims(doc)
        share = next(c for c in document_tokens(doc, claims).tokens if c.unit == "%")
        candidates = list(candidate_bases(doc, share, claims))
        assert [c.n for c in candidates] == [20, 46, 50]
        fit = first_fitting(Printed.parse("43.48"), candidates)
        assert fit is not None and fit.n == 46
        assert first_fitting(Printed.parse("43.48"), [c for c in candidates if c.n == 50]) is None
        assert first_fitting(Printed.parse("43.48"), candidates, count=20).n == 46


class TestShareChecksTryEveryBase:
    """percentage_impossible_for_n only when no candidate base gives the share."""

    LINES = ["一、受访者情况", "本次调查成功访问受访者600人，其中女性212人、男性388人。",
             "本次共回收有效问卷600份。女性受访者中，选择“满意”的占{share}%，“不满意”的占56.60%。"]

    def _codes(self, share: str) -> list[str]:
        from survey.audit import audit_text
        lines = [line.replace("{share}", share) for line in self.LINES]
        return [f.code for f in audit_text(lines).errors]

    def test_sub_group_base_accepted(self):
        """43.40% is 92 of the 212 women though no whole count of the paragraph's 600 gives it."""
        assert self._codes("43.40") == []

    def test_no_base_gives_it(self):
        """43.45% is no share of 212, 388 or 600: the error stands."""
        assert "percentage_impossible_for_n" in self._codes("43.45")
