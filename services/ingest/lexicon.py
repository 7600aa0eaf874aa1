"""Loads the ingest data files (chrome markers, metadata words) once, in matching form."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from shared.text import fold, normalize

# Trimmed from both ends of a line before it is compared with a marker.
LINE_TRIM = " \t:.-|>*•·»›()[]!?\"'/=_~"


def line_key(text: str) -> str:
    """A line as markers are compared: folded, trimmed, single-spaced."""
    return " ".join(fold(text).strip(LINE_TRIM).split())


def prefix_key(text: str) -> str:
    """A line's start as prefix markers are compared: folded, single-spaced, untrimmed."""
    return " ".join(fold(text).split())


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load(resources.files("services.ingest").joinpath("data", name).read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping")
    return data


@dataclass(frozen=True)
class ChromeLexicon:
    end_lines: frozenset[str]
    end_prefixes: tuple[str, ...]
    drop_lines: frozenset[str]
    drop_blocks: frozenset[str]
    nav_words: frozenset[str]
    byline_labels: tuple[str, ...]  # folded, longest first


@dataclass(frozen=True)
class MetadataLexicon:
    kind_words: dict[str, str]  # normalised word as written -> kind
    kind_codes: dict[str, str]  # folded upper-case code -> kind
    issue_verbs: tuple[str, ...]
    citing_words: tuple[str, ...]
    issuers: dict[str, str]  # phrase as written -> English name
    published_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]
    weekdays: tuple[str, ...]
    months_en: tuple[str, ...]


def _longest_first(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted({normalize(i) for i in items}, key=lambda s: (-len(s), s)))


@cache
def chrome() -> ChromeLexicon:
    data = _load("chrome.yaml")
    return ChromeLexicon(
        end_lines=frozenset(line_key(x) for x in data["end_lines"]),
        end_prefixes=tuple(prefix_key(x) for x in data["end_prefixes"]),
        drop_lines=frozenset(line_key(x) for x in data["drop_lines"]),
        drop_blocks=frozenset(line_key(x) for x in data["drop_blocks"]),
        nav_words=frozenset(line_key(x) for x in data["nav_words"]),
        byline_labels=tuple(sorted({line_key(x) for x in data["byline_labels"]}, key=len, reverse=True)),
    )


@cache
def metadata() -> MetadataLexicon:
    data = _load("metadata.yaml")
    kind_words: dict[str, str] = {}
    kind_codes: dict[str, str] = {}
    for kind, spec in data["document_kinds"].items():
        for word in spec["words"]:
            kind_words[normalize(word)] = kind
        for code in spec["codes"]:
            kind_codes[fold(normalize(code)).upper()] = kind
    issuers = {normalize(phrase): name for name, phrases in data["issuers"].items() for phrase in phrases}
    return MetadataLexicon(
        kind_words=kind_words,
        kind_codes=kind_codes,
        issue_verbs=_longest_first(data["issue_verbs"]["en"] + data["issue_verbs"]["vi"]),
        citing_words=_longest_first(data["citing_words"]["en"] + data["citing_words"]["vi"]),
        issuers=issuers,
        published_labels=_longest_first(data["stamp_labels"]["published"]),
        updated_labels=_longest_first(data["stamp_labels"]["updated"]),
        weekdays=_longest_first(data["weekdays"]["en"] + data["weekdays"]["vi"]),
        months_en=tuple(data["months_en"]),
    )
