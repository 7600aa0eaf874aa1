"""Maps offsets in a derived text (cleaned, rendered) back to the text it came from.

A map is a sorted run of pieces covering the derived text from 0 to its length.
A piece either copies the source verbatim (``linear``: same length, char i -> char i)
or stands for a source range as a whole (an HTML entity, a collapsed run of
whitespace, a paragraph break standing for the chrome dropped between two lines).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OffsetMap:
    """Offsets in the cleaned text -> offsets in ``source_text``."""

    # Parallel tuples, one entry per piece, sorted by derived start.
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    source_starts: tuple[int, ...] = ()
    source_ends: tuple[int, ...] = ()
    length: int = 0
    _linear: tuple[bool, ...] = field(default=(), repr=False)

    def _char(self, index: int) -> tuple[int, int]:
        """Source range of derived char ``index`` (0 <= index < length)."""
        k = bisect_right(self.starts, index) - 1
        if self._linear[k]:
            pos = self.source_starts[k] + index - self.starts[k]
            return pos, pos + 1
        return self.source_starts[k], self.source_ends[k]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source range covering derived ``[start, end)``; an empty span maps to a point."""
        if not 0 <= start <= end <= self.length:
            raise ValueError(f"span [{start}, {end}) is outside the text (length {self.length})")
        if not self.starts:
            return 0, 0
        if start == end:
            pos = self._char(start)[0] if start < self.length else self.source_ends[-1]
            return pos, pos
        return self._char(start)[0], self._char(end - 1)[1]

    def segments(self) -> list[tuple[int, int, int]]:
        """Verbatim pieces as ``(derived_start, source_start, length)``: derived == source there."""
        return [
            (s, ss, e - s)
            for s, e, ss, lin in zip(self.starts, self.ends, self.source_starts, self._linear, strict=True)
            if lin
        ]

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """``self`` maps A -> B and ``inner`` maps B -> C: the map A -> C."""
        builder = OffsetMapBuilder()
        for s, e, ss, se, lin in zip(
            self.starts, self.ends, self.source_starts, self.source_ends, self._linear, strict=True
        ):
            if not lin:
                builder.add(e - s, *inner.to_source(ss, se), linear=False)
                continue
            # Split the verbatim piece where inner's pieces change.
            pos = ss
            while pos < se:
                k = bisect_right(inner.starts, pos) - 1
                piece_end = min(se, inner.ends[k])
                if inner._linear[k]:
                    offset = inner.source_starts[k] + pos - inner.starts[k]
                    builder.add(piece_end - pos, offset, offset + piece_end - pos, linear=True)
                else:
                    builder.add(piece_end - pos, inner.source_starts[k], inner.source_ends[k], linear=False)
                pos = piece_end
        return builder.build()


class OffsetMapBuilder:
    """Appends pieces left to right; joins verbatim pieces that continue each other."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._src_starts: list[int] = []
        self._src_ends: list[int] = []
        self._linear: list[bool] = []
        self.length = 0

    def add(self, length: int, source_start: int, source_end: int, *, linear: bool) -> None:
        if length <= 0:
            return
        if linear and source_end - source_start != length:
            raise ValueError("a verbatim piece needs equal lengths")
        if (
            linear
            and self._linear
            and self._linear[-1]
            and self._src_ends[-1] == source_start
            and self._ends[-1] == self.length
        ):
            self._ends[-1] += length
            self._src_ends[-1] = source_end
        else:
            self._starts.append(self.length)
            self._ends.append(self.length + length)
            self._src_starts.append(source_start)
            self._src_ends.append(source_end)
            self._linear.append(linear)
        self.length += length

    def copy(self, source_start: int, source_end: int) -> None:
        self.add(source_end - source_start, source_start, source_end, linear=True)

    def build(self) -> OffsetMap:
        return OffsetMap(
            tuple(self._starts),
            tuple(self._ends),
            tuple(self._src_starts),
            tuple(self._src_ends),
            self.length,
            tuple(self._linear),
        )


def identity_map(length: int) -> OffsetMap:
    builder = OffsetMapBuilder()
    builder.copy(0, length)
    return builder.build()
