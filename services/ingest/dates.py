"""Dates as Hanoi pages write them: publication stamps and dates inside sentences.

Fixed patterns and regexes, not a general date parser: stamps come in a handful of
shapes, and a wrong guess is worse than no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

from services.ingest.lexicon import metadata
from shared.text import fold

HANOI_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_META = metadata()
_MONTHS = {name.lower(): i + 1 for i, name in enumerate(_META.months_en)}
_MONTHS.update({name[:3].lower(): i + 1 for i, name in enumerate(_META.months_en)})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True))


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


_LABEL = re.compile(
    rf"^(?:(?P<pub>{_alternation(_META.published_labels)})|(?P<upd>{_alternation(_META.updated_labels)}))"
    r"(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(rf"^(?:{_alternation(_META.weekdays)})\b[\s,.-]*", re.IGNORECASE)
# A weekday between the time and the date ("12:39, Thứ Bảy, 15/06/2019").
_WEEKDAY_INSIDE = re.compile(rf"(?<!\w)(?:{_alternation(_META.weekdays)})\b", re.IGNORECASE)
# An icon's text copied with the stamp, often run into it: "ClockThứ Sáu, 14/06/2019 18:26".
_ICON = re.compile(rf"^(?i:{_alternation(_META.stamp_icons)})(?:\s*:\s*|\s+|(?=[0-9A-ZĐÀ-Ỹ]))")

# Date shapes a stamp may use; groups: day, month, year (named).
_STAMP_DATES = (
    re.compile(r"(?<!\d)(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>\d{4})\s*([/.-])\s*(?P<month>\d{1,2})\s*\2\s*(?P<day>\d{1,2})(?!\d)"),
    re.compile(
        rf"\b(?P<mname>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)"
    ),
    re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mname>{_MONTH_RE})\.?,?\s+(?P<year>\d{{4}})(?!\d)"
    ),
    re.compile(
        r"(?i:ngày|ngay)\s+(?P<day>\d{1,2})\s+(?i:tháng|thang)\s+(?P<month>\d{1,2})\s+(?i:năm|nam)\s+(?P<year>\d{4})(?!\d)"
    ),
)
_STAMP_TIME = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2})\s*(?::|h|H|g)\s*(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?|SA|CH)(?![A-Za-z]))?(?![\d:])"
)
_TZ = re.compile(
    r"\(?\s*(?:GMT|UTC)\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?\s*\)?"
    # An ISO offset stands right after the time ("10:45:46+07:00"), which is cut out first.
    r"|(?<=[\d\s])(?P<isign>[+-])(?P<ihours>\d{2}):?(?P<iminutes>\d{2})\b|\bICT\b|(?<=\d)Z\b"
)
# What may stand between the parts of a stamp.
_STAMP_FILLER = re.compile(
    r"^(?:[\s,|/()\[\]–-]|\b(?:lúc|luc|ngày|ngay|at|on|vào|vao|T(?=\d))\b)*$", re.IGNORECASE
)

_STAMP_MAX_LEN = 90
_ANY_DIGIT = re.compile(r"\d")

StampLabel = Literal["published", "updated", "none"]


@dataclass(frozen=True)
class Stamp:
    at: datetime  # aware, Asia/Ho_Chi_Minh
    label: StampLabel
    has_time: bool = True  # False: a date alone (00:00 stands for the day)
    has_weekday: bool = False


def _month(match: re.Match[str]) -> int:
    name = match.groupdict().get("mname")
    if name:
        return _MONTHS[name.lower().rstrip(".")]
    return int(match.group("month"))


def parse_stamp(text: str) -> Stamp | None:
    """A line (or bracketed text) that is wholly a publication stamp -> its time, else None."""
    text = text.strip()
    if not text or len(text) > _STAMP_MAX_LEN or not _ANY_DIGIT.search(text):
        return None
    text = text.strip("()[] ")
    icon = _ICON.match(text)
    if icon:
        text = text[icon.end() :]
    label: StampLabel = "none"
    found = _LABEL.match(text)
    if found:
        label = "published" if found.group("pub") else "updated"
        text = text[found.end() :]
    weekday = _WEEKDAY.match(text)
    if weekday:
        text = text[weekday.end() :]
    date_match = None
    for pattern in _STAMP_DATES:
        date_match = pattern.search(text)
        if date_match:
            break
    if date_match is None:
        return None
    rest = text[: date_match.start()] + " " + text[date_match.end() :]
    time_match = _STAMP_TIME.search(rest)
    hour = minute = second = 0
    if time_match:
        hour, minute = int(time_match.group("hour")), int(time_match.group("minute"))
        second = int(time_match.group("second") or 0)
        ampm = (time_match.group("ampm") or "").lower().replace(".", "")
        if ampm in {"pm", "ch"} and hour < 12:
            hour += 12
        elif ampm in {"am", "sa"} and hour == 12:
            hour = 0
        rest = rest[: time_match.start()] + " " + rest[time_match.end() :]
    if weekday is None:
        weekday = _WEEKDAY_INSIDE.search(rest)
        if weekday:
            rest = rest[: weekday.start()] + " " + rest[weekday.end() :]
    tz: timezone | ZoneInfo = HANOI_TZ
    tz_match = _TZ.search(rest)
    if tz_match:
        sign = tz_match.group("sign") or tz_match.group("isign")
        hours = tz_match.group("hours") or tz_match.group("ihours")
        minutes = tz_match.group("minutes") or tz_match.group("iminutes")
        if sign and hours:
            delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
            tz = timezone(-delta if sign == "-" else delta)
        elif "Z" in tz_match.group(0) or (tz_match.group(0).strip("() ").upper() in {"GMT", "UTC"}):
            tz = UTC
        rest = rest[: tz_match.start()] + " " + rest[tz_match.end() :]
    if not _STAMP_FILLER.match(rest):
        return None
    day, month = int(date_match.group("day")), _month(date_match)
    if month > 12 >= day and date_match.re is _STAMP_DATES[0]:
        # Month first, as English-language templates write it ("10/24/2019 9:31:00 PM"): only
        # read so when day first cannot be meant; "10/05/2019" stays the 10th of May.
        day, month = month, day
    try:
        moment = datetime(
            int(date_match.group("year")), month, day, hour, minute, second, tzinfo=tz,
        )  # fmt: skip
    except ValueError:
        return None
    if not 1990 <= moment.year <= 2100:
        return None
    return Stamp(moment.astimezone(HANOI_TZ), label, time_match is not None, weekday is not None)


# Parts of a stamp line: "24/08/2019 12:22 | Chính trị", "Du lịch - Ngày đăng : 20:47, 14/01/2022".
_STAMP_PARTS = re.compile(r"\s*[|•·]\s*|\s+[-–]\s+")


# Counts of views and comments printed after the stamp: "Thứ năm - 09/03/2017 21:41 3.217 0".
_TRAILING_COUNTS = re.compile(r"(?:\s+\d{1,3}(?:[.,]\d{3})*){1,3}\s*$")
# A temperature beside a clock is the site's banner ("May 23, 2023 | 07:00:00 GMT+7 | Weather 26°").
_WEATHER = re.compile(r"\d\s*°|(?i:\bweather\b|thời tiết)")


def stamp_line(text: str) -> Stamp | None:
    """A page line holding the stamp, maybe beside a section name: ``24/08/2019 12:22 | Chính trị``,
    ``Du lịch - Ngày đăng : 20:47, 14/01/2022``.

    A date and its time may stand in parts of their own (``Ngày đăng 14/06/2023 | 9:27 PM``), and
    counts of views may follow them. A line with the weather is the site's clock, no stamp.
    """
    if len(text) > 2 * _STAMP_MAX_LEN or _WEATHER.search(text):
        return None
    stamp = _stamp_in_parts(text)
    if stamp is None and (counts := _TRAILING_COUNTS.search(text)):
        stamp = _stamp_in_parts(text[: counts.start()])
        if stamp is not None and not stamp.has_time:
            return None
    return stamp


def _stamp_in_parts(text: str) -> Stamp | None:
    stamp = parse_stamp(text)
    if stamp is not None or not _STAMP_PARTS.search(text):
        return stamp
    parts = _STAMP_PARTS.split(text)
    for i, part in enumerate(parts):
        stamp = parse_stamp(part)
        if stamp is None:
            continue
        if not stamp.has_time:
            joined = [parts[i] + " " + parts[i + 1]] if i + 1 < len(parts) else []
            joined += [parts[i - 1] + " " + parts[i]] if i > 0 else []
            for candidate in joined:
                timed = parse_stamp(candidate)
                if timed is not None and timed.has_time:
                    return timed
        return stamp
    return None


# Two authors and their newsroom: "CHÍ BẢO - MINH CHƯƠNG // TRUNG TÂM TIN TỨC HTV 02/08/2024, 21:37".
_BYLINE_WORDS_MAX = 10
# The stamp starts at a number, not at a digit inside a name ("Thanh Ba (VTV8)-Thứ hai, ngày 25/11/2019").
_DIGIT_STARTING_A_WORD = re.compile(r"(?<![^\W\d_])\d")
_CREDIT_LABEL = re.compile(r"(?i)\b(?:ảnh|anh|photo|photos|bài và ảnh|bài|text|video|clip)\s*:")


def byline_stamp(line: str) -> Stamp | None:
    """A short byline, then the stamp: ``Son Nguyen - Lien Ha 11:35, 2023/06/02``,
    ``Minh Hạnh (báo Lao Động) 23/11/2025 09:24 (GMT+7)``. A time is required: a
    name followed by a bare date is too weak a sign."""
    first_digit = _DIGIT_STARTING_A_WORD.search(line)
    if first_digit is None or first_digit.start() == 0:
        return None
    prefix = line[: first_digit.start()]
    words = sum(1 for word in prefix.split() if any(ch.isalpha() for ch in word))  # not "-" or "//"
    # A credit's colon ("Hà Vũ - Ảnh: Trung Sơn 29/09/2023 22:19") is part of the byline.
    if words > _BYLINE_WORDS_MAX or any(mark in _CREDIT_LABEL.sub(" ", prefix) for mark in ".!?:;"):
        return None
    stamp = parse_stamp(line[first_digit.start() :])
    return stamp if stamp is not None and stamp.has_time else None


_TRAILING_BRACKET = re.compile(r"\s*[(\[]([^()\[\]]{6,60})[)\]]\s*$")


_TRAILING_BRACKET_MAX = 62  # "(" + 60 + ")"


# A date and its time closing a headline without brackets: "... bão số 10 01/10/2025 05:54".
_TRAILING_DATE_TIME = re.compile(
    r"\s+(?:\d{1,2}/\d{1,2}/\d{4},?\s+\d{1,2}:\d{2}|\d{1,2}:\d{2},?\s+\d{1,2}/\d{1,2}/\d{4})\s*$"
)


_BARE_HEADLINE_MIN_WORDS = 5


def _reads_as_headline(text: str) -> bool:
    """A sentence's words, some in lower case, not a byline's names ("CHÍ BẢO - MINH CHƯƠNG //
    TRUNG TÂM TIN TỨC HTV 02/08/2024, 21:37", "Nguyễn Thu Hằng (báo Lao Động) 23/11/2025 09:24")."""
    words = [w for w in text.split() if w[0].isalpha()]
    return len(words) >= _BARE_HEADLINE_MIN_WORDS and sum(w[0].islower() for w in words) >= 2


def trailing_stamp(line: str) -> tuple[int, Stamp] | None:
    """``Headline (21:31 24/10/2019)``, ``Headline 01/10/2025 05:54`` -> (offset where the
    stamp starts, stamp)."""
    # The stamp closes the line: search only its tail (a regex anchored at "$" is
    # otherwise tried at every position), then take in the spaces before it.
    end = len(line.rstrip())
    if end and line[end - 1].isdigit():
        bare = _TRAILING_DATE_TIME.search(line, max(0, end - 24))
        stamp = parse_stamp(bare.group()) if bare else None
        if bare is None or stamp is None or not _reads_as_headline(line[: bare.start()]):
            return None
        return bare.start(), stamp
    if not end or line[end - 1] not in ")]":
        return None
    tail = max(0, end - _TRAILING_BRACKET_MAX)
    match = _TRAILING_BRACKET.search(line, tail)
    if match is None:
        return None
    stamp = parse_stamp(match.group(1))
    if stamp is None:
        return None
    start = match.start()
    if start == tail:  # the spaces before the bracket may begin before the tail
        while start > 0 and line[start - 1].isspace():
            start -= 1
    return start, stamp


def parse_iso(value: str) -> datetime | None:
    """A machine-readable time from page markup (ISO 8601); naive times are Hanoi time."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        stamp = parse_stamp(value)
        return stamp.at if stamp else None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=HANOI_TZ)
    if not 1990 <= moment.year <= 2100:
        return None
    return moment.astimezone(HANOI_TZ)


# ------------------------------------------------------------------ dates in sentences
@dataclass(frozen=True)
class TextDate:
    start: int
    end: int
    day: int
    month: int
    year: int | None


# (pattern, runs on the folded text): the Vietnamese words and "on" / "dated" are matched
# case- and diacritic-blind that way ("Ngày 20/8" and "Ngay 20/8" alike; cheaper than (?i:));
# English month names keep their capital.
_TEXT_DATES = (
    # Vietnamese: "Ngày 20/8", "sáng 28/11/2019", "ngày 20-8"
    (
        re.compile(
            r"(?:ngay|sang|chieu|toi|trua|dem|hom)\s+(?:ngay\s+)?(?P<day>\d{1,2})\s*[/-]\s*(?P<month>\d{1,2})"
            r"(?:\s*[/-]\s*(?P<year>\d{4}))?(?![\d/-])"
        ),
        True,
    ),
    (
        re.compile(
            r"ngay\s+(?P<day>\d{1,2})\s+thang\s+(?P<month>\d{1,2})(?:\s*(?:,\s*)?nam\s+(?P<year>\d{4}))?"
        ),
        True,
    ),
    # English: "October 22", "Oct. 22, 2019", "22 October 2019", "on 22/10/2019"
    (
        re.compile(
            rf"\b(?P<mname>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?"
        ),
        False,
    ),
    # No digit or "/" before the day, checked after its first digit (the engine then skips
    # ahead to digits).
    (
        re.compile(
            rf"(?P<day>\d(?<![\d/]\d)\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mname>{_MONTH_RE})\b\.?(?:,?\s+(?P<year>\d{{4}})\b)?"
        ),
        False,
    ),
    (re.compile(r"\b(?:on|dated)\s+(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?(?![\d/])"), True),
)


def find_dates(text: str) -> list[TextDate]:
    """Day-month dates (year optional) written inside ``text``, in order."""
    found: list[TextDate] = []
    folded = fold(text)
    for pattern, caseless in _TEXT_DATES:
        for match in pattern.finditer(folded if caseless else text):
            year = match.group("year")
            day, month = int(match.group("day")), _month(match)
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            if any(d.start < match.end() and match.start() < d.end for d in found):
                continue
            found.append(TextDate(match.start(), match.end(), day, month, int(year) if year else None))
    return sorted(found, key=lambda d: d.start)


def resolve(found: TextDate, published: date | None) -> date | None:
    """The calendar date meant: a missing year is the latest one not after ``published``."""
    if found.year is not None:
        try:
            return date(found.year, found.month, found.day)
        except ValueError:
            return None
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, found.month, found.day)
        except ValueError:  # 29/2 outside a leap year
            continue
        if candidate <= published:
            return candidate
    return None
