"""Deterministic Chinese personal names and work units for the demo data (all fictional)."""
import random

# Common surnames, most frequent first; earlier ones are drawn more often.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "上官", "司马", "诸葛")

# Curated given names; the RARE ones use less common characters and are drawn now and then.
MALE = ["伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "刚", "辉", "鹏飞", "浩然", "子轩", "宇航", "俊杰", "建华", "志强", "志刚", "海涛", "海波", "晓东", "晓峰", "振华", "国栋", "文博", "天宇", "泽宇", "昊天", "思远", "家豪", "鸿飞", "立新", "永强", "德明", "春雷", "卫东", "承志", "明轩", "一鸣", "嘉诚", "浩宇", "博文", "宏伟", "亚东", "云飞", "学军", "建平", "国庆", "长青"]
RARE_MALE = ["子喆", "喆", "宇堃", "堃", "镕轩", "镕", "一翀", "翀", "燚", "鑫垚", "垚", "犇", "振昇", "昇", "文彧", "彧"]
FEMALE = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "琳", "颖", "倩", "洁", "丹", "晶", "欣怡", "雨萱", "思琪", "梦瑶", "佳怡", "紫涵", "诗雨", "可馨", "晓雯", "晓丽", "秀英", "桂兰", "玉梅", "海燕", "春燕", "丽华", "红梅", "雅琴", "静怡", "婉婷", "欣然", "晨曦", "梓萱", "心怡", "雅婷"]
RARE_FEMALE = ["玥", "嘉玥", "玥彤", "珺", "婷珺", "若瑄", "瑄", "瑄妍", "彧涵", "喆"]
# Never generate the names of well-known people, of the winners reported in the seed, or of
# the demo judges (accounts.py).
AVOID = {"朱德", "李鹏", "刘洋", "徐余洋", "陈赛", "戚瑞卿", "丁慧敏",
         "冯振昇", "林玥", "高宇翀", "唐瑄", "蒋垚", "韦珺"}

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

    def person(self, female_share: float = 0.4) -> tuple[str, str]:
        """A new (name, gender) pair, gender being "男" or "女"."""
        while True:
            gender = "女" if self.rng.random() < female_share else "男"
            if self.rng.random() < 0.12:
                given = self.rng.choice(RARE_FEMALE if gender == "女" else RARE_MALE)
            else:
                given = self.rng.choice(FEMALE if gender == "女" else MALE)
            name = self._surname() + given
            if name not in self.used and name not in AVOID:
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
