"""Streaming text responses: a buffer that collects written text until it is worth sending, and a
generator wrapper that keeps a language active while the body is produced."""

from collections.abc import Iterable, Iterator

from django.utils import translation

# Text is sent in pieces of at least this many characters (fewer, larger writes).
FLUSH_AT = 64 * 1024


class TextBuffer:
    """Collects written text until it is worth sending (``csv.writer`` writes into it)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def drain(self) -> str:
        text = "".join(self.parts)
        self.parts, self.size = [], 0
        return text


INTERRUPTED_LINE = "#### EXPORT INTERROMPU : erreur du serveur, fichier incomplet ####"


def in_language(language: str, chunks: Iterable[str]) -> Iterator[str]:
    """Stream ``chunks`` with ``language`` active (the body is produced after the view returned).

    If the body cannot be finished (the database connection is lost midway…), a last line says
    so and the error is raised again: the server then cuts the connection without ending the
    transfer cleanly, and nobody takes a truncated export for a complete one.
    """
    with translation.override(language):
        try:
            yield from chunks
        except Exception:
            yield "\r\n" + INTERRUPTED_LINE + "\r\n"
            raise
