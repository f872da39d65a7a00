"""The demo's vocabulary of people: surnames, given names by gender and
generation, the rare and the middle-dot names, the centre's city (its ID-number
areas and telephone area code) and real mobile prefixes.

The demo centre is in Nanjing (南京, area code 025): its residents' ID numbers
begin with a Nanjing district's area code (3201xx, the districts as they were
when the older residents' cards were issued included) and its landlines with
025. A name is given to a person of its gender — the ID number's sequence
digit (odd: male) agrees — and of their generation (建国 and 秀英 are elders,
子涵 is a child).

Shared by the demo orchestrator (:mod:`models.demo`, which builds the demo
residents) and the jobs' demo fillers (e.g. :mod:`models.daycare.demo` names
the elders' contacts with it). It imports nothing, so a job's demo module can
use it without importing :mod:`models.demo` — which imports the jobs' fillers.
"""

from __future__ import annotations

import random

CITY = "南京"
CITY_AREA_CODE = "025"
CENTRE_PHONE = "025-8888 6666"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容")
#: A rare surname outside the BMP (U+20BB7, a form of 吉, read jí).
RARE_SURNAME = "𠮷"

#: Given names by gender and generation (born before 1975: "elder").
GIVEN_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("male", "elder"): ("建国", "建军", "国强", "志强", "振华", "德福", "卫东", "永刚", "海峰", "文斌", "国庆", "福生",
                        "伟", "强", "磊", "军", "勇", "刚", "平", "明", "辉", "斌", "波", "涛", "杰", "鹏", "宏"),
    ("female", "elder"): ("秀英", "桂英", "玉兰", "秀兰", "桂芝", "凤英", "宝珍", "玉珍", "秀珍", "淑珍", "丽华", "海燕",
                          "美兰", "金凤", "春梅", "秋菊", "芳", "娟", "霞", "萍", "红", "梅", "兰", "琴", "英"),
    ("male", "young"): ("浩然", "子轩", "宇航", "思远", "俊杰", "一鸣", "梓豪", "博文", "天佑", "宇", "浩", "凯", "健",
                        "俊", "帆", "超", "洋"),
    ("female", "young"): ("子涵", "梓萱", "欣怡", "雨桐", "诗涵", "若汐", "佳怡", "思雨", "婷", "雪", "琳", "洁", "静",
                          "敏", "丽", "娜", "艳"),
}
#: Given names with characters that fonts and systems mishandle: 䶮 (U+4DAE,
#: Ext-A), 𠮷 (U+20BB7, Ext-B), 堃, 喆, 㛃 (U+36C3) and 玥.
RARE_GIVEN: dict[str, tuple[str, ...]] = {
    "male": ("堃", "喆", "䶮", "昱䶮", "𠮷祥"),
    "female": ("㛃", "玥", "婧玥", "㛃妤"),
}
MIDDLE_DOT_NAMES: dict[str, tuple[str, ...]] = {
    "male": ("阿卜杜·热合曼", "买买提·艾力", "艾合买提·努尔"),
    "female": ("古丽娜尔·吐尔逊", "阿依古丽·买买提", "热依拉·阿不都"),
}
#: Nanjing's district codes: today's, and 白下 (320103) and 下关 (320107), merged
#: in 2013 but still on the older residents' cards.
AREA_CODES = ("320102", "320103", "320104", "320105", "320106", "320107", "320111", "320113", "320114", "320115")
COMPOUNDS = ("幸福小区", "和平里", "阳光花园", "锦绣苑", "翠竹园", "梧桐家园")
GRIDS = ("第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格")
#: Mobile number blocks in use in mainland China (China Mobile, Unicom, Telecom).
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
                   "156", "157", "158", "159", "177", "180", "181", "182", "183", "186", "187", "188", "189", "198",
                   "199")
#: The relations of a day-care elder's contacts, with the contact's gender
#: ("spouse": the other gender than the elder's; None: either).
RELATIONS: dict[str, str | None] = {
    "女儿": "female", "儿子": "male", "儿媳": "female", "女婿": "male", "孙女": "female", "孙子": "male",
    "老伴": "spouse", "保姆": "female", "邻居": None,
}


def generation(birth_year: int) -> str:
    return "elder" if birth_year < 1975 else "young"


def given_name(rng: random.Random, gender: str, birth_year: int) -> str:
    return rng.choice(GIVEN_NAMES[(gender, generation(birth_year))])


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    """A Nanjing landline with its area code: 025 and eight digits starting 5 or 8."""
    return CITY_AREA_CODE + rng.choice("58") + f"{rng.randrange(10**7):07d}"


def name_gender(name: str) -> str | None:
    """The gender this vocabulary gives a name (None: not a name it makes) — what the tests check."""
    for gender, names in MIDDLE_DOT_NAMES.items():
        if name in names:
            return gender
    for cut in (2, 1):
        given = name[cut:]
        if cut == 2 and name[:2] not in COMPOUND_SURNAMES:
            continue
        for (gender, _era), names in GIVEN_NAMES.items():
            if given in names:
                return gender
        for gender, names in RARE_GIVEN.items():
            if given in names:
                return gender
    return None
