"""Test material: the seed announcements, their article part, and HTML pages built around them.

The seeds are text copied from web pages (article + chrome). For the tests we need to
know where each seed's article ends; that is test knowledge written here per seed, not
something the parser may use. The HTML pages wrap the article in the chrome real
Hanoi news sites put around it: menus, breadcrumbs, share buttons, related-news lists,
comment forms and a footer listing other cities.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SHARED = Path("/work/shared")
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.json"

# Where the article stops in each copied seed (the first chrome line), None = runs to the end.
ARTICLE_END = {
    "000_d355ec78f3586d46.txt": "Latest news",
    "001_eb83c2ed4bce341d.txt": "Latest news",
    "002_30953af65393e7d4.txt": "Bài viết hay?",
    "003_52dc07803a82ee4d.txt": None,
    "004_4b381de25149f7a0.txt": "Các bài mới đăng",
}

# Strings from the seeds' chrome that must never reach the cleaned text.
CHROME = [
    "Latest news",
    "Other news",
    "view Search",
    "Write your comment",
    "Capcha",
    "Full name",
    "Phone number",
    "Ha Noi Info",
    "Lấy lại mã bảo mật",
    "Tin liên quan",
    "Bài viết hay",
    "user image",
    "Ý KIẾN",
    "áo xanh tình nguyện",  # first reader comment after "Ý KIẾN" in 002
    "Tiếng chuông Trấn Vũ",  # another comment in 002
    "Các bài mới đăng",
    "Các bài đã đăng",
    "Viết bình luận",
    "Họ tên",
    "Mã xác nhận",
]

_STAMP = re.compile(r"\s*\((\d{1,2}):(\d{2}) (\d{1,2})/(\d{1,2})/(\d{4})\)\s*$")


@dataclass(frozen=True)
class Seed:
    file: str
    raw: str  # the file as copied from the page
    gold: dict[str, Any]
    title: str  # headline without its timestamp
    stamp: tuple[int, int, int, int, int] | None  # hour, minute, day, month, year
    paragraphs: list[str]  # article lines after the title, byline last when there is one

    @property
    def sentences(self) -> list[str]:
        """Every sentence of the article body (split on sentence ends)."""
        out: list[str] = []
        for para in self.paragraphs:
            out.extend(s.strip() for s in re.split(r"(?<=[.;!?])\s+", para) if s.strip())
        return out


@cache
def seeds() -> list[Seed]:
    gold = {doc["file"]: doc for doc in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]}
    out = []
    for name, end_marker in ARTICLE_END.items():
        raw = (SEEDS / name).read_text(encoding="utf-8")
        article = raw if end_marker is None else raw[: raw.index(end_marker)]
        lines = [line.strip() for line in article.splitlines() if line.strip()]
        headline = lines[0]
        match = _STAMP.search(headline)
        stamp = None
        if match:
            hour, minute, day, month, year = (int(g) for g in match.groups())
            stamp = (hour, minute, day, month, year)
            headline = headline[: match.start()]
        out.append(Seed(name, raw, gold[name], headline, stamp, lines[1:]))
    return out


def seed(prefix: str) -> Seed:
    return next(s for s in seeds() if s.file.startswith(prefix))


_NAV_EN = ["Home", "Politics", "Economy", "Society", "Culture", "Travel", "Opinion", "Videos"]
_NAV_VI = ["Trang chủ", "Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Văn hóa", "Thể thao", "Video"]
_RELATED_EN = [
    "Hai Phong hosts international seafood fair",
    "Da Nang opens new bridge over Han River",
    "Ho Chi Minh City to expand metro network by 2030",
]
_RELATED_VI = [
    "Hải Phòng khai trương cảng container quốc tế mới",
    "Đà Nẵng tổ chức lễ hội pháo hoa quốc tế năm 2019",
    "TP Hồ Chí Minh đẩy mạnh chuyển đổi số trong y tế",
]
_CITIES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "TP Hồ Chí Minh"]

# Stamp styles seen on Hanoi sites; each page uses one so that several formats are exercised.
STAMP_STYLES = ["paren", "weekday", "updated", "english", "meta"]
_WEEKDAYS_VI = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
_MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def stamp_text(stamp: tuple[int, int, int, int, int], style: str) -> str:
    import datetime as dt

    hour, minute, day, month, year = stamp
    if style == "paren":
        return f"({hour:02d}:{minute:02d} {day:02d}/{month:02d}/{year})"
    if style == "weekday":
        weekday = _WEEKDAYS_VI[dt.date(year, month, day).weekday()]
        return f"{weekday}, {day:02d}/{month:02d}/{year} {hour:02d}:{minute:02d}"
    if style == "updated":
        return f"Cập nhật: {hour:02d}:{minute:02d}, {day:02d}/{month:02d}/{year}"
    if style == "english":
        suffix = "PM" if hour >= 12 else "AM"
        return f"{_MONTHS_EN[month - 1]} {day}, {year} {(hour - 1) % 12 + 1}:{minute:02d} {suffix}"
    raise ValueError(style)


def html_page(s: Seed, style: str = "paren") -> str:
    """A full news page around the seed's article."""
    vi = s.gold["language"] == "vi"
    nav = _NAV_VI if vi else _NAV_EN
    related = _RELATED_VI if vi else _RELATED_EN
    e = html.escape
    head_meta = ""
    stamp_html = ""
    if s.stamp is not None:
        hour, minute, day, month, year = s.stamp
        if style == "meta":
            iso = f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+07:00"
            head_meta = f'<meta property="article:published_time" content="{iso}">'
        else:
            stamp_html = f'<div class="date">{e(stamp_text(s.stamp, style))}</div>'
    body_paras = s.paragraphs
    byline = ""
    if body_paras and len(body_paras[-1].split()) <= 4:
        byline = f'<p class="author"><strong>{e(body_paras[-1])}</strong></p>'
        body_paras = body_paras[:-1]
    paras = "\n".join(f"<p>{e(p)}</p>" for p in body_paras)
    menu = "".join(f'<li><a href="/c/{i}">{e(n)}</a></li>' for i, n in enumerate(nav))
    rel_heading = "Tin liên quan" if vi else "Related news"
    rel = "".join(f'<li><a href="/r/{i}">{e(t)}</a></li>' for i, t in enumerate(related))
    latest = "Tin khác" if vi else "Latest news"
    comment = (
        "<h3>Viết bình luận</h3><label>Họ tên:(*)</label><input name='n'><label>Mã xác nhận:</label>"
        if vi
        else "<h3>Write your comment</h3><label>Full name:(*)</label><input name='n'><label>Capcha:</label>"
    )
    cities = "".join(f"<li>{c}</li>" for c in _CITIES)
    crumbs = "Trang chủ &gt; Chính trị" if vi else "Home &gt; Politics"
    share = "Chia sẻ" if vi else "Share"
    return f"""<!DOCTYPE html>
<html lang="{s.gold["language"]}">
<head>
<meta charset="utf-8">
<title>{e(s.title)} - Cổng thông tin Hà Nội</title>
{head_meta}
<script>var _gaq = _gaq || []; _gaq.push(['_trackPageview']);</script>
<style>.date {{ color: #999; }}</style>
</head>
<body>
<header><div class="logo">HANOI PORTAL</div>
<nav><ul>{menu}</ul></nav>
<form class="search"><input type="text" name="q"><button>Search</button></form>
</header>
<div class="breadcrumb">{crumbs}</div>
<div class="container">
<article class="detail">
<h1 class="title">{e(s.title)}</h1>
{stamp_html}
<div class="share"><a href="#">{share}</a> <a href="#">Facebook</a> <a href="#">Email</a> <a href="#">Print</a></div>
<div class="content">
{paras}
{byline}
</div>
</article>
<aside class="sidebar"><h3>{latest}</h3><ul>{rel}</ul></aside>
<section class="related"><h3>{rel_heading}</h3><ul>{rel}</ul></section>
<section class="comments">{comment}</section>
</div>
<footer><ul>{cities}</ul><p>© 2019 Cổng giao tiếp điện tử Hà Nội. All rights reserved.</p></footer>
</body>
</html>
"""


def pdf_document(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, Latin-1 text only)."""

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 9 Tf 40 800 Td 11 TL\n" + "".join(f"({escape(x)}) '\n" for x in lines) + "ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{off:010d} 00000 n \n" for off in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def collapse(text: str) -> str:
    return " ".join(text.split())
