"""The one error parsing raises: a machine-readable code plus a sentence for people."""

from __future__ import annotations


class IngestError(ValueError):
    """Input that cannot become an announcement.

    ``code`` is one of: ``empty``, ``no_article``, ``undecodable``,
    ``unsupported_media_type``, ``invalid_pdf``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
