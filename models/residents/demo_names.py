"""The demo's vocabulary of people: surnames, given-name characters, the rare and
the middle-dot names, ID-number areas, compounds, grids and mobile prefixes.

Shared by the demo orchestrator (:mod:`models.demo`, which builds the demo
residents) and the jobs' demo fillers (e.g. :mod:`models.daycare.demo` names
the elders' contacts with it). It imports nothing, so a job's demo module can
use it without importing :mod:`models.demo` — which imports the jobs' fillers.
"""

from __future__ import annotations

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容")
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红梅建国志强春生秋菊淑珍德福金凤"
    "玉兰桂芝文凤美兰秀兰振华国强永红海燕丽华凤英宝珍玉珍秀珍俊杰子涵浩然梓萱雨泽欣怡思远一诺"
)
#: Characters a real registry meets that fonts and systems mishandle:
#: 𠮷 (U+20BB7, CJK Ext-B), 䶮 (U+4DAE, Ext-A), 堃 and 喆 (BMP but rare).
RARE_GIVEN = ("𠮷", "䶮", "堃", "喆", "𠮷祥", "昱䶮")
MIDDLE_DOT_NAMES = (
    "阿卜杜·热合曼",
    "买买提·艾力",
    "古丽娜尔·吐尔逊",
    "阿依古丽·买买提",
    "努尔·艾合买提",
    "热依拉·阿不都",
)
AREA_CODES = ("320102", "320104", "320105", "320106", "330106", "110105", "370202", "420106")
COMPOUNDS = ("幸福小区", "和平里", "阳光花园", "锦绣苑", "翠竹园", "梧桐家园")
GRIDS = ("第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格")
MOBILE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "158", "159", "186", "187", "189", "199")
