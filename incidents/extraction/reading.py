"""Turn an uploaded article file (bytes: text or HTML, any usual Arabic encoding) into plain text."""

from __future__ import annotations

import codecs
import html
import re
from html.parser import HTMLParser

from .textnorm import ARABIC_LETTER

DEFAULT_MAX_BYTES = 2 * 1024 * 1024

_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/ODF document)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
)


class ArticleRejected(ValueError):
    """An article file that cannot be read as Arabic text; ``reason`` is a short code, the message says why."""

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def decode_article(data: bytes, filename: str = "", *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode an article file to text (UTF-8/UTF-16 with BOM, else UTF-8, else cp1256; HTML converted to text)."""
    if len(data) > max_bytes:
        raise ArticleRejected(
            f"The file is {len(data):,} bytes, over the {max_bytes:,}-byte limit for one article.", "too_large"
        )
    if not data.strip():
        raise ArticleRejected("The file is empty.", "empty")
    text = _decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_like_html(text, filename):
        text = html_to_text(text)
    _check_is_text(text)
    if not text.strip():
        raise ArticleRejected("The file has no text.", "empty")
    if not ARABIC_LETTER.search(text):
        raise ArticleRejected("The file has no Arabic text; only Arabic articles can be read.", "no_arabic")
    return text


def _decode_bytes(data: bytes) -> str:
    """The text of some bytes: a BOM decides, else UTF-8, else BOM-less UTF-16, else Windows-1256."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as error:
                raise ArticleRejected(
                    f"The file starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                    f"(bad bytes at offset {error.start}).",
                    "undecodable",
                ) from error
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ArticleRejected(f"The file is {kind}, not a text or HTML article.", "binary")
    if b"\x00" in data:
        utf16 = _try_bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise ArticleRejected("The file is binary (it contains NUL bytes), not a text or HTML article.", "binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a stray bad byte stays UTF-8 (the byte becomes U+FFFD): read as cp1256 it would be mojibake.
    # Windows-1256 Arabic rarely forms valid UTF-8 sequences, so there nearly every high byte is an error.
    damaged = data.decode("utf-8", errors="replace")
    bad = damaged.count("\ufffd")
    if bad * 20 <= sum(1 for char in damaged if ord(char) > 0x7F and char != "\ufffd"):
        return damaged
    try:
        return data.decode("cp1256")
    except UnicodeDecodeError as error:
        raise ArticleRejected(
            f"The file is neither UTF-8 nor Windows-1256 (undecodable bytes at offset {error.start}).",
            "undecodable",
        ) from error


def _try_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text without a BOM (NULs on one side of each byte pair), or None."""
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    encoding = "utf-16-le" if odd_nuls > even_nuls * 4 else "utf-16-be" if even_nuls > odd_nuls * 4 else ""
    if not encoding:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if ARABIC_LETTER.search(text) and _control_ratio(text) < 0.02 else None


def _control_ratio(text: str) -> float:
    """Share of control characters other than whitespace: high in binary data decoded by mistake."""
    if not text:
        return 0.0
    controls = sum(1 for char in text if (ord(char) < 32 and char not in "\t\n\f\v") or 0x7F <= ord(char) < 0xA0)
    return controls / len(text)


def _check_is_text(text: str) -> None:
    """Reject decoded text that is mostly control characters or replacement marks."""
    if "\x00" in text or _control_ratio(text) > 0.05:
        raise ArticleRejected("The file is binary (mostly control characters), not a text article.", "binary")
    if text and text.count("\ufffd") / len(text) > 0.05:
        raise ArticleRejected("The file's text is garbled (many undecodable characters).", "undecodable")


_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<(?:p|div|article)[\s>]", re.IGNORECASE)


def _looks_like_html(text: str, filename: str) -> bool:
    """True for .html/.htm/.xhtml files and for text whose start is HTML markup."""
    if filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:4096].lstrip("\ufeff \n\t")
    return head.startswith("<") and bool(_HTML_SNIFF.search(head))


_SKIPPED_TAGS = {"script", "style", "nav", "footer", "aside", "noscript", "template", "svg", "form", "figcaption",
                 "iframe", "button", "select", "head"}
_BLOCK_TAGS = {"p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "section",
               "article", "header", "main", "blockquote", "pre", "figure", "dd", "dt", "dl", "td", "th", "title"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _TextCollector(HTMLParser):
    """Collects the visible text of an HTML page, one line per block, skipping page furniture."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.has_h1 = False
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a tag: start skipping furniture, break lines at blocks."""
        if tag == "title":
            self._in_title = True
            return
        if tag in _SKIPPED_TAGS and tag not in _VOID_TAGS:
            self._skip_depth += 1
            return
        if tag == "h1":
            self.has_h1 = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closing tag: only a line break matters."""
        if tag in _BLOCK_TAGS and not self._skip_depth:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Close a tag: stop skipping, break lines at blocks."""
        if tag == "title":
            self._in_title = False
            return
        if tag in _SKIPPED_TAGS and tag not in _VOID_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Visible text (the page title is kept apart)."""
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: furniture dropped, one line per block, entities unescaped."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    raw = "".join(collector.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", html.unescape(line)).strip() for line in raw.split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = re.sub(r"\s+", " ", "".join(collector.title_parts)).strip()
    if title and not collector.has_h1 and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return body + "\n" if body else ""
