"""Text normalisation for matching headers and labels written by people and platforms.

Survey platforms and spreadsheet programs write the same words in several ways: full-width
digits and brackets (``（１）``), CJK radical look-alikes that PDF and Word conversions leave
in headers (``⻅`` U+2EC5 for ``见`` U+89C1), stray spaces, and annotations such as
``[多选题]``. :func:`fold` makes such variants compare equal; :func:`text_key` also drops
punctuation, spaces and annotations, for matching question texts.

NFKC folds the Kangxi Radicals block (``⽬`` U+2F6C → ``目``) but not the CJK Radicals
Supplement, so that block is folded with the table of Unicode's
``EquivalentUnifiedIdeograph.txt`` (Unicode 15.1, the entries of U+2E81–U+2EF3).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "label_key", "text_key"]

# Radical → equivalent unified ideograph, from Unicode's EquivalentUnifiedIdeograph.txt.
_SUPPLEMENT = (
    "2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E87:20628 2E88:5200 "
    "2E89:5202 2E8A:535C 2E8B:353E 2E8C:5C0F 2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 "
    "2E91:21BC2 2E92:5DF3 2E93:5E7A 2E94:5F51 2E95:2B739 2E96:5FC4 2E97:5FC3 2E98:624C "
    "2E99:6535 2E9B:65E1 2E9C:65E5 2E9D:6708 2E9E:6B7A 2EA0:6C11 2EA1:6C35 2EA2:6C3A "
    "2EA3:706C 2EA4:722B 2EA5:722B 2EA6:4E2C 2EA7:725B 2EA8:72AD 2EA9:738B 2EAA:24D14 "
    "2EAB:76EE 2EAC:793A 2EAD:793B 2EAE:25AD7 2EAF:7CF9 2EB0:7E9F 2EB1:7F53 2EB2:7F52 "
    "2EB3:34C1 2EB4:5197 2EB5:2626B 2EB6:7F8A 2EB7:2634C 2EB8:2634B 2EB9:8002 2EBA:8080 "
    "2EBB:807F 2EBC:8089 2EBD:26951 2EBE:8279 2EBF:8279 2EC0:8279 2EC1:864E 2EC2:8864 "
    "2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2 2EC8:8BA0 2EC9:8D1D 2ECA:27FB7 "
    "2ECB:8F66 2ECC:8FB6 2ECD:8FB6 2ECE:8FB6 2ECF:9091 2ED0:9485 2ED1:9577 2ED2:9578 "
    "2ED3:957F 2ED4:95E8 2ED5:28E0F 2ED6:961D 2ED7:96E8 2ED8:9752 2ED9:97E6 2EDA:9875 "
    "2EDB:98CE 2EDC:98DE 2EDD:98DF 2EDE:2967F 2EDF:98E0 2EE0:9963 2EE1:29810 2EE2:9A6C "
    "2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F 2EE7:5364 2EE8:9EA6 2EE9:9EC4 2EEA:9EFE "
    "2EEB:6589 2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC 2EF0:9F99 2EF1:9F9C 2EF2:4E80"
)
_RADICALS = {
    int(src, 16): chr(int(dst, 16))
    for src, dst in (pair.split(":") for pair in _SUPPLEMENT.split())
}
# Brackets that NFKC leaves alone but people use interchangeably with ( ).
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")",
                           "[": "(", "]": ")", "〈": "(", "〉": ")", "《": "(", "》": ")"})
_SPACE = re.compile(r"\s+")
# Annotations a platform adds to a question's text: [多选题], （单选）, (可多选), 【必答】 …
_ANNOTATION = re.compile(
    r"\((?:[^()]*?(?:单选|多选|可多选|矩阵|量表|排序|填空|必答|必填|选填|最多|至少)[^()]*?)\)"
)
# Everything that is not a letter, digit or ideograph.
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC, CJK radicals folded, brackets unified, runs of spaces collapsed, trimmed.

    >>> fold("⻅面（１）")
    '见面(1)'
    >>> fold("第6题(其他【请注明】)")
    '第6题(其他(请注明))'
    """
    text = unicodedata.normalize("NFKC", text).translate(_RADICALS).translate(_BRACKETS)
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def text_key(text: str) -> str:
    """A question or item text reduced for comparison: folded, annotations, punctuation and
    spaces removed, letters lower-cased.

    >>> text_key("3、性别 [单选题]") == text_key("性别")
    False
    >>> text_key("您的性别？[单选题]") == text_key("您的性别")
    True
    """
    folded = _ANNOTATION.sub("", fold(text))
    return _PUNCT.sub("", folded).lower()


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """An option label reduced for comparison (as :func:`text_key`, keeping annotations).

    >>> label_key(" 30 岁以下 ") == label_key("30岁以下")
    True
    """
    return _PUNCT.sub("", fold(text)).lower()
