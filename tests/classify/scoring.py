"""The locality checks of /work/shared/tools/score.py, for tests that hold tags to labels."""

from __future__ import annotations

from typing import Any


def _names(locality: dict[str, Any]) -> set[str]:
    """The slugs a tagged locality answers to: its own, and its successor's after a merger."""
    successor = locality.get("successor")
    names = {locality["slug"], successor["slug"] if isinstance(successor, dict) else successor}
    return {n for n in names if isinstance(n, str)}


def locality_failures(localities: list[dict[str, Any]], labels: dict[str, list[str]]) -> list[str]:
    """What fails among: each partner found as a partner, the host tagged, no absent place
    tagged, no partner the labels do not allow. ``localities`` as in the classified event."""
    slugs = set().union(*(_names(loc) for loc in localities))
    partners = [loc for loc in localities if loc["role"] == "partner"]
    partner_slugs = set().union(*(_names(loc) for loc in partners))
    allowed = set(labels["partners"]) | set(labels["optional"]) | set(labels["host"])
    failures = [f"partner {p} not found" for p in labels["partners"] if p not in partner_slugs]
    failures += [f"host {h} not tagged" for h in labels["host"] if h not in slugs]
    failures += [f"{x} tagged from chrome" for x in labels["absent"] if x in slugs]
    failures += [f"extra partner {loc['slug']}" for loc in partners if not _names(loc) & allowed]
    return failures
