"""Whole-response cache and conditional GET for the public site.

Before anything else, the query string of a public GET or HEAD is made canonical
(``caching.parameters``): parameters the view does not read are dropped, repeated pairs kept
once, names sorted — the view sees that query, so an address with junk parameters is the same
page and the same cache entry as the clean one, and costs what a cache hit costs.

For an anonymous GET or HEAD outside the back-office, the response is cached under
(catalogue version, language, local date, scheme, host, canonical path): a new version — any change to a
project, its lines, an organism… — makes every old entry unreachable, so publication and
unpublication show at once, in every process sharing the cache (Redis with ``CACHE_URL``).
Responses carry an ``ETag`` and ``Last-Modified`` (the version's time), and a matching
``If-None-Match`` / ``If-Modified-Since`` gets a bodiless 304.

Editors (a session cookie) and anyone carrying a messages cookie bypass the cache: their pages
are computed afresh and marked private. Streamed responses (exports) are never stored; they get a
weak ETag derived from the key, checked before the view runs. A body larger than
``PAGE_CACHE_MAX_BYTES`` is served but not stored, so no single address fills the cache.
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from .parameters import canonical_query, view_parameters
from .version import request_version

BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Headers a 304 repeats from the page it stands for.
VALIDATORS = ("ETag", "Last-Modified", "Cache-Control")
# /alertes/: forms with a CSRF token and personal links (alerts/) are never cached.
EXCLUDED_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz", "/alertes/")


@lru_cache(maxsize=4096)
def _parameters_of_address(urlconf, language, path_info):
    """The parameters the view at ``path_info`` reads, or None for a 404.

    Resolving a path walks the URL patterns (≈ 200 µs, most of what a cache hit costs); an
    address resolves the same way until the URL configuration changes, so it is remembered per
    (URL configuration, language, path). Bounded: unknown addresses only push old ones out.
    """
    try:
        return view_parameters(resolve(path_info, urlconf).func)
    except Resolver404:
        return None


@receiver(setting_changed)
def _forget_addresses(**kwargs):
    if kwargs["setting"] == "ROOT_URLCONF":
        _parameters_of_address.cache_clear()


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def _excluded(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        path = request.path
        # Pages answering personal questions (the eligibility helper) are never stored.
        private = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ()))
        return path.startswith(self.admin_prefix) or path.startswith(EXCLUDED_PREFIXES + private)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or self._excluded(request):
            return self.get_response(request)
        self._canonicalise(request)
        if any(name in request.COOKIES for name in BYPASS_COOKIES):
            response = self.get_response(request)
            patch_vary_headers(response, ("Cookie",))
            patch_cache_control(response, private=True)
            return response
        with request_version() as version:
            return self._public(request, version)

    @staticmethod
    def _canonicalise(request):
        """Keep only the parameters the view reads, once each, sorted (caching/parameters.py)."""
        raw = request.META.get("QUERY_STRING", "")
        if not raw:
            return
        known = _parameters_of_address(
            getattr(request, "urlconf", None) or settings.ROOT_URLCONF, translation.get_language(), request.path_info
        )
        if known is None:
            return  # a 404, never cached
        canonical = canonical_query(raw, known)
        if canonical != raw:
            request.META["QUERY_STRING"] = canonical
            request.GET = QueryDict(canonical)

    def _public(self, request, version):
        key = ":".join(
            (
                "page",
                version.token,
                translation.get_language() or "",
                timezone.localdate().isoformat(),
                # The scheme and host appear in absolute URLs of the body (JSON-LD, exports, feed).
                hashlib.md5(
                    f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode(),
                    usedforsecurity=False,  # a cache key, not a secret
                ).hexdigest(),
            )
        )
        last_modified = int(version.changed_at.timestamp())
        stream_etag = f'W/"{hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()}"'
        if request.META.get("HTTP_IF_NONE_MATCH") == stream_etag:
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = stream_etag
            not_modified["Last-Modified"] = http_date(last_modified)
            return self._finish(not_modified)

        cache = page_cache()
        timeout = getattr(settings, "PAGE_CACHE_SECONDS", 3600)
        if timeout and "HTTP_IF_NONE_MATCH" in request.META:
            # A revalidation needs only the validators, kept beside the page: no page to read.
            validators = cache.get(f"{key}:validators")
            if validators:
                answer = get_conditional_response(request, etag=validators["ETag"], last_modified=last_modified)
                if answer is not None:
                    for name, value in validators.items():
                        answer[name] = value
                    return self._finish(answer)
        response = cache.get(key) if timeout else None
        if response is None:
            response = self.get_response(request)
            if response.status_code != 200 or response.cookies or "private" in response.get("Cache-Control", ""):
                return self._finish(response)
            if response.streaming:
                response["ETag"] = stream_etag
            else:
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                if not response.has_header("ETag"):
                    set_response_etag(response)
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(last_modified)
            if not response.has_header("Cache-Control"):
                # Browsers and proxies may keep a copy but ask again each time (a 304 when unchanged).
                patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            max_bytes = getattr(settings, "PAGE_CACHE_MAX_BYTES", 1024 * 1024)
            if timeout and not response.streaming and len(response.content) <= max_bytes:
                validators = {name: response[name] for name in VALIDATORS if response.has_header(name)}
                cache.set_many({key: response, f"{key}:validators": validators}, timeout)
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        return self._finish(conditional)

    @staticmethod
    def _finish(response):
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
