"""Extraction: which figures become claims, with what meaning, and which do not."""

from __future__ import annotations

from survey.audit.claims import ClaimKind, extract_claims
from survey.audit.text import document_from_lines


def claims(text: str, kind: str = "md"):
    return extract_claims(document_from_lines(text.splitlines(), kind=kind))


def pairs(text: str, kind: str = "md"):
    return [(c.kind.value, c.shown()) for c in claims(text, kind)]


class TestExtractClaims:
    def test_fieldwork_sentence(self):
        """Issued, returned, rate, set aside, valid, valid rate: one statement, in order."""
        found = pairs("本次发放问卷 320 份，回收 306 份，回收率 95.63%；剔除无效问卷 6 份，"
                      "有效问卷 300 份，有效率 98.04%。")
        assert found == [("issued", "320"), ("returned", "306"), ("return_rate", "95.63%"),
                         ("invalid", "6"), ("valid", "300"), ("valid_rate", "98.04%")]
        assert len({c.group for c in claims("本次发放问卷 320 份，回收 306 份。")}) == 1

    def test_traditional_and_full_width(self):
        """Traditional characters and full-width digits give the same claims."""
        assert pairs("本次發放問卷３２０份，回收３０６份，回收率９５．６３％。") == [
            ("issued", "320"), ("returned", "306"), ("return_rate", "95.63%")]

    def test_number_split_across_lines(self):
        """A count split over two lines is read whole and placed on its first line."""
        found = claims("本次发放问卷 50 份，回收有效问卷 4\n6 份。")
        valid = next(c for c in found if c.kind is ClaimKind.VALID)
        assert valid.text == "46" and valid.line == 1

    def test_look_alikes_are_not_claims(self):
        """Budget figures, dates, years, document numbers and chapters are not claims."""
        text = ("依据《项目支出绩效评价管理办法》（财预〔2020〕10号），2023 年项目资金 1,234.56 万元，"
                "于 2023 年 10 月 12 日拨付，占年度预算的 98.5%，详见第 3 章表 3-1。")
        assert pairs(text) == []

    def test_thresholds_are_not_claims(self):
        """α 在 0.7 以上即可接受 is a rule of thumb, not the report's α."""
        assert pairs("一般认为 α 系数在 0.7 以上即可接受，本问卷信度系数为 0.86。") == [("alpha", "0.86")]

    def test_significance_level_is_not_reliability(self):
        """α = 0.05 beside 显著性 is a significance level."""
        assert pairs("在显著性水平 α = 0.05 下，差异显著。") == []

    def test_planned_issuance(self):
        """计划发放 is a plan, not the issued count."""
        assert pairs("计划发放问卷 400 份，实际发放 386 份。") == [("planned", "400"), ("issued", "386")]

    def test_loan_recovery_rate_is_not_a_return_rate(self):
        """回收率 in a paragraph without a survey is something else."""
        assert pairs("借款回收率为 92.5%。") == []

    def test_populations_per_statement(self):
        """Each statement carries the population it names; two joined populations are neither."""
        found = claims("居民问卷发放 320 份，单位人员问卷发放 50 份。对居民和单位人员共发放问卷 370 份。")
        assert [(c.subject, c.text) for c in found] == [("居民", "320"), ("单位人员", "50"), (None, "370")]
        assert found[-1].details.get("combined") is True

    def test_fieldwork_table_rows(self):
        """A fieldwork table gives one statement per row, the 合计 row marked as a total."""
        text = ("| 调查对象 | 发放数量（份） | 回收数量（份） | 有效数量（份） | 回收率 |\n"
                "| --- | --- | --- | --- | --- |\n"
                "| 受益群众 | 400 | 386 | 372 | 96.50% |\n"
                "| 单位人员 | 60 | 58 | 55 | 96.67% |\n"
                "| 合计 | 460 | 444 | 427 | 96.52% |")
        found = claims(text)
        assert [(c.kind.value, c.text, c.subject) for c in found[:4]] == [
            ("issued", "400", "群众"), ("returned", "386", "群众"), ("valid", "372", "群众"),
            ("return_rate", "96.50", "群众")]
        assert all(c.details.get("total") for c in found if c.line == 5)

    def test_key_value_table(self):
        """A key–value table (| 发放问卷数量 | 46 份 |) is read by the sentence patterns."""
        assert pairs("| 项目 | 内容 |\n| --- | --- |\n| 发放问卷数量 | 46 份 |\n| 回收问卷数量 | 46 份 |") == [
            ("issued", "46"), ("returned", "46")]

    def test_item_table_columns(self):
        """α-if-deleted and corrected item-total columns are lists as long as the table."""
        text = ("| 题项 | 校正的项总计相关性 | 删除该项后的 α |\n| --- | --- | --- |\n"
                "| A1 | 0.61 | 0.80 |\n| A2 | 0.58 | 0.81 |\n| A3 | 0.66 | 0.79 |")
        deleted = [c for c in claims(text) if c.kind is ClaimKind.ALPHA_IF_DELETED]
        assert [c.text for c in deleted] == ["0.80", "0.81", "0.79"]
        assert {c.details["items"] for c in deleted} == {3} and len({c.group for c in deleted}) == 1

    def test_option_table_base_from_total_row(self):
        """An option table takes n from its 合计 row and each share's count from its row."""
        text = ("| 选项 | 人数 | 比例 |\n| --- | --- | --- |\n| 是 | 41 | 89.13% |\n| 否 | 5 | 10.87% |\n"
                "| 合计 | 46 | 100.00% |")
        shares = [c for c in claims(text) if c.kind is ClaimKind.SHARE]
        assert [(c.text, c.n, c.details["count"]) for c in shares] == [("89.13", 46, 41),
                                                                        ("10.87", 46, 5)]
        assert all(c.details["complete"] for c in shares)

    def test_share_list_with_respective_labels(self):
        """Labels named before 分别为 are matched to the shares in order."""
        found = claims("在 46 份有效问卷中，选择“非常满意”、“满意”、“一般”的比例分别为 60.87%、30.43% 和 8.70%。")
        assert [(c.label, c.n) for c in found] == [("非常满意", 46), ("满意", 46), ("一般", 46)]
        assert found[0].details["disjoint"] is True

    def test_share_counts_beside_shares(self):
        """31 人，占 67.39% and 26.67%（80 人） pair a count with its share."""
        found = claims("在 46 名受访者中，非常满意 31 人，占 67.39%；在 300 份有效问卷中，选择“是”的比例为 26.67%（80 人）。")
        assert [c.details["count"] for c in found] == [31, 80]

    def test_multiple_choice_flag(self):
        """可多选 in the paragraph marks the list as multiple choice."""
        found = claims("在 200 名受访者中，关注的问题（可多选）：水质占 40.00%，水压占 35.00%。")
        assert all(c.details["multiple_choice"] for c in found)

    def test_targets_and_rates_are_not_shares(self):
        """A target (≥90%) and an execution rate are not option shares."""
        assert pairs("年度指标值 ≥90%，预算执行率 96.83%，比上年提高 3.2%。") == []

    def test_indicator_sentence(self):
        """Weight, target, actual, score and rule from one sentence."""
        found = claims("群众满意度指标分值 5 分，目标值 ≥90%，实际完成值 87.67%，达到目标值得满分，"
                       "未达到目标值按比例扣分，得 4.87 分。")
        indicator = next(c for c in found if c.kind is ClaimKind.INDICATOR)
        assert indicator.text == "4.87"
        assert {k: indicator.details[k] for k in ("weight", "target", "actual", "rules")} == {
            "weight": "5", "target": "90", "actual": "87.67", "rules": ["full", "proportional"]}

    def test_indicator_table(self):
        """An indicator table row, with its rule cell."""
        text = ("| 指标 | 分值 | 目标值 | 实际值 | 得分 | 评分标准 |\n| --- | --- | --- | --- | --- | --- |\n"
                "| 群众满意度 | 5 | ≥95% | 99% | 4.95 | 达到目标值得满分 |")
        indicator = claims(text)[0]
        assert indicator.kind is ClaimKind.INDICATOR and indicator.details["rules"] == ["full"]

    def test_sample_size_parameters(self):
        """The formula's parameters and results share one group."""
        found = claims("在 95% 置信水平下，Z 取 1.96，允许误差 5%，p 取 0.5，样本量 n = 384.16，取 385 份。")
        assert [c.kind.value for c in found] == ["confidence", "z", "margin", "proportion",
                                                 "sample_size", "sample_size"]
        assert len({c.group for c in found}) == 1

    def test_alpha_if_deleted_range(self):
        """删除任一题项后的 α 在 0.955–0.959 之间: two ends of one list."""
        found = claims("删除任一题项后的 α 系数在 0.955–0.959 之间。")
        assert [(c.kind.value, c.details["range"]) for c in found] == [
            ("alpha_if_deleted", "low"), ("alpha_if_deleted", "high")]

    def test_uniform_answers(self):
        """所有受访者对各题项均选择“非常满意” is evidence of zero variance."""
        found = claims("所有受访者对各题项均选择“非常满意”。")
        assert found[0].kind is ClaimKind.UNIFORM_ANSWERS and found[0].details["option"] == "非常满意"

    def test_item_count_in_numerals_alone_in_its_paragraph(self):
        """A paragraph without a digit is still read where a figure can be written in
        numerals (共四十四道题目, as a real staff survey wrote it) or without one (every
        respondent chose one option); the other sentence readers skip it."""
        found = claims("调查问卷共设四个方面的内容，共四十四道题目。\n\n"
                       "所有受访者对各题项均选择“满意”。")
        assert [(c.kind, c.value) for c in found] == [
            (ClaimKind.ITEM_COUNT, 44.0), (ClaimKind.UNIFORM_ANSWERS, 100.0)]

    def test_html_docx_and_markdown_agree(self, tmp_path):
        """The same report in .md, .html and .docx gives the same claims."""
        import docx

        from survey.audit.text import read_document

        para = "本次发放问卷 50 份，回收 48 份，回收率 96.00%。"
        rows = (("选项", "人数", "比例"), ("是", "41", "89.13%"), ("否", "5", "10.87%"), ("合计", "46", "100.00%"))
        (tmp_path / "r.md").write_text(para + "\n\n" + "\n".join(
            "| " + " | ".join(r) + " |" for r in rows), encoding="utf-8")
        (tmp_path / "r.html").write_text(f"<p>{para}</p><table>" + "".join(
            "<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>",
            encoding="utf-8")
        d = docx.Document()
        d.add_paragraph(para)
        table = d.add_table(rows=len(rows), cols=3)
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                table.cell(i, j).text = c
        d.save(tmp_path / "r.docx")
        results = [[(c.kind.value, c.shown(), c.n) for c in extract_claims(read_document(tmp_path / f"r.{s}"))]
                   for s in ("md", "html", "docx")]
        assert results[0] == results[1] == results[2]
        assert len(results[0]) == 5

    def test_to_dict(self):
        """A claim serialises with its kind, printed text and place."""
        claim = claims("回收率 95.63%，本次问卷调查。")[0]
        assert claim.to_dict()["kind"] == "return_rate" and claim.to_dict()["text"] == "95.63%"
        assert claim.to_dict()["line"] == 1


class TestLabelsAfterShares:
    """A share whose option is written after it (有 31% 的人员认为甲) takes its label from
    there, and so does each share that follows such a label in one sentence: the text before
    it is the previous share's label (shapes of a real county survey and a library survey)."""

    @staticmethod
    def labels(text: str) -> list[tuple[str, str | None]]:
        return [(c.text, c.label) for c in claims(text) if c.kind is ClaimKind.SHARE]

    def test_each_share_of_a_list_takes_the_words_after_it(self):
        assert self.labels("有24%的人员认为甲，1%的人员认为乙，25%的人员认为丙，50%的人员认为丁。") == [
            ("24", "人员认为甲"), ("1", "人员认为乙"), ("25", "人员认为丙"), ("50", "人员认为丁")]

    def test_shorter_labels_after_the_first(self):
        assert self.labels("27%的受访者表示非常满意，52%表示满意，15%表示一般，6%表示不满意。") == [
            ("27", "受访者表示非常满意"), ("52", "表示满意"), ("15", "表示一般"),
            ("6", "表示不满意")]

    def test_a_share_after_a_clause_about_the_questionnaire(self):
        """参与问卷调查的人员中，有 31%…: the questionnaire is named in the clause before,
        not in the share's own words, so the share is read."""
        assert self.labels("参与问卷调查的人员中，有31%的人员是通过网上办理业务的，"
                           "69%的人员选择线下办理。") == [
            ("31", "人员是通过网上办理业务的"), ("69", "人员选择线下办理")]

    def test_labels_before_their_shares_are_kept(self):
        assert self.labels("男性占55%，女性占45%。") == [("55", "男性占"), ("45", "女性占")]

    def test_a_share_of_no_option_after_it_is_not_relabelled(self):
        """有 30% 的资金未到位 names no option: the label is not taken from after it."""
        assert all(label != "资金未到位" for _, label in self.labels(
            "有30%的资金未到位，60%的受访者表示满意。"))


class TestSatisfactionWording:
    def test_words_between_the_rate_and_its_value(self):
        """满意率此次达96%, 满意率仅为88%, 满意度仅达67%, 满意度也都达到了90.5%: words of
        time, limit and scope between the name and the figure (a library's and a school's
        pages)."""
        found = [(c.kind, c.text) for c in claims(
            "整体满意率此次达96%。电子资源满意率仅为88%。教学设施满意度仅达67%。"
            "服务窗口满意度也都达到了90.5%。")]
        assert found == [(ClaimKind.SATISFACTION_RATE, t) for t in ("96", "88", "67", "90.5")]

    def test_a_change_is_no_rate(self):
        """满意率较去年提高了5%: the change is not read as the rate."""
        assert [c for c in claims("满意率较去年提高了5%。")
                if c.kind is ClaimKind.SATISFACTION_RATE] == []
