"""Organisations' names in running text: where a sector word names a body, not a field.

"Sở Văn hóa - Thể thao và Du lịch Hà Nội cho biết...", "Swinburne University of Technology",
"the Investment, Trade and Tourism Promotion Centre", "Minister for Small Business, Innovation
and Trade Philip Dalidakis": the culture, science or trade words inside say who spoke, hosted or
signed, not what the sides agreed on. A name is found from a head word written as a name
(``context.name_heads`` in data/sectors.yaml, found by the lexicon's own scan) and runs over
the capitalised words around it:

* after the head (both languages): capitalised words, the connectors between them, and in
  Vietnamese the lower-case syllable that completes a capitalised one ("Văn hóa", "Du lịch");
* in Vietnamese, right after the head, the kind of body in lower case when its proper name
  follows ("Trung tâm dạy nghề Thương mại", "Công ty cổ phần Du lịch Hà Nội"): a few
  syllables, none a function word, so "Công ty đầu tư vào Hà Nội" starts no name;
* before the head (English only, "Tourism Promotion Centre"): capitalised words and connectors.

Lines written in Title Case (headlines, menus) are left alone: every word there is capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

_TOKEN = re.compile(r"[^\W_][\w'’]*|[,&\-–]|[^\w\s]")
# "va" is "và" typed without diacritics.
_CONNECTORS = frozenset({"of", "for", "and", "on", "&", ",", "-", "–", "và", "va"})
# A sentence or bracket ends a name.
_STOPS = frozenset('.;:!?()[]"“”')
TITLE_CASE_SHARE = 0.7  # a line with at least this share of capitalised words is in Title Case
_MIN_TITLE_CASE_WORDS = 4
# How far a name may run from its head (chars): the longest names are a department's full title.
_REACH_AFTER = 160
_REACH_BEFORE = 120
# The kind of body between a Vietnamese head and its proper name: "cổ phần", "dạy nghề",
# "trách nhiệm hữu hạn"; a function word there means a sentence, not a name.
_KIND_MAX_SYLLABLES = 4
_FUNCTION_WORDS_TEXT = (
    "vào tại của với cho ở để đã sẽ được bị là có các những này đó từ trên trong theo về đến ra"
    " lên như khi thì mà nên không cũng đang vừa phải cần nhằm do bởi hoặc hay rằng thuộc"
    " vao tai cua voi de da se duoc bi la cac nhung nay do tu tren trong theo ve den nhu khi"
    " thi ma nen khong cung dang vua phai can nham boi hoac rang thuoc"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


class NameSpan(NamedTuple):
    """A name from ``start`` to ``end``; ``head_start``-``head_end`` is its head word."""

    start: int
    end: int
    head_start: int
    head_end: int

    def holds(self, start: int, end: int) -> bool:
        """Whether a phrase at ``start``-``end`` lies inside the name, off its head; one that
        starts on the name's last word belongs to it ("Thương mại" of "Trung tâm dạy nghề
        Thương mại tham gia", where the name is read up to "Thương")."""
        if start >= self.head_end:
            return start < self.end
        return self.start <= start and end <= self.head_start


def name_spans(text: str, heads: Iterable[tuple[int, int, bool]]) -> list[NameSpan]:
    """The organisation names of ``text`` around ``heads`` (start, end, English: an
    English name also runs before its head), in order."""
    found: list[NameSpan] = []
    title_case: dict[int, bool] = {}
    for head_start, head_end, backwards in heads:
        line_start = text.rfind("\n", 0, head_start) + 1
        line_end = text.find("\n", head_end)
        line_end = len(text) if line_end < 0 else line_end
        if line_start not in title_case:
            title_case[line_start] = _title_case(text[line_start:line_end])
        if title_case[line_start]:
            continue
        end = _forward(text, head_end, min(line_end, head_end + _REACH_AFTER), kind_first=not backwards)
        start = (
            _backward(text, max(line_start, head_start - _REACH_BEFORE), head_start)
            if backwards
            else head_start
        )
        if start < head_start or end > head_end:
            found.append(NameSpan(start, end, head_start, head_end))
    found.sort()
    return found


def _is_name_word(token: str) -> bool:
    return token[0].isupper()


def _forward(text: str, position: int, line_end: int, kind_first: bool = False) -> int:
    """End of the name that goes on after its head at ``position`` (``kind_first``: a
    Vietnamese head, whose name may first say in lower case what kind of body it is)."""
    tokens = [(m.group(0), m.end()) for m in _TOKEN.finditer(text, position, line_end)]
    end = position
    previous_capital = True  # the head
    i = _kind_of_body(tokens) if kind_first else 0
    if i:
        end, previous_capital = tokens[i - 1][1], False
    while i < len(tokens):
        token, token_end = tokens[i]
        if token in _STOPS:
            break
        if token.lower() in _CONNECTORS:
            previous_capital = False
        elif _is_name_word(token):
            end, previous_capital = token_end, True
        elif previous_capital:
            # A lower-case syllable completes a capitalised one ("Văn hóa") when the name goes
            # on after it or ends there ("Thương mại (Handel)"); otherwise the sentence has
            # begun ("Hà Nội đưa ra").
            following = tokens[i + 1][0] if i + 1 < len(tokens) else "."
            if following.lower() in _CONNECTORS or following in _STOPS or _is_name_word(following):
                end, previous_capital = token_end, False
            else:
                break
        else:
            break
        i += 1
    return end


def _kind_of_body(tokens: list[tuple[str, int]]) -> int:
    """How many lower-case syllables right after a Vietnamese head say what kind of body it
    is, before the capitalised name they lead to ("dạy nghề" of "Trung tâm dạy nghề Thương
    mại"); 0 when they lead to no name."""
    for i, (token, _) in enumerate(tokens[: _KIND_MAX_SYLLABLES + 1]):
        if _is_name_word(token):
            return i
        if not token.isalpha() or token in _FUNCTION_WORDS:
            return 0
    return 0


def _backward(text: str, line_start: int, position: int) -> int:
    """Start of the capitalised words and connectors right before an English head."""
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text, line_start, position)]
    start = position
    for token, token_start in reversed(tokens):
        if token in _STOPS:
            break
        if _is_name_word(token):
            start = token_start
        elif token.lower() not in _CONNECTORS:
            break
    return start


def _title_case(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < _MIN_TITLE_CASE_WORDS:
        return False
    return sum(1 for w in words if w[0].isupper()) >= TITLE_CASE_SHARE * len(words)
