"""Optional online fallback geocoder: a Nominatim server through geopy, rate-limited and cached. Off by default."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from urllib.parse import urlsplit

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from gazetteer.arabic import normalize_for_matching
from gazetteer.resolver import Resolution

logger = logging.getLogger(__name__)

# An online hit is a name match by a service that knows nothing of the article: never as sure as the gazetteer.
MAX_ONLINE_CONFIDENCE = 0.6
_MISS = object()


class OnlineGeocoder:
    """Geocode a place name with a Nominatim server; every failure is logged and returns None."""

    def __init__(
        self,
        url: str = "https://nominatim.openstreetmap.org",
        user_agent: str = "hawran-incident-map",
        min_delay_seconds: float = 1.0,
        *,
        timeout: float = 10.0,
        cache_size: int = 2048,
        language: str = "ar",
        viewbox: tuple[tuple[float, float], tuple[float, float]] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> None:
        """Point at a Nominatim base URL (scheme://host[:port][/path]); min_delay_seconds spaces the requests."""
        parts = urlsplit(url if "://" in url else f"https://{url}")
        if not parts.netloc:
            raise ValueError(f"not a geocoder URL: {url!r}")
        self.url = url
        self.language = language
        self.viewbox = viewbox
        options = {"proxies": proxies} if proxies is not None else {}  # None: geopy's default (system proxies)
        self._nominatim = Nominatim(
            domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme, user_agent=user_agent,
            timeout=timeout, **options,
        )
        # Public Nominatim allows one request a second; failures are handled here, not retried in a loop.
        self._geocode = RateLimiter(
            self._nominatim.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
        )
        self._cache: OrderedDict[tuple[str, str], Resolution | None] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.requests_made = 0

    def geocode(self, name: str, country_codes: str = "sy") -> Resolution | None:
        """A Resolution (method 'online', precision 2, confidence <= 0.6) for a name, or None when none or on error."""
        key = (normalize_for_matching(name), country_codes)
        if not key[0]:
            return None
        with self._lock:
            cached = self._cache.get(key, _MISS)
            if cached is not _MISS:
                self._cache.move_to_end(key)
                return cached  # type: ignore[return-value]
        try:
            self.requests_made += 1
            location = self._geocode(
                name.strip(), exactly_one=True, country_codes=country_codes or None, language=self.language,
                viewbox=self.viewbox, bounded=False,
            )
        except (GeopyError, OSError, ValueError) as exc:
            # Transient failures are not cached: the next call may find the server back.
            logger.warning("online geocoder %s failed for %r: %s", self.url, name, exc)
            return None
        resolution = None if location is None else self._resolution(location)
        with self._lock:
            self._cache[key] = resolution
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return resolution

    @staticmethod
    def _resolution(location) -> Resolution:
        raw = location.raw if isinstance(location.raw, dict) else {}
        try:
            importance = float(raw.get("importance", 0.0))
        except (TypeError, ValueError):
            importance = 0.0
        confidence = round(min(MAX_ONLINE_CONFIDENCE, 0.4 + 0.2 * max(0.0, min(1.0, importance))), 3)
        note = str(raw.get("display_name") or location.address or "")[:200]
        return Resolution(None, float(location.latitude), float(location.longitude), 2, confidence, "online", note)
