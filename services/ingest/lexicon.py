"""Loads the ingest data files (chrome markers, metadata words) once, in matching form."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from shared.text import fold, normalize

# Trimmed from both ends of a line before it is compared with a marker.
LINE_TRIM = " \t:.-|>*•·»›()[]!?\"'/=_~"


_COUNT = re.compile(r"\s*[(\[]\d+[)\]]\s*$")


def line_key(text: str) -> str:
    """A line as markers are compared: lower case, trimmed, single-spaced, no "(3)" count."""
    if text.endswith((")", "]")):
        text = _COUNT.sub("", text)
    return " ".join(text.lower().strip(LINE_TRIM).split())


def prefix_key(text: str) -> str:
    """A line's start as prefix markers are compared: lower case, single-spaced, untrimmed."""
    return " ".join(text.lower().split())


def lower_same_length(text: str) -> str:
    """Lower case of the same length, so offsets found in it are offsets in ``text``.

    Word lists are matched case-blind by running lower-case patterns on it.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few chars lower to two ("İ"): they stay as they are.
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def _variants(key: str) -> set[str]:
    # Lines are compared in lower case without folding (cheap); the folded variant of each
    # marker catches pages typed without diacritics.
    return {key, fold(key)}


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load(resources.files("services.ingest").joinpath("data", name).read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping")
    return data


@dataclass(frozen=True)
class ChromeLexicon:
    end_lines: frozenset[str]
    end_prefixes: tuple[str, ...]
    end_suffixes: tuple[str, ...]  # line keys: compared with a line's key, its ending
    drop_lines: frozenset[str]
    drop_blocks: frozenset[str]
    box_lines: frozenset[str]  # end lines that may be an inline box of links instead
    nav_words: frozenset[str]
    byline_labels: tuple[str, ...]  # folded, longest first
    caption_labels: tuple[str, ...]  # as written (normalised) and folded, longest first
    caption_prefixes: tuple[str, ...]  # prefix keys, as written and folded
    filed_from_words: frozenset[str]  # lower case, as written and folded
    counter_words: tuple[str, ...]  # as written (normalised) and folded, longest first: "lượt xem", "views"
    relative_time_words: tuple[str, ...]  # as counter_words: "phút trước", "hours ago"
    longest_marker: int  # no line longer than this (chars) is an exact-line marker


@dataclass(frozen=True)
class MetadataLexicon:
    kind_words: dict[str, str]  # normalised word, as written and folded -> kind
    kind_codes: dict[str, str]  # folded upper-case code -> kind
    committee_codes: tuple[str, ...]  # folded upper-case issuer codes of a Party Committee ("TU")
    reported_kinds: frozenset[str]  # kinds a report on a committee document is about
    never_reported_kinds: frozenset[str]  # kinds that are never the document reported
    issue_verbs: tuple[str, ...]
    citing_words: tuple[str, ...]
    source_words: tuple[str, ...]  # cite a document unless it is said to be issued after it
    issuers: dict[str, str]  # phrase, as written and folded -> English name
    published_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]
    stamp_icons: tuple[str, ...]
    weekdays: tuple[str, ...]
    months_en: tuple[str, ...]
    en_function_words: frozenset[str]  # lower case
    en_never_last_words: frozenset[str]  # lower case: no line ends on them unless cut
    vi_plain_words: frozenset[str]  # folded: Vietnamese typed without diacritics


def _longest_first(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted({normalize(i) for i in items}, key=lambda s: (-len(s), s)))


def _longest_first_and_folded(items: list[str]) -> tuple[str, ...]:
    """As ``_longest_first``, with each item also as typed without diacritics ("Ngay dang")."""
    return _longest_first([v for i in items for v in _variants(normalize(i))])


def _keys(items: list[str], key: Callable[[str], str]) -> set[str]:
    """Each marker normalised and keyed as lines are compared, as written and folded."""
    return {v for x in items for v in _variants(key(normalize(x)))}


@cache
def chrome() -> ChromeLexicon:
    data = _load("chrome.yaml")
    end_lines = data["end_lines"] + data["box_lines"]  # a box's header at the foot ends the article
    return ChromeLexicon(
        end_lines=frozenset(_keys(end_lines, line_key)),
        end_prefixes=tuple(_keys(data["end_prefixes"], prefix_key)),
        end_suffixes=tuple(_keys(data["end_suffixes"], line_key)),
        drop_lines=frozenset(_keys(data["drop_lines"], line_key)),
        drop_blocks=frozenset(_keys(data["drop_blocks"], line_key)),
        box_lines=frozenset(_keys(data["box_lines"], line_key)),
        nav_words=frozenset(_keys(data["nav_words"], line_key)),
        byline_labels=tuple(sorted(_keys(data["byline_labels"], line_key), key=len, reverse=True)),
        caption_labels=_longest_first_and_folded(data["caption_labels"]),
        caption_prefixes=tuple(_keys(data["caption_prefixes"], prefix_key)),
        filed_from_words=frozenset(_keys(data["filed_from_words"], str.lower)),
        counter_words=_longest_first_and_folded(data["counter_words"]),
        relative_time_words=_longest_first_and_folded(data["relative_time_words"]),
        longest_marker=max(
            len(x) for k in ("end_lines", "box_lines", "drop_lines", "drop_blocks") for x in data[k]
        )
        + 20,
    )


@cache
def metadata() -> MetadataLexicon:
    data = _load("metadata.yaml")
    kind_words: dict[str, str] = {}
    kind_codes: dict[str, str] = {}
    for kind, spec in data["document_kinds"].items():
        for word in spec["words"]:
            for variant in _variants(normalize(word)):
                kind_words.setdefault(variant, kind)
        for code in spec["codes"]:
            kind_codes[fold(normalize(code)).upper()] = kind
    issuers = {
        variant: name
        for name, phrases in data["issuers"].items()
        for phrase in phrases
        for variant in _variants(normalize(phrase))
    }
    return MetadataLexicon(
        kind_words=kind_words,
        kind_codes=kind_codes,
        committee_codes=tuple(fold(normalize(code)).upper() for code in data["committee_codes"]),
        reported_kinds=frozenset(data["reported_kinds"]),
        never_reported_kinds=frozenset(data["never_reported_kinds"]),
        issue_verbs=_longest_first_and_folded(data["issue_verbs"]["en"] + data["issue_verbs"]["vi"]),
        citing_words=_longest_first_and_folded([w for words in data["citing_words"].values() for w in words]),
        source_words=_longest_first_and_folded([w for words in data["source_words"].values() for w in words]),
        issuers=issuers,
        published_labels=_longest_first_and_folded(data["stamp_labels"]["published"]),
        updated_labels=_longest_first_and_folded(data["stamp_labels"]["updated"]),
        stamp_icons=_longest_first_and_folded(data["stamp_labels"]["icons"]),
        weekdays=_longest_first_and_folded(data["weekdays"]["en"] + data["weekdays"]["vi"]),
        months_en=tuple(data["months_en"]),
        en_function_words=frozenset(w.lower() for w in data["function_words"]["en"]),
        en_never_last_words=frozenset(w.lower() for w in data["function_words"]["en_never_last"]),
        vi_plain_words=frozenset(fold(normalize(w)) for w in data["function_words"]["vi_plain"]),
    )
