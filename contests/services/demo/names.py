"""Deterministic Chinese personal names and work units for the demo data (all fictional)."""
import random

# Common surnames, most frequent first; earlier ones are drawn more often.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "上官", "司马", "诸葛")

# Given-name characters by the gender they usually suggest, and the less common ones.
MALE = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林峰建国志海东晨博振兴成亮坤毅锋鸿昊天泽翔"
FEMALE = "芳娜敏静丽艳娟霞秀燕玲婷雪慧莹琳颖倩洁兰红梅萍丹月晶欣悦怡佳蕾薇琪嘉璐瑶妍彤"
NEUTRAL = "文子思雨春晓一新安清继永德立家云"
RARE_MALE = "喆堃镕翀燚垚犇昇彧"
RARE_FEMALE = "玥珺瑄彧喆"

# Words for company names: lucky-sounding shop names used across China.
FIRM_WORDS = (
    "恒泰", "鑫源", "永盛", "裕华", "德隆", "广汇", "金鼎", "华信", "宏达", "顺通", "瑞丰",
    "兴旺", "新盛", "隆昌", "天成", "富康", "泰和", "昌盛", "中晟", "嘉禾", "万通", "润丰",
    "福源", "宏昇", "信达", "锦程", "铭泰", "国丰", "鸿运", "明德",
)


class NameMaker:
    """Draws unique names from a fixed seed, so every run produces the same people."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.used: set[str] = set()
        self.firms: set[str] = set()

    def _surname(self) -> str:
        if self.rng.random() < 0.03:
            return self.rng.choice(COMPOUND_SURNAMES)
        # Triangular weighting favours the common surnames at the front of the list.
        index = int(self.rng.triangular(0, len(SURNAMES), 0))
        return SURNAMES[min(index, len(SURNAMES) - 1)]

    def _char(self, gender: str) -> str:
        rng = self.rng
        if rng.random() < 0.08:  # now and then a less common character
            return rng.choice(RARE_MALE if gender == "男" else RARE_FEMALE)
        pool = (MALE if gender == "男" else FEMALE) + NEUTRAL
        return rng.choice(pool)

    def person(self, female_share: float = 0.4) -> tuple[str, str]:
        """A new (name, gender) pair, gender being "男" or "女"."""
        while True:
            gender = "女" if self.rng.random() < female_share else "男"
            given = self._char(gender)
            if self.rng.random() < 0.7:  # most given names have two characters
                second = self._char(gender)
                if second != given:
                    given += second
            name = self._surname() + given
            if name not in self.used:
                self.used.add(name)
                return name, gender

    def firm_word(self) -> str:
        return self.rng.choice(FIRM_WORDS)

    def firm(self, place: str, kinds: tuple[str, ...]) -> str:
        """A new fictional company of `place`, e.g. "武安市恒泰钢铁有限公司"."""
        while True:
            firm = f"{place}{self.firm_word()}{self.rng.choice(kinds)}"
            if firm not in self.firms:
                self.firms.add(firm)
                return firm
