"""zh_TW uses Taiwan's usual terms, not the mainland's (docs/translation.md, "Wording").

A mainland-only word in the zh_TW catalog fails here with the offending msgid,
its source location and the Taiwan term to use instead. The mainland
community centre's own terms (日間照料, 低保, 特困, 黨員名冊, 網格, 公示 …) are
not in the list: Taiwan has no such institution, and the catalog keeps them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "i18n" / "locale" / "zh_TW" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"

#: mainland word (a regular expression) → what Taiwan writes. Keep it in step
#: with the glossary in docs/translation.md.
MAINLAND_TERMS: dict[str, str] = {
    "登錄": "登入",
    "用戶": "使用者（用戶名 → 使用者名稱）",
    "數據": "資料（數據庫 → 資料庫）",
    "打印": "列印",
    "設置": "設定",
    "默認|缺省": "預設",
    "窗口": "視窗",
    "軟件": "軟體",
    "網絡": "網路",
    "鏈接": "連結",
    "服務器": "伺服器",
    "屏幕": "螢幕",
    "硬盤": "硬碟",
    "U ?盤": "隨身碟",
    "鼠標": "滑鼠",
    "光標": "游標",
    "緩存": "快取",
    "視頻": "影片",
    "質量": "品質",
    "點擊": "點選",
    "搜索|查找": "搜尋",
    "信息": "資料 / 資訊 / 訊息",
    "文件夾": "資料夾",
    # 文件 is a file (檔案); an official document's number (文件文號) keeps it.
    "文件(?!文號)": "檔案",
    "擴展名": "副檔名",
    "導入": "匯入",
    "導出": "匯出",
    "保存": "儲存",
    "打開": "開啟",
    "創建": "建立",
    "新建|添加": "新增",
    "當前": "目前",
    "列表": "清單",
    "字體": "字型",
    "字符": "字元",
    "文本": "文字",
    "字段": "欄位",
    "模板": "範本",
    "示例": "範例",
    "演示": "示範",
    "只讀": "唯讀",
    "視圖": "檢視",
    "標籤頁": "分頁",
    "工作簿": "活頁簿",
    "科學計數法": "科學記號",
    "粘貼": "貼上",
    "回車": "Enter 鍵",
    "激活": "啟用",
    "反饋": "回饋",
    "重置": "重設",
    "生成": "產生",
    "運行": "執行",
    "進程": "處理程序",
    "(?<!處理)程序": "程式",
    "批量": "批次",
    "審計": "稽核",
    "校驗": "驗證（校驗碼 → 檢查碼）",
    "脫敏": "遮蔽",
    "賬": "帳（賬號 → 帳號）",
    "帳戶": "帳號",
    "身份": "身分",
    "聯繫": "聯絡",
    "交納|代交|緩交|未交|預交|應交|費已交": "繳納 / 代繳 / 緩繳 / 未繳 / 預繳 / 應繳 / 已繳",
    "錄入": "輸入（補錄 → 補登）",
    "紙質": "紙本",
    "就餐": "用餐",
    "堂食": "內用",
    "志願者": "志工",
    "前臺": "櫃檯",
    "讀卡器": "讀卡機",
    "固定電話": "市話",
    "區號": "區碼",
    "尾號": "末碼",
    "年齡段": "年齡層",
    "月度": "每月",
    "時長": "時數",
    # 周 as the week is 週; 周圍, 四周 and the like are not the week.
    "(?<!四|圓)周(?![圍到邊全知長])": "週",
    # A meal's menu is 菜單 in Taiwan too; a window's menu is 選單.
    "菜單": "選單 (unless the English means a meal's menu)",
}

_TERMS = [(re.compile(pattern), taiwan) for pattern, taiwan in MAINLAND_TERMS.items()]
_MEAL_MENU = re.compile(r"\bmenus?\b", re.IGNORECASE)
# In a message about rows, 行 is a row (Taiwan: 列; a column is 欄). These
# words hold a 行 that is no row; a line of text stays 行 (msgids with "line").
_ROW = re.compile(r"\brows?\b", re.IGNORECASE)
_NOT_A_ROW = re.compile(r"[執進舉銀現流運]行")


def _meal_menu(msgid: str, places: tuple[str, ...]) -> bool:
    """Whether the message is about a meal's menu: its English says so, or it comes from the meals."""
    return bool(_MEAL_MENU.search(msgid.replace("&", ""))) or any(
        "meals" in place or "menu" in place for place in places
    )


def mainland_terms(msgid: str, text: str, places: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The mainland words in ``text`` (the translation of ``msgid``, used at ``places``), with Taiwan's."""
    found = []
    for pattern, taiwan in _TERMS:
        for match in pattern.finditer(text):
            if match.group() == "菜單" and _meal_menu(msgid, places):
                continue
            found.append((match.group(), taiwan))
    if _ROW.search(msgid) and "行" in _NOT_A_ROW.sub("", text):
        found.append(("行", "列 (a row; a column is 欄)"))
    return found


def _messages():
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh_TW")
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if message.pluralizable else message.id
        strings = message.string if message.pluralizable else (message.string,)
        places = tuple(path for path, _line in message.locations)
        for text in strings:
            if text:
                yield msgid, text, places


def test_zh_tw_catalog_uses_taiwan_terms() -> None:
    bad = [
        f"{msgid!r} ({', '.join(sorted(set(places)))}) → {text!r}: {word} (Taiwan: {taiwan})"
        for msgid, text, places in _messages()
        for word, taiwan in mainland_terms(msgid, text, places)
    ]
    assert not bad, (
        f"zh_TW: mainland terms, not Taiwan's ({len(bad)}):\n"
        + "\n".join(f"  {line}" for line in bad)
        + "\n(see the glossary in docs/translation.md)"
    )


@pytest.mark.parametrize(
    ("msgid", "text", "places", "words"),
    [
        ("Cannot open {path}", "無法打開數據庫文件 {path}", (), ["數據", "文件", "打開"]),
        ("Log in to Linli", "登錄鄰里", (), ["登錄"]),
        ("User name", "用戶名", (), ["用戶"]),
        ("Week, e.g. 2026-W48", "周，如 2026-W48", (), ["周"]),
        ("&File", "菜單", ("ui/shell/main_window.py",), ["菜單"]),
        ("&Copy last week", "複製上週菜單(&C)", ("ui/meals/menu.py",), []),
        ("Week's me&nu…", "本週菜單(&N)…", ("ui/meals/tab.py",), []),
        ("{n} rows written.", "已寫入 {n} 行。", (), ["行"]),
        ("Checking: {done} of {total} rows…", "正在檢查：第 {done} 列，共 {total} 列…", (), []),
        ("Dry run: {rows} rows checked", "試執行：已檢查 {rows} 列", (), []),
        ("This week's menu", "本週菜單", (), []),
        ("Enter a name for the policy, e.g. the document number.", "例如文件文號", (), []),
        ("{field}, line {line}", "{field}，第 {line} 行", (), []),
        ("Linli was not closed properly (process {pid}).", "處理程序 {pid}", (), []),
        ("Day care", "日間照料", (), []),
    ],
)
def test_the_check_tells_mainland_from_taiwan_terms(
    msgid: str, text: str, places: tuple[str, ...], words: list[str]
) -> None:
    assert sorted(word for word, _taiwan in mainland_terms(msgid, text, places)) == sorted(words)
