"""Pure-Python extraction of incidents from Arabic news text (no Django): reading, cleaning, dates, events, places."""

from .cleaning import ArticleMetadata, clean_text, read_metadata
from .extract import ExtractedIncident, extract_incidents
from .reading import ArticleRejected, decode_article

__all__ = [
    "ArticleMetadata",
    "ArticleRejected",
    "ExtractedIncident",
    "clean_text",
    "decode_article",
    "extract_incidents",
    "read_metadata",
]
