"""Where text can hide in a JPEG, PNG or WebP file: the parts a markup check must read.

Pixel data (JPEG entropy-coded scans, PNG ``IDAT``, WebP ``VP8``/``VP8L``/``ALPH``) is
compressed noise: any short byte pattern turns up in it by chance (``<a`` followed by a
space is in about half of all 1 MB photos), and a decoder reads it as pixels, never as
text. So it is skipped, and only these are returned:

- JPEG: the APPn (EXIF, XMP, ICC, MPF…) and COM segments, wherever they are (before the
  first scan or between scans), and everything after the end-of-image marker;
- PNG: text chunks (``tEXt``; ``zTXt`` and compressed ``iTXt`` decompressed, within a
  budget), ``eXIf``, ``iCCP`` and any chunk this module does not know, and everything after
  ``IEND``;
- WebP: every chunk other than the image data (``EXIF``, ``XMP``, ``ICCP``, unknown ones),
  and everything after the size the RIFF header declares.

JPEG streams embedded in those parts (EXIF thumbnails, Photoshop previews, the second
image of an MPF file or an Ultra HDR gain map after the end marker) are walked the same
way, so their own pixel data is skipped too. A structure that cannot be walked (a length
past the end of the file, a missing marker) makes everything from that point a hiding
place; a file that is none of the three formats is a hiding place as a whole.
"""

from __future__ import annotations

import re
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8\xff"

# JPEG markers without a length: TEM, RST0–RST7 (SOI and EOI are handled apart).
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
# The next marker after entropy-coded data: 0xFF then anything but a stuffed zero, a
# restart marker or a fill byte.
_JPEG_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_JPEG_SOS, _JPEG_EOI, _JPEG_COM = 0xDA, 0xD9, 0xFE
_MAX_DEPTH = 3  # JPEG inside JPEG inside JPEG: deeper nesting is scanned as it is
# Segments and chunks walked per file (a real photo has tens, a large PNG a few thousand);
# past it, the rest of the file is scanned as it is: a crafted file costs no more than that.
_MAX_STEPS = 100_000

# PNG chunks that hold pixels or a few binary numbers: nothing to read as text (sPLT has a
# name, so it is read).
_PNG_BINARY = frozenset(
    b"IHDR PLTE IDAT IEND tRNS cHRM gAMA sBIT sRGB cICP mDCV cLLI mDCv cLLi bKGD hIST pHYs tIME acTL fcTL fdAT".split()
)
# Decompressed text read from zTXt/iTXt/iCCP: per chunk (Pillow's own MAX_TEXT_CHUNK) and
# per file. Past the file budget, compressed chunks are read as they are (no real photo
# carries megabytes of compressed text, and Pillow refuses such files anyway).
_PNG_TEXT_CHUNK_LIMIT = 1024 * 1024
_PNG_TEXT_FILE_LIMIT = 8 * 1024 * 1024

_WEBP_PIXELS = frozenset({b"VP8 ", b"VP8L", b"ALPH", b"ANMF", b"VP8X", b"ANIM"})


def hiding_places(data: bytes) -> list[bytes | memoryview]:
    """The parts of ``data`` (bytes) that can hold text, as a list of bytes-like objects."""
    walk = _Walk(bytes(data))
    data = walk.data
    if data.startswith(JPEG_START):
        walk.metadata(walk.jpeg(0, len(data), 0), len(data), 0)
    elif data.startswith(PNG_SIGNATURE):
        walk.png()
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        walk.webp()
    else:
        walk.keep(0, len(data))
    return walk.places


class _Walk:
    """One file's walk: its bytes, the places found so far, and the steps left."""

    def __init__(self, data: bytes) -> None:
        self.data, self.view, self.steps = data, memoryview(data), _MAX_STEPS
        self.places: list[bytes | memoryview] = []

    def keep(self, start: int, stop: int) -> None:
        if start < stop:
            self.places.append(self.view[start:stop])

    def tired(self) -> bool:
        """Count one segment or chunk: True past the budget (the caller keeps the rest as it is)."""
        self.steps -= 1
        return self.steps < 0

    def metadata(self, start: int, stop: int, depth: int) -> None:
        """A metadata payload: read as text, except the JPEG streams embedded in it."""
        data, position = self.data, start
        while position < stop:
            found = data.find(JPEG_START, position, stop) if depth < _MAX_DEPTH else -1
            if found < 0 or self.tired():
                self.keep(position, stop)
                return
            self.keep(position, found)
            position = max(self.jpeg(found, stop, depth + 1), found + 2)

    def jpeg(self, start: int, stop: int, depth: int) -> int:
        """Walk the JPEG stream starting at ``start`` (its SOI); return the offset just after its EOI."""
        data, position = self.data, start + 2
        while True:
            if position >= stop:
                return stop  # truncated: the decoder will say so
            if data[position] != 0xFF or self.tired():
                self.keep(position, stop)  # not a marker where one must be, or too many segments
                return stop
            while position < stop and data[position] == 0xFF:  # fill bytes before a marker
                position += 1
            if position >= stop:
                return stop
            code = data[position]
            position += 1
            if code == _JPEG_EOI:
                return position
            if code in _JPEG_STANDALONE:
                continue
            length = int.from_bytes(data[position : position + 2], "big")
            if length < 2 or position + length > stop:
                self.keep(position - 2, stop)
                return stop
            if 0xE0 <= code <= 0xEF or code == _JPEG_COM:
                self.metadata(position + 2, position + length, depth)
            position += length
            if code == _JPEG_SOS:  # entropy-coded data, up to the next real marker
                marker = _JPEG_NEXT_MARKER.search(data, position, stop)
                if marker is None:
                    return stop
                position = marker.start()

    def png(self) -> None:
        data, position, stop = self.data, len(PNG_SIGNATURE), len(self.data)
        budget = _PNG_TEXT_FILE_LIMIT
        while position + 12 <= stop and not self.tired():
            length = int.from_bytes(data[position : position + 4], "big")
            kind = data[position + 4 : position + 8]
            body, end = position + 8, position + 12 + length
            if end > stop:
                self.keep(position, stop)
                return
            if kind in (b"zTXt", b"iCCP"):  # keyword, NUL, method, zlib data
                nul = data.find(b"\x00", body, body + length)
                self.keep(body, nul if nul >= 0 else body + length)
                if nul >= 0:
                    budget -= self.inflate(nul + 2, body + length, budget)
            elif kind == b"iTXt":
                budget -= self.itxt(body, body + length, budget)
            elif kind not in _PNG_BINARY:  # tEXt, eXIf and every chunk not known here
                self.metadata(body, body + length, 0)
            position = end
            if kind == b"IEND":
                break
        self.keep(position, stop)  # after IEND, or a chunk cut short

    def itxt(self, start: int, stop: int, budget: int) -> int:
        """keyword NUL flag method language NUL translated keyword NUL text (inflated if flag is 1)."""
        data = self.data
        nul = data.find(b"\x00", start, stop)
        language_end = data.find(b"\x00", nul + 3, stop) if nul >= 0 else -1
        text = data.find(b"\x00", language_end + 1, stop) + 1 if language_end >= 0 else 0
        if not text:
            self.keep(start, stop)
            return 0
        self.keep(start, text)
        if data[nul + 1] == 1:
            return self.inflate(text, stop, budget)
        self.keep(text, stop)
        return 0

    def inflate(self, start: int, stop: int, budget: int) -> int:
        """Keep the inflated text (within the limits), or the raw bytes; return what was inflated."""
        limit = min(_PNG_TEXT_CHUNK_LIMIT, budget)
        try:
            text = zlib.decompressobj().decompress(self.data[start:stop], limit) if limit > 0 else None
        except zlib.error:
            text = None
        if text is None:
            self.keep(start, stop)  # unreadable or over budget: read as it is
            return 0
        self.places.append(text)
        return len(text)

    def webp(self) -> None:
        data, stop = self.data, len(self.data)
        riff_end = 8 + int.from_bytes(data[4:8], "little")
        if riff_end < 12:
            self.keep(0, stop)
            return
        chunks_end = min(riff_end, stop)
        position = 12
        while position + 8 <= chunks_end and not self.tired():
            kind = data[position : position + 4]
            size = int.from_bytes(data[position + 4 : position + 8], "little")
            body = position + 8
            if body + size > chunks_end:
                self.keep(position, stop)
                return
            if kind not in _WEBP_PIXELS:  # EXIF, XMP, ICCP and every chunk not known here
                self.metadata(body, body + size, 0)
            position = body + size + (size & 1)
        self.keep(position, chunks_end)
        self.keep(riff_end, stop)  # after the size the RIFF header declares
