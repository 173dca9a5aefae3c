"""The named regular expressions that find survey figures in normalised report text.

Every pattern is compiled once, here, and has its own tests (tests/audit/test_patterns.py).
They read :func:`survey.audit.text.normalise`-d text: ASCII digits, ``%``, ``()``, ``:``,
``=``, simplified characters; the Chinese comma ``，`` is kept. A figure is always the
named group ``num``. Patterns find candidates; :mod:`survey.audit.inline` decides, from
the context, which candidates are claims.

Three families:

- masks (``MASK_*``): numbers that only look like figures — dates, years, money, legal
  document numbers (财预〔2020〕10号), ordinals (第 3 章), table and figure references, section
  numbers, long codes, intervals. They are blanked before the claim patterns run;
- claims: fieldwork counts and rates, coefficients, bases, sample-size parameters,
  indicator fields and scoring rules;
- cues: words that say what a figure means (multiple choice, a definition, a population).
"""

from __future__ import annotations

import re

NUMBER = r"(?<![0-9A-Za-z.])-?(?>(?:\d{1,3}(?:,\d{3})+(?![0-9])|\d+)(?:\.\d+)?|\.\d+)(?![0-9.]*[0-9])"
"""A number: ``46``, ``95.63``, ``-0.23``, ``1,234.56``, ``.880`` (SPSS prints coefficients
without the leading zero); never part of ``3.2.1`` or ``Q1``.

The digits are an atomic group: once read they are never given back, so a run of
200,000 digits costs one pass instead of one pass per digit."""

NUMBER_RE = re.compile(NUMBER)
""":data:`NUMBER` compiled, for splitting a list of values."""

_N = rf"(?P<num>{NUMBER})"
# "is" connectors between a coefficient's name and its value
_IS = (r"(?:[ \t]|[:=|]|为|是|达到了?|高达|达|约为|约|等于|值为|值|取值为|分别|依次|仅为|仅|均|都|也"
       r"|此次|本次)*")
# connectors between a count's name and its value (数量, 共计 …)
_COUNT = (r"(?:[ \t]|[:=|]|为|是|共计|合计|总计|共|计|达到了?|达|约为|约|有|了|数量|份数|总数"
          r"|总量|数|量|\((?:份|张|套|人|个)\))*")
_UNIT = r"\s*(?P<unit>份|张|套|个|人次|人|名|户|位|例|票)?"
_ALL = r"(?P<all>\s*(?:均|都|皆|全部|一律))?"

# --- masks -------------------------------------------------------------------------------

MASK_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,12}\s*[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*(?:第\s*)?\d+\s*号"
    r"|第\s*\d+\s*号")
"""Legal and official document numbers: 财预〔2020〕10号, 国办发(2018)106号, 第 5 号."""

MASK_ORDINAL = re.compile(
    r"第\s*[\d一二三四五六七八九十百零〇]+\s*(?:章|节|条|款|项|部分|篇|页|次|批|期|届|名|位|轮"
    r"|阶段|年度|年|季度|个|组|层|级|类|题|列|行)")
"""Ordinals: 第 3 章, 第十二条, 第2页, 第 5 题."""

MASK_DATE = re.compile(
    r"(?<![\dA-Za-z])(?:19|20)(?:\d[xX]|[xX]{2})\s*年(?:度)?|\d{4}\s*年(?:度)?(?:\s*\d{1,2}\s*月(?:份)?(?:\s*\d{1,2}\s*日)?)?"
    r"|\d{1,2}\s*月(?:份)?\s*\d{1,2}\s*日|\d{1,2}\s*月份"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|(?<!\d)(?:19|20)\d{2}\s*[-–—~至]\s*(?:19|20)\d{2}(?!\d)")
"""Dates and years: 2023 年, 2023年10月12日, 10 月 20 日, 2024-03-01, 2021—2023, and the
placeholders of a template (20xx年, 202X年度)."""

MASK_QUANTITY = re.compile(
    NUMBER + r"\s*(?:万元|亿元|千元|百万元|元|万|亿|美元|平方米|平方公里|平方千米|亩|公顷"
    r"|公里|千米|米|吨|立方米|m²|m2|km|kg|千克|公斤|平米|小时|分钟|天|个月|周岁|岁|年)")
"""Money and physical quantities: 1,234.56 万元, 35 亩, 12 公里, 3 个月, 45 岁."""

MASK_REFERENCE = re.compile(
    r"(?:附表|附图|附件|附录|图表|公式|表|图|式)\s*[A-Z]?\d+(?:\s*[-.–]\s*\d+)*")
"""References to tables, figures, annexes and formulas: 表 3-1, 图 2, 附件 1."""

MASK_SECTION = re.compile(r"^\s*(?:\d+(?:\.\d+)+|\d+[、)]|\d+\.(?!\d))", re.MULTILINE)
"""Section and list numbers at the start of a line: 3.2.1, 1、, 2), 4. ."""

MASK_CODE = re.compile(r"(?<![\d.])\d{7,}(?![\d.])|(?<![0-9A-Za-z])[0-9a-f]{8,}(?![0-9A-Za-z])"
                       r"|\d{1,2}:\d{2}(?::\d{2})?")
"""Long digit strings, hashes and clock times: 13800138000, 212a7fa658dd, 14:30."""

MASK_INTERVAL = re.compile(
    r"(?!1\s*[-–—]\s*\d+(?:\.\d+)?\s*%\s*\))"  # (1-20%) is one minus a rate
    + NUMBER + r"\s*%?\s*[-–—~至到]\s*" + NUMBER + r"\s*%"
    r"|[\[(（]\s*" + NUMBER + r"\s*%?\s*[,，]\s*" + NUMBER + r"\s*%?\s*[\])）]"
    r"|" + NUMBER + r"\s*%\s*(?:的)?\s*(?:置信区间|可信区间|CI)")
"""Intervals and interval levels: 84.85%–90.02%, 80%~90%, 95%置信区间 (not the 1-20% of
``385÷(1-20%)``)."""

MASK_SURVEY_NAME = re.compile(NUMBER + r"\s*[%‰]\s*(?:人口)?(?:变动)?(?:抽样|抽查)")
"""A survey named by its sampling fraction, not a share: 1%人口抽样调查, 1‰人口变动抽样."""

MASKS: tuple[re.Pattern[str], ...] = (
    MASK_DOC_NUMBER, MASK_ORDINAL, MASK_DATE, MASK_REFERENCE, MASK_SECTION, MASK_CODE,
    MASK_INTERVAL, MASK_QUANTITY, MASK_SURVEY_NAME,
)

# --- fieldwork ---------------------------------------------------------------------------

ISSUED = re.compile(
    r"(?P<plan>计划|拟|预计|预期|原定|应|设计|预设)?\s*"
    r"(?:共|累计|合计|总计|实际|本次|现场|线上|线下|入户|随机|共计|一共)?\s*"
    r"(?:(?:调查)?(?:问卷|答卷|调查表)(?:的)?)?(?:发放|派发|分发|发出|投放|下发|发送)(?:了)?\s*"
    r"(?:[\u4e00-\u9fff]{0,6}?(?:调查)?(?:问卷|答卷|调查表)|调查)?(?:调查表)?" + _COUNT + _N + _UNIT)
"""Questionnaires issued: 发放调查问卷 30 份, 问卷发放数量为 320 份, 发放数量(份) | 320."""

RETURNED = re.compile(
    r"(?:(?:调查)?(?:问卷|答卷|调查表)(?:的)?)?(?:共|累计|实际|最终|一共|共计)?\s*"
    r"(?:回收|收回|收到|收集到?|搜集到?)(?:了)?(?!率)\s*(?:(?!有效)[\u4e00-\u9fff]{0,6}?(?:调查)?(?:问卷|答卷|调查表))?"
    + _COUNT + _N + _UNIT)
"""Questionnaires returned: 回收 306 份, 问卷回收数量 306 份, 共收集到答卷 512 份 (not 回收有效问卷,
not 回收率)."""

VALID = re.compile(
    r"(?P<kw>回收(?:的)?有效(?:调查)?(?:问卷|答卷|样本)|有效(?:回收)?(?:调查)?(?:问卷|答卷|样本"
    r"|份数|回收问卷|问卷数)|可(?:利)?用(?:调查)?(?:问卷|答卷|样本)|合格(?:调查)?(?:问卷|答卷)|有效(?=\s*\d)"
    r"|成功(?:完访|访问|访谈|受访|调查)?(?:样本|个案)"
    r"|(?<=后)(?:剩余|剩下|余下|保留)(?:有效)?(?=\s*\d[\d,]*\s*份))"
    + _COUNT + _N + _UNIT)
"""Valid questionnaires: 有效问卷 300 份, 回收有效问卷 46 份, 有效样本量为 300, 有效 300 份,
可用问卷 180 份, 合格问卷 498 份; a poll's successful sample: 成功样本为 1069 份; what is left after the invalid are removed:
经删除无效问卷后剩余 230 份."""

INVALID = re.compile(
    r"(?:无效(?:问卷|答卷)?|剔除(?:无效|不合格|不合规|不完整)?(?:问卷|答卷)?|废卷)"
    + _COUNT + _N + r"\s*(?P<unit>份|张)"
    r"|(?<![\d.,])(?P<num2>\d+)\s*(?P<unit2>份|张)\s*(?:是|为|属于|系)?\s*(?:无效|废卷)")
"""Questionnaires set aside: 无效问卷 6 份, 剔除 6 份, 其中 20 份是无效问卷."""

PARTICIPANTS = re.compile(
    r"(?:(?:参与|参加|填写|作答)(?:调查|问卷|答题|测评)?(?:的)?(?:人数|人次|总人数|总人次)"
    r"|成功(?:完访|访问|访谈)(?:了)?)" + _COUNT + _N
    + r"\s*(?P<unit>人次|人|名)"
    r"|(?:共有|共计|共|计|有)\s*(?P<num2>" + NUMBER + r")\s*"
    r"(?P<unit2>人次|人|名|位|户|个(?=住户|农户|家庭))[\u4e00-\u9fff]{0,6}?\s*"
    r"(?:参与|参加|填写|完成|接受|进行)(?:了)?(?:本次)?(?:网络|网上|线上|入户)?(?:问卷)?"
    r"(?:调查|答题|填写|作答)")
"""People who took part, the returned count of an online survey: 参与人数共 3,482 人次,
共有 512 人参与了本次问卷调查, 共有 100 名学生读者接受了问卷调查, 共 100 个住户进行入户调查,
a poll's completed interviews: 成功完访 1071 人."""

RATE = re.compile(
    r"(?P<label>有效问卷回收率|问卷有效回收率|有效回收率|回收有效率|问卷有效率|有效问卷率|有效率"
    r"|问卷可利用率|可利用率|问卷合格率|有效问卷比例|有效比例|问卷回收率|回收率|问卷应答率|应答率|问卷回答率|回答率"
    r"|问卷回复率|回复率|响应率|参与率)"
    r"(?:\s*占)?" + _IS + _N + r"\s*(?P<pct>%)?")
"""Fieldwork rates: 回收率 95.63%, 有效率为 98.04%, 有效回收率 93.75%, 可利用率 96.77%
(usable over returned), 问卷合格率, 有效比例占 76.2%, 应答率/参与率/回复率 92% (responded over
asked)."""

RATE_AS_SHARE = re.compile(
    r"占(?:全部|所有)?(?:本次)?(?P<den>回收|收回|发放|发出)(?:的)?(?:调查)?(?:问卷|答卷)?"
    r"(?:总数|总量|数量|份数|数)?(?:的)?(?:比例|比重)?(?:为|是|达)?\s*" + _N + r"\s*%")
"""A fieldwork rate written as a share of a count: 有效问卷 279 份，占回收问卷的 97.55%."""

SURVEY_CONTEXT = re.compile(r"问卷|答卷|调查表|样本|受访|调查对象")
"""A block about a survey (so 回收率 is not a loan recovery rate)."""

# --- coefficients ------------------------------------------------------------------------

# reliabilities that are not Cronbach's α: split-half (分半, 折半), test–retest (重测), parallel
# forms (复本, 平行), composite (组合), inter-rater (评分者); and 置信/可信/公信/互信
_NOT_ALPHA = r"(?<![置可公互])(?<!分半)(?<!折半)(?<!重测)(?<!复本)(?<!平行)(?<!组合)(?<!评分者)"
ALPHA = re.compile(
    r"(?P<kw>" + _NOT_ALPHA + r"信度系数|(?:克朗巴哈|克隆巴赫|克朗巴赫|克伦巴赫|Cronbach(?:'s|s|')?)"
    r"(?:\s*(?:α|alpha|Alpha|ALPHA))?(?:\s*(?:信度)?系数)?|" + _NOT_ALPHA + r"信度(?:值)?"
    r"|内部一致性(?:信度)?系数|(?<![A-Za-z])(?:α|alpha|Alpha)\s*(?:信度)?系数)(?:\s*\(α\))?"
    + _IS + _N)
"""Cronbach's α: 克朗巴哈系数为 0.87, Cronbach's α = 0.91, Cronbach'α 0.9, 问卷的信度为 1.5,
α系数 0.86, 内部一致性系数 0.88; not 分半信度系数 (split-half) or 组合信度 (composite)."""

STANDARDISED = re.compile(r"标准化(?:项|题项|后)?(?:的)?\s*$")
"""Words just before an α that make it the standardised α (基于标准化项的 Cronbach's Alpha)."""

ALPHA_BARE = re.compile(r"(?<![A-Za-z])(?:α|alpha)\s*(?:值)?\s*(?:=|为)\s*" + _N)
"""A bare α = 0.87 (a claim only where the sentence is about reliability)."""

ALPHA_DELETED = re.compile(
    r"(?:(?:(?:删除|删去|去掉|剔除|去除)(?:该|此|任[一意]|各|每个|单个|某|任何一?)?(?:个)?"
    r"(?:题项|题目|项目|条目|测项|项|题)?(?:后|之后)?(?:的)?|项已删除(?:的)?)\s*"
    r"(?:Cronbach(?:'s)?\s*)?(?:α|alpha|Alpha|克朗巴哈|克隆巴赫|信度)(?:\s*(?:信度)?系数)?(?:值)?"
    r"|(?:Cronbach(?:'s)?\s*)?(?:α|[Aa]lpha)\s+if\s+(?:the\s+)?[Ii]tem\s+(?:is\s+)?[Dd]eleted(?:\s*值)?)"
    r"(?P<rest>[^。;\n]{0,60})")
"""α if item deleted, with what follows: 删除该项后的 α 系数在 0.955–0.959 之间, Alpha if Item
Deleted 介于 0.81~0.86."""

ITEM_COUNT = re.compile(
    r"(?<![\d.])(?P<num>\d++|[一二三四五六七八九十两]++)\s*(?:个|道|项)?\s*(?:测量)?(?:题项|题目|测项|条目|问题"
    r"|小题)(?!的)")
"""Number of items: 共 30 个题项, 三个题项, 6 道题目."""

VALIDITY = re.compile(
    r"(?P<kw>(?:结构|内容|聚合|收敛|区分|效标|校标)?效度(?:系数|值|指数|比)?"
    r"(?:\s*\((?:CVI|CVR|I-CVI|S-CVI)\))?|(?<![A-Za-z])(?:I-|S-)?CV[IR](?![A-Za-z]))"
    + _ALL + _IS + _N)
"""Validity coefficients: 效度为 0.8, 各题项效度均为 0.8, 内容效度指数(CVI)为 0.92."""

LOADING = re.compile(r"(?P<kw>(?:因子|标准化)?载荷(?:系数|值)?)" + _ALL + _IS + _N)
"""Factor loadings: 因子载荷为 0.78, 载荷均为 0.80."""

CORRELATION = re.compile(
    r"(?P<kw>(?:Pearson|Spearman|皮尔逊|皮尔森|斯皮尔曼)?\s*(?:积差)?相关(?:性)?系数"
    r"|校正(?:的)?项(?:与)?总计相关(?:性|系数)?|项目?与总分(?:的)?相关(?:系数)?|CITC"
    r"|(?<![A-Za-z])r(?=\s*=))" + _ALL + _IS + _N)
"""Correlations: 相关系数为 0.62, r = 0.45, 校正的项总计相关性 0.63."""

COEFFICIENT_RANGE = re.compile(
    r"(?:(?P<loading>(?:因子|标准化)?(?:因子)?载荷(?:系数|值)?)"
    r"|(?P<correlation>校正(?:的)?项(?:与)?总计相关(?:性|系数)?|项目?与(?:量表)?总分(?:的)?相关(?:系数)?"
    r"|CITC(?:值)?|(?:Pearson|Spearman|皮尔逊|皮尔森|斯皮尔曼)?\s*(?:积差)?相关(?:性)?系数)"
    r"|(?P<validity>(?:结构|内容|聚合|收敛|区分|效标|校标)?效度(?:系数|值|指数)?"
    r"|(?<![A-Za-z])(?:I-|S-)?CV[IR](?![A-Za-z])))"
    r"(?:\s*\([A-Za-z-]+\))?\s*(?:均|都|皆)?\s*(?:在|介于|位于|处于|分布在|分布于|范围为|范围在|为)?\s*"
    r"(?P<lo>" + NUMBER + r")\s*[-–—~至到]\s*(?P<hi>" + NUMBER + r")(?!\s*%)")
"""A coefficient given as a range: 校正项总计相关系数(CITC)介于 0.412~1.126, 因子载荷在 0.62–1.08 之间."""

KMO = re.compile(
    r"(?:KMO|Kaiser-Meyer-Olkin(?:\s*Measure\s*of\s*Sampling\s*Adequacy)?)(?:\s*(?:检验|统计量|取样适切性量数|取样适当性量数|抽样适合性检验|度量|测度|样本测度"
    r"|检验值|值|系数))*[.。]?" + _IS + _N)
"""KMO: KMO 值为 0.856, KMO = 1.2."""

BARTLETT = re.compile(
    r"(?:(?:Bartlett|巴特利特|巴特利|巴特莱特|巴特列特)(?:'s)?(?:的)?\s*(?:球形|球形度|球度)?\s*检验"
    r"|Bartlett's\s+[Tt]est(?:\s+of\s+[Ss]phericity)?)"
    r"(?P<rest>[^。;\n]{0,80})")
"""Bartlett's test of sphericity and the rest of its sentence."""

VARIANCE_EXPLAINED = re.compile(
    r"(?P<cum>累计|累积)?\s*(?:解释(?:的)?)?(?:总)?方差(?:的)?(?:解释率|贡献率|解释量|解释百分比|百分比|解释比例"
    r"|贡献)" + _IS + _N + r"\s*(?P<pct>%)")
"""Variance explained by factors: 累计方差解释率为 84.123%, 方差贡献率分别为 71.265% 和 12.858%."""

VARIANCE_EXPLAINS = re.compile(
    r"(?P<cum>累计|累积|共|共同|合计)?\s*解释了?\s*(?P<of>(?:总|全部|原始变量(?:总)?)?方差的)?\s*" + _N
    + r"\s*(?P<pct>%)\s*(?P<tail>的(?:总|全部)?方差|的(?:总)?变异)?")
"""Variance explained as a verb: 累计解释了 64.8% 的方差, 共解释总方差的 71.3%."""

KMO_GRADE = re.compile(
    r"(?P<neg>不|勉强|基本|比较|较)?(?P<very>非常|很|极|十分|特别|极其)?(?:适合|适宜|适于)")
"""How a text grades its KMO: 非常适合 (very), 适合, 不适合 (negated, never overstated)."""

CHI2 = re.compile(r"(?:χ2|χ²|卡方|近似卡方|Chi-?[Ss]quare|chi2)(?:值)?\s*(?:=|为|:)?\s*" + _N)
DF = re.compile(r"(?<![A-Za-z])(?:df|自由度)\s*(?:=|为|:)?\s*" + _N)
P_VALUE = re.compile(
    r"(?<![A-Za-z])(?:p|P|Sig\.?|sig\.?|显著性)(?:值)?\s*(?P<op><=|>=|=|<|>|≤|≥|为|:)\s*" + _N)

# --- bases, shares, satisfaction -----------------------------------------------------

PERCENT = re.compile(_N + r"\s*%")
"""A percentage: 67.39%, 5 %."""

COUNT = re.compile(_N + r"\s*(?P<unit>人次|人|份|票|个|户|名|位|次)")
"""A count next to a share: 31 人, 46 份, 12 票."""

N_AMONG = re.compile(
    r"(?P<en>\b(?:[Oo]f|[Aa]mong)\s+(?:the\s+|all\s+)?)?(?<![\d.,])(?P<num>\d+)"
    r"(?(en)\s+(?:valid\s+)?(?:respondents|questionnaires|responses|answers|participants|people"
    r"|residents)\b"
    r"|\s*(?:份|名|位|个|人|户)\s*(?:[^\d，。,;:%\n]{0,14}?(?:问卷|答卷|受访者"
    r"|受访群众|受访居民|受访人员|调查对象|被调查者|被访者|样本|群众|居民|村民|农户|人员|职工|学生|家长"
    r"|患者|游客|商户|企业|单位人员|工作人员|受访对象|户|人))?\s*(?:中|里|当中|之中))")
"""A base given as "among n": 在 46 份有效问卷中, 300 名受访者中, of the 16 respondents."""

N_EQUALS = re.compile(r"(?<![A-Za-z])[nN]\s*=\s*(?P<num>\d+)(?![\d.,])")
"""A base given as n = 46."""

N_LABELLED = re.compile(
    r"(?:样本量|样本数|样本容量|有效样本量?|有效回答数?|作答人数|回答人数|有效问卷数|答题人数|受访人数"
    r"|调查人数)\s*(?:为|=|:|共)?\s*(?P<num>\d+)(?![\d.,%])")
"""A base given by name: 样本量为 46, 作答人数 16."""

N_RESPONDED = re.compile(
    r"(?:共|计|有)\s*(?P<num>\d+)\s*(?:人|名|位|户)\s*(?:作答|回答|参与|填写|答题|参加)")
"""A base given as "n answered": 共 46 人作答."""

PER_UNIT = re.compile(r"每[个位名所户]?[\u4e00-\u9fff]{0,8}$")
"""Words ending just before a count per village, school or site (每个村完成调查问卷 10 份):
a part of the survey, never its base."""
SUBSET = re.compile(
    r"(?:对|在)[^，。,;\n]{0,15}的(?:受访者|群众|居民|人员|农户|人)|该题|此题|本题|回答|作答|知晓|"
    r"使用[^，。,;\n]{0,8}的|(?<![没未])有[^，。,;\n“”]{1,15}的(?:家庭)?(?:受访者|被访者|被调查者|群众|居民"
    r"|家长|学生|患者|人员|农户|市民|村民)")
"""A sentence about part of the respondents (知晓项目的受访者, 回答该题的, 有学龄前儿童的家庭被访者):
the paragraph's n is not its base."""

SATISFACTION = re.compile(
    r"(?P<kw>(?<!不)满意(?:度|率))(?:\s*(?:得分|评分|分值|均值|平均分|指数))?"
    r"(?:\s*\([^()\n\d%]{1,24}\))?(?:\s*(?:最高|最低))?" + _IS + _N + r"\s*(?P<unit>%|分)?")
"""Satisfaction: 满意度为 87.67%, 满意率 96%, 满意度得分 86.5 分, 满意度最高为 40.73%, and with its
definition in brackets before the figure: 满意率（非常满意与满意合计）为 81%."""

SATISFACTION_DEFINITION = re.compile(
    r"满意(?:度|率)\s*[=:]|满意(?:度|率)(?:的)?(?:计算|测算|统计)(?:方法|公式|口径)|口径"
    r"|\(\s*(?:非常|十分|很)满意\s*\+\s*满意|(?:非常|十分|很)满意[^。\n]{0,12}(?:和|与|及|加|\+|、)"
    r"[^。\n]{0,6}满意"
    r"[^。\n]{0,20}(?:之和|合计|比例|占比|人数)|赋值|赋分|加权平均|李克特|Likert|top[- ]?two"
    r"|满意(?:度|率)(?:是指|指的是|定义为|按照?)")
"""Where a report says how it computes satisfaction."""

MULTIPLE_CHOICE = re.compile(r"多选|可多选|多项选择|限选|最多选|复选|不定项|多项选|[Mm]ultiple[- ]choice"
                             r"|(?:[Tt]ick|[Ss]elect|[Cc]heck|[Cc]hoose) all that apply")
"""A question where one respondent may pick several options."""

WHICH_ONES = re.compile(r"有哪些|哪些方面|哪些原因|哪些问题")
"""A question asking which ones (原因有哪些): several answers each, in the paragraph that asks it
(a later paragraph's answers are another question's)."""

OVER_SELECTIONS = re.compile(r"选择次数|选择总次数|响应|次数比例|人次|选项次数|[Ss]hares? of selections"
                             r"|out of \d+ (?:selections|ticks)")
"""A report saying its multiple-choice shares are over selections (disclosed)."""

THRESHOLD_AFTER = re.compile(r"\s*(?:以上|以下|及以上|及以下|左右|上下|之间|以内|为宜|即可|就)")
THRESHOLD_BEFORE = re.compile(
    r"(?:大于|高于|超过|不低于|不少于|低于|小于|不高于|不超过|达到|≥|>|≤|<|>=|<=|一般认为|要求|标准"
    r"|需|应|应当|至少)\s*(?:等于)?\s*$")
"""Words around a number that make it a threshold, not a reported figure."""

UNIFORM_ANSWERS = re.compile(
    r"(?:全部|所有|全体|每一?[位名个份])(?:受访者|受访群众|调查对象|被调查者|被访者|问卷|样本|人员|群众"
    r"|居民|答卷)[^。\n]{0,24}(?:各|所有|全部|每一?[道个])(?:题项|题目|问题|题|项)[^。\n]{0,8}"
    r"(?:均|都|全部|一律)(?:选择|选|勾选|填写|回答|评价)?(?:为|了)?\s*[\"“'‘]?(?P<option>[^\"”'’。，,\n]{1,6})")
"""Every respondent gave the same answer to every item: 所有受访者对各题项均选择"非常满意"."""

PEOPLE_SURVEYED = re.compile(
    r"(?<![\d.])\d[\d,]*\s*(?:例|名|位)[\u4e00-\u9fff]{0,8}?"
    r"(?:患者|病人|病例|受访者|调查对象|研究对象|居民|群众|村民|学生|家长|护士|医生|医务人员|职工"
    r"|员工|读者|用户|游客|老人|农户|住户)"
    r"|(?:患者|病人|病例|研究对象|调查对象)\s*\d[\d,]*\s*例")
"""How many people a study or survey took (选取患者120例, 对12079名住院患者进行调查, 399例住院
病人, 调查对象为312名临床一线护士): the base of its rates, in a medical paper's words."""

SUBJECT = re.compile(
    r"单位人员|工作人员|实施单位|项目单位|管理人员|职工|干部|教师|医务人员|受益群众|受益对象|服务对象"
    r"|受益农户|群众|居民|村民|农户|脱贫户|学生|家长|患者|企业|商户|游客|公众|残疾人|老年人|参保人员"
    r"|经营主体|用户")
"""The population a figure belongs to (居民, 单位人员 …)."""

PART_WORDS = re.compile(
    r"线上|线下|网络|网上|纸质|电子|现场|入户|第[一二三四五六七八九十\d]+(?:轮|批|次|阶段|期)"
    r"|[一二三四五六七八九十\d]期|分别|各|每")
"""Words that make a count one part of the survey (a channel, a wave, one site each)."""

CHANNELS = (re.compile(r"线上|网络|网上|电子|在线"), re.compile(r"线下|纸质|现场|入户"))
"""Online and offline fieldwork channels: a channel word makes a count a part only where the
paragraph names both kinds (线上 … 线下 …); 现场发放 alone is how the whole survey was run."""
VISITS = (re.compile(r"入户"), re.compile(r"现场|拦截"))
"""Household visits and on-site interception, two parts when a paragraph names both."""
CHANNEL_WORDS = re.compile(r"线上|线下|网络|网上|纸质|电子|现场|入户")
EACH_WORDS = re.compile(r"分别|各|每")

WHOLE_WORDS = re.compile(r"共|合计|总计|累计|总共|全部")
"""Words after which a count is the whole again (线上…，线下…，共回收 300 份)."""

# --- sample size ---------------------------------------------------------------------

SAMPLE_CONTEXT = re.compile(
    r"样本量|样本容量|抽样|置信水平|置信度|允许误差|容许误差|抽样误差|临界值|Z\s*值|z\s*值")
"""A block about the sample-size formula."""

CONFIDENCE = re.compile(
    r"(?:置信水平|置信度|置信系数|置信概率|把握度|可信度|置信水准|信心水准|信心水平|信赖水准|信赖水平|信赖度)"
    r"\s*(?:为|取|是|=|:|设定为|设为)?\s*"
    + _N + r"\s*%|(?<![A-Za-z\d.])1\s*-\s*α\s*(?:=|为|取)\s*(?P<num3>" + NUMBER + r")\s*(?P<pct3>%)?|(?P<num2>" + NUMBER + r")\s*%\s*(?:的)?\s*(?:置信水平|置信度|把握|可信度|置信水准"
    r"|置信概率|信心水准|信心水平|信赖水准|信赖水平|信赖度)")
"""Confidence level: 置信水平 95%, 在 90% 的置信度下, 1-α=0.95 (group ``num3``, a proportion
unless ``pct3``)."""

SIGNIFICANCE = re.compile(r"显著性水平\s*(?:α)?\s*(?:为|取|=|:)?\s*(?P<num>0\.\d+)")
"""Significance level α (confidence is 1 − α): 显著性水平 α = 0.05."""

Z_VALUE = re.compile(
    r"(?:(?<![A-Za-z])[Zz](?:\s*(?:值|统计量|分数))?(?:\s*_?\s*\{?\(?(?:1\s*-\s*)?α\s*/\s*2\)?\}?)?"
    r"|临界值|分位数|分位点)\s*(?:取值为|取|为|=|≈|:)\s*" + _N)
"""Critical value: Z = 1.96, Z 值取 1.645, Zα/2 = 2.576, 临界值为 1.96."""

MARGIN = re.compile(
    r"(?:(?:最大允许误差|允许误差|容许误差|抽样误差|边际误差|误差范围|绝对误差|误差限|允许的误差|误差|精度)"
    r"(?:\s*[δΔε](?![A-Za-z]))?\s*(?:最大值|最大|上限)?\s*(?:在\s*" + NUMBER + r"\s*%\s*的?\s*(?:置信|信心|信赖)(?:水平|水准|度)\s*(?:下|时)\s*)?"
    r"(?:取值为|取|为|=|:|控制在|不超过|设定为|设为|放宽到|放宽至|缩小到|缩小至|调整为|改为|在)?|(?<![A-Za-z])[Ee](?![A-Za-z])\s*"
    r"(?:取值为|取|为|=|:|设定为|设为))\s*(?:±|\+/-|正负)?\s*" + _N + r"\s*(?P<pct>%)?")
"""Margin of error: 允许误差 e = 5%, 允许误差δ=5%, 抽样误差控制在 0.05, a poll's 抽样误差为正负 1.8%, 抽样误差在
95%信心水准下不超过 ±3%, 抽样误差最大值为 ±3.0%."""

PROPORTION = re.compile(
    r"(?:(?<![A-Za-z])[Pp](?![A-Za-z(])|π|总体比例|预期比例|估计比例|预估比例|样本比例)\s*"
    r"(?:取值为|取|为|=|:)\s*" + _N + r"\s*(?P<pct>%)?")
"""Assumed proportion: P 取 0.5, p = 50%."""

VARIANCE = re.compile(
    r"(?:总体方差|方差|σ2|σ²|σ\^2|[Pp]\s*\(\s*1\s*-\s*[Pp]\s*\)|[Pp]\s*×\s*\(\s*1\s*-\s*[Pp]\s*\))\s*"
    r"(?:取值为|取|为|=|:)\s*" + _N)
"""Variance: 总体方差取 0.25, P(1-P) = 0.25, σ² = 0.5."""

SD = re.compile(r"(?:总体标准差|标准差|(?<![A-Za-z])σ(?![2²^]))\s*(?:取值为|取|为|=|:)\s*" + _N)
"""Standard deviation: 标准差 σ = 0.5."""

POPULATION = re.compile(
    r"(?:总体(?:规模|数量|容量|单位数|人数|户数|总数)|(?<![A-Za-z])N(?![A-Za-z]))\s*"
    r"(?:取值为|为|=|:|取)\s*" + _N)
"""Population size: 总体规模 N = 3,200, 总体户数为 1200."""

SAMPLE_SIZE = re.compile(
    r"(?:最小样本量|所需样本量?|样本量|样本容量|需要?抽取|应抽取|至少需要?|(?<![A-Za-z])n0?(?![A-Za-z]))"
    r"\s*(?:的计算结果)?\s*(?:应为|至少为|为|=|≈|约为|约|取|:|≥|>=)\s*" + _N)
"""Sample-size result: n = 384.16, 样本量为 385."""

SAMPLE_MINIMUM = re.compile(
    r"(?:至少|最少|不少于|不低于)\s*(?:需要?|应当?|要|得)?\s*(?:调查|抽取|访问|访谈|发放|抽样|选取|收集)?"
    r"\s*(?P<num>\d+)(?![\d.])\s*(?:个样本|个|份|人|户|名|位|样本)")
"""A whole sample stated as a minimum: 至少需要调查 384 个样本, 至少需调查 385 人."""

SAMPLE_NEEDED = re.compile(
    r"(?<![每各])(?:需要?|应当?|须|必须|应该)(?:调查|观察|抽取|抽查|访问|访谈|选取|取)\s*(?P<num>\d+)(?![\d.])"
    r"\s*(?:个样本|人|户|名|位|份|例)")
"""A whole sample the text says is needed, with no 至少: 即需观察 385 人, 应取 385 户进行调查
(each unit's share, 每个社区需调查 30 户, is left out by the caller)."""

SAMPLE_HEAD = re.compile(r"(?:[nN][0₀]?|n'|n’)")
"""The name a written-out sample-size computation starts with (n=…, n0=…, n'=…)."""

YAMANE = re.compile(r"Yamane|雅马内|亚马内|[Nn]\s*/\s*[(\[]\s*1\s*\+\s*[Nn]\s*[·×*]?\s*[eEdδ]")
"""Yamane's shortcut named or written: Yamane 公式, n = N/(1+Ne²)."""

SAMPLE_SUFFICIENT = re.compile(
    r"(?:满足|达到|符合|超过|高于|大于|多于|不低于|不少于)了?[^。；;!?\n]{0,10}?"
    r"(?:最小|最低|最少|所需|必要|理论)?(?:的)?样本量(?:的)?(?:要求)?(?:的)?\s*[（(]?\s*(?:为|=|:)?\s*"
    r"(?P<num>\d+)(?![\d.])")
"""A sample said to meet a stated minimum: 满足最小样本量 385 份的要求, 超过了样本量要求(385)."""

SAMPLE_INFLATION = re.compile(r"设计效应|deff|DEFF|无效|应答率|回收率|拒访|流失|损耗|放大|上浮|冗余|余量|扩大")
"""Words that say a sample was enlarged on purpose (design effect, expected non-response)."""

SAMPLE_FINAL = re.compile(
    r"(?:向上取整|取整|进一法|进位|四舍五入|确定为|定为|≈|约为|取)(?:为|后为|得|后)?\s*(?P<num>\d+)"
    r"(?![\d.])\s*(?:份|人|户|个)?")
"""Final whole sample size after a decimal result: 取 385 份, 向上取整为 385."""

# --- indicators --------------------------------------------------------------------

WEIGHT = re.compile(r"(?:分值|权重|满分|标准分|指标分值)\s*(?:为|是|:|=)?\s*" + _N + r"\s*分?")
"""An indicator's weight: 分值 5 分, 权重为 10."""

TARGET = re.compile(
    r"(?:年度指标值|年度目标值|目标值|指标值|预期目标)\s*(?:为|是|:|=)?\s*\(?\s*"
    r"(?P<cmp>≥|>=|>|≤|<=|<|=|不低于|不少于|大于等于|大于|达到|不高于|不超过|小于等于|小于|低于)?\s*"
    + _N + r"\s*(?P<pct>%)?")
"""A target: 目标值 ≥90%, 年度指标值为 95%."""

ACTUAL = re.compile(
    r"(?:实际完成值|全年实际值|实际值|完成值|实际完成|实际为|实际达到)\s*(?:为|是|:|=)?\s*" + _N
    + r"\s*(?P<pct>%)?")
"""An actual value: 实际完成值为 87.67%."""

SCORE = re.compile(r"(?:得分为|得分|评分为|评分|(?<![获取])得|计)\s*" + _N + r"\s*分(?!值|之)")
"""A score: 得 4.87 分, 得分 4.95 分."""

FORMULA = re.compile(
    r"(?P<w>" + NUMBER + r")\s*[×xX*]\s*(?P<a>" + NUMBER + r")\s*%?\s*[÷/]\s*(?P<t>" + NUMBER
    + r")\s*%?")
"""A stated score formula: 5 × 87.67% ÷ 90%."""

RULE_FULL = re.compile(
    r"(?:达到|完成|实现|满足)(?:年度)?(?:目标值|指标值|目标|标准|要求)?(?:的)?(?:即)?得满分"
    r"|达标(?:即|的)?得满分|(?:达到|完成)(?:目标值|指标值|目标)(?:的)?得全部分值")
RULE_PROPORTIONAL = re.compile(
    r"按(?:完成)?比例(?:扣分|得分|计分|折算|扣减|计算)|按(?:实际)?完成(?:比例|率|程度|情况)"
    r"(?:计分|得分|折算|扣分)|(?:完成率|完成比例)\s*[×x*]\s*(?:分值|权重)"
    r"|(?:实际值|完成值)\s*[÷/]\s*(?:目标值|指标值)\s*[×x*]\s*(?:分值|权重)")
RULE_DIRECT = re.compile(
    r"(?:分值|权重)\s*[×x*]\s*(?:实际值|满意度|满意率|完成值)|(?:满意度|满意率|实际值)\s*[×x*]\s*"
    r"(?:分值|权重)|按满意度(?:直接)?(?:折算|计分|得分)")
RULE_ZERO = re.compile(
    r"(?:未达到?|未完成|达不到|否则)(?:目标值|指标值|目标)?(?:的)?(?:不得分|得0分|得零分|不计分)"
    r"|未达标不得分")
RULE_PER_POINT = re.compile(
    r"每(?:低于|降低|减少|下降|相差|偏离|少|超过|高于|超出)\s*(?P<step>" + NUMBER
    + r")\s*(?:个)?(?:百分点|%)\s*扣\s*(?P<cost>" + NUMBER + r")\s*分")
"""Scoring rules as reports state them (达到目标值得满分，未达到按比例扣分 …)."""

RESPECTIVELY = re.compile(r"分别|依次")
"""A list of values matched in order to a list of names (回收率和有效率分别为 …)."""

VALUE_LIST = re.compile(
    NUMBER + r"\s*%?(?:\s*(?:、|,|，|和|及|与|以及)\s*" + NUMBER + r"\s*%?)*")
"""Values after 分别为: 0.85、0.82 和 0.88."""
