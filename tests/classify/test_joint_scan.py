"""The classifier's shared scan must find exactly what each tagger's own matcher finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.classify.classifier import Classifier, _is_normalized
from services.classify.matching import Hit, JointMatcher, PhraseMatcher, word_outline
from shared.text import fold, is_normalized, normalize

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


def _texts() -> list[str]:
    return [normalize(path.read_text(encoding="utf-8")) for path in CORPUS]


def test_shared_scan_equals_each_taggers_matcher(classifier: Classifier) -> None:
    sector_matcher = classifier.sectors.lexicon.matcher
    for text in _texts():
        folded = fold(text)
        sector_hits, place_hits = classifier.matcher.scan(text, folded)
        assert sector_hits == sector_matcher.scan(text, folded)
        assert place_hits == list(classifier.localities.matcher.hits(text, folded))
        assert place_hits  # every corpus text names Hanoi at least


def test_keys_with_one_outline_stay_apart() -> None:
    """ "e-government" and "e government" share an outline; each matches only itself,
    and punctuation or letters around a key are boundaries as PhraseMatcher has them."""
    first = [("e-government", "dash"), ("e government", "space"), ("./.", "end"), ("an", "an")]
    joint: JointMatcher[str, str, Hit[str], Hit[str]] = JointMatcher(first, [("Hà Nội", "hn")], Hit, Hit)
    plain: PhraseMatcher[str] = PhraseMatcher(first)
    text = normalize("e-government, e government; quan an ninh ./.\nHà Nội, Ha Noi, Hà Nọi, xHà Nội")
    sector_hits, place_hits = joint.scan(text, fold(text))
    assert sector_hits == list(plain.hits(text))
    assert [h.payload for h in sector_hits] == ["dash", "space", "an", "end"]
    assert [text[h.start : h.end] for h in place_hits] == ["Hà Nội", "Ha Noi"]


def test_word_outline_keeps_length_and_word_characters() -> None:
    folded = fold(normalize("Đà Nẵng, 2025 – e-gov…\u3001x_y"))
    outline = word_outline(folded)
    assert len(outline) == len(folded)
    assert outline == "da nang  2025   e gov  x y"


@pytest.mark.parametrize(
    "text",
    [
        "plain text\n",
        "a\rb",
        "tab\there",
        "feed\fhere",
        "vt\vhere",
        "",
        "Hà Nội\n",
        "hoà bình",
        "quý",
        "x\u00a0y",
    ],
)
def test_is_normalized_shortcut_agrees_with_shared(text: str) -> None:
    assert _is_normalized(text) == is_normalized(text)


def test_is_normalized_shortcut_agrees_on_corpus() -> None:
    for path in CORPUS:
        raw = path.read_text(encoding="utf-8")
        assert _is_normalized(raw) == is_normalized(raw)
        assert _is_normalized(normalize(raw))


def test_classify_same_with_and_without_shared_scan(classifier: Classifier) -> None:
    """A text that is not normalised takes the taggers' own paths; once normalised it
    takes the shared scan: the same words must give the same tags."""
    for text in _texts()[:8]:
        crlf = text.replace("\n", "\r\n")
        assert not _is_normalized(crlf)
        fast = classifier.classify(text)
        slow = classifier.classify(crlf)
        assert [t.id for t in fast.sectors] == [t.id for t in slow.sectors]
        assert [(t.slug, t.role) for t in fast.localities] == [(t.slug, t.role) for t in slow.localities]
