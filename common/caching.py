"""Whole-page caching of the public pages, correct as soon as what they show changes.

A page is kept per address, per value of the query parameters it reads (no others: a junk query
string gets the same copy, so it cannot fill memory) and per language, in two places:

- the shared cache (Redis in production), so one rendering serves every web process;
- a small per-process copy in front of it (a bounded LRU), so a hit is a dictionary lookup. A
  cache_page hit costs two round trips to Redis and unpickling the page, which at the load test's
  rates was two thirds of the request.
- and once a process has served a page, the whole response (its headers as the middleware made
  them) kept by ``PublicPageMiddleware``, which serves the next anonymous request for it before
  the session, language, CSRF, authentication and CSP middleware run (``/healthz`` runs them all:
  the load test found the sixty URL patterns and ten middleware ahead of a copy to be most of it).

Each page names the tags of what it shows (``projects``, ``stations``). A change to a model under a
tag (through a service or the admin) bumps the tag's generation in the shared cache and announces
the tag on a Redis channel; pages are keyed on their tags' generations, so the next request renders
afresh, in every process at once. Each web process subscribes to the channel and, before it serves
a copy, reads the announcements already waiting on its socket (a non-blocking read, no round trip):
Redis writes an announcement to every subscriber before it answers the PUBLISH, so by the time the
writer's response reaches anyone, every process has the announcement to read. A process re-reads a
tag's generation only after an announcement, or on every request while it has no subscription
(Redis just came back, or a memory cache in development, which is one process anyway).

Two cases keep this true when Redis fails. While the shared cache is down, no page is served from
or kept in a cache (each process would only learn of its own changes): pages render fresh. And
when Redis comes back from an older snapshot, or empty, the generations it holds have gone back in
time, so a process could match a copy it kept from before a change: a generation lower than the
one a process last saw is a reset, and that tag is bumped anew for every process.

Only anonymous GETs are cached: the pages hold no CSRF token and no personal data and set no cookie.
Signed-in people always get the page fresh, with their own menu and bell.
"""

import logging
import os
import select
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation

from common.cache import DOWN

logger = logging.getLogger(__name__)

TIMEOUT = 10 * 60  # seconds a rendered page lives in the shared cache (generations make it fresh)
LOCAL_PAGES = 256  # per-process copies kept
CHANNEL = "pagegen"  # where a bumped tag is announced to every process
SUBSCRIBE_TIMEOUT = 0.5  # seconds to wait for Redis to confirm the subscription

_lock = threading.Lock()
_pages: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
_generations: dict[str, int] = {}  # the generation of each tag this process last read
_announced: set[str] = set()  # tags announced since: read their generation again


def _generation_key(tag: str) -> str:
    return f"pagegen:{tag}"


class _Announcements:
    """This process's subscription to CHANNEL (one per process: made again after a fork)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = None
        self.pubsub = None
        # A poll on the subscription's socket: nothing to read (the common case) costs one
        # syscall, where redis-py's get_message costs about 80 µs (a third of a cached page).
        self.poller = None

    def read(self) -> bool:
        """Take in the announcements waiting; False when this process has no subscription, so
        every generation must be read afresh."""
        redis = getattr(cache, "redis", None)
        if redis is None or not shared_cache_up():
            return False
        with self.lock:
            if self.pid != os.getpid():
                self.pid, self.pubsub, self.poller = os.getpid(), None, None
            try:
                if self.pubsub is None:
                    self.subscribe(redis())
                if self.pubsub is None:
                    return False
                if self.poller is not None and not self.poller.poll(0):
                    return True  # nothing announced since the last read
                while message := self.pubsub.get_message(timeout=0.0):
                    if message["type"] == "message":
                        _announced.add(message["data"].decode())
                self.watch_socket()
            except DOWN as error:
                logger.warning("The page announcements were lost (%s); reading generations afresh.", error)
                self.pubsub, self.poller = None, None
                return False
            return True

    def watch_socket(self) -> None:
        """Poll the subscription's socket from now on (read again after every drain: redis-py may
        have connected anew). Without a socket to poll, every read asks redis-py."""
        sock = getattr(self.pubsub.connection, "_sock", None)
        if sock is None:
            self.poller = None
            return
        self.poller = select.poll()
        self.poller.register(sock.fileno(), select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP)

    def close(self) -> None:
        with self.lock:
            if self.pubsub is not None:
                self.pubsub.close()
            self.pubsub, self.poller = None, None

    def subscribe(self, redis) -> None:
        pubsub = redis.pubsub()
        pubsub.subscribe(CHANNEL)
        deadline = time.monotonic() + SUBSCRIBE_TIMEOUT
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=deadline - time.monotonic())
            if message and message["type"] == "subscribe":
                # Anything announced before now was missed: every tag is read again once.
                _announced.update(_generations)
                self.pubsub = pubsub
                return
        pubsub.close()


_announcements = _Announcements()


def generations(tags: tuple[str, ...]) -> str:
    """The current generation of each tag, as one string for the page key."""
    subscribed = _announcements.read()
    missing = [t for t in tags if not subscribed or t in _announced or t not in _generations]
    if missing:
        found = cache.get_many([_generation_key(t) for t in missing])
        for tag in missing:
            value = int(found.get(_generation_key(tag)) or 0)
            _announced.discard(tag)
            if tag in _generations and value < _generations[tag]:
                _bump([tag])  # gone back in time: Redis was restored or emptied
            else:
                _generations[tag] = value
    return ".".join(str(_generations[t]) for t in tags)


def shared_cache_up() -> bool:
    """False while the shared cache is unreachable (see ``common.cache``); a local cache is always up."""
    return getattr(cache, "available", lambda: True)()


def invalidate(*tags: str) -> None:
    """What pages under ``tags`` show has changed: their next request renders afresh.

    Done at once and again when the transaction commits: a page rendered meanwhile by another
    request, from the data before the commit, must not stay cached as the new one."""
    _bump(tags)
    transaction.on_commit(lambda: _bump(tags))


def _bump(tags) -> None:
    redis = getattr(cache, "redis", None)
    for tag in tags:
        value = time.time_ns()  # unique enough, and never goes back after a Redis restart
        cache.set(_generation_key(tag), value, None)
        _generations[tag] = value
        if redis is not None:  # even when the SET seemed to fail: it may have reached Redis late
            try:
                redis().publish(CHANNEL, tag)
            except DOWN as error:  # the others then learn it when their subscription breaks too
                logger.warning("A page change could not be announced (%s).", error)


def invalidate_on_change(tag: str, *models) -> None:
    """Drop the pages under ``tag`` whenever one of ``models`` is saved or deleted (from any door)."""

    def receiver(sender, **kwargs):
        invalidate(tag)

    for model in models:
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"pages:{tag}:{model._meta.label}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"pages:{tag}:{model._meta.label}:del")


def _normal(value: str) -> str:
    """A parameter as the page reads it: 1, 01, " 1" and +1 are one page, so they are one copy."""
    try:
        return str(int(value))
    except ValueError:
        return value


def _key(request, params: tuple[str, ...], tags: tuple[str, ...], language: str) -> str:
    query = "&".join(f"{p}={_normal(request.GET.get(p, ''))}" for p in params)
    # The date too: a page shows "the next Wednesdays" and "this year" as of today.
    day = timezone.localdate().isoformat()
    return f"page:{language}:{day}:{generations(tags)}:{request.path}?{query}"


def public_page(*, params: tuple[str, ...] = (), tags: tuple[str, ...] = ()):
    """Serve a public page to anonymous visitors from the cache (see the module's docstring)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated or request.method != "GET" or not settings.PUBLIC_PAGE_CACHE:
                return view(request, *args, **kwargs)
            if not shared_cache_up():
                return view(request, *args, **kwargs)
            key = _key(request, params, tags, translation.get_language())
            with _lock:
                hit = _pages.get(key)
                if hit:
                    _pages.move_to_end(key)
            if hit is None:
                hit = cache.get(key)
                if hit is None:
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render"):
                        response.render()
                    if response.status_code != 200 or response.cookies:
                        return response
                    hit = (response.content, response["Content-Type"])
                    cache.set(key, hit, TIMEOUT)
                _remember(key, hit)
            _learn(request.path, (params, tags))
            response = HttpResponse(hit[0], content_type=hit[1])
            response.public_page_key = key  # for PublicPageMiddleware: this response may be kept whole
            return response

        return wrapper

    return decorator


# --- the whole response, before the middleware --------------------------------------------------

_recipes: OrderedDict[str, tuple] = OrderedDict()  # path -> (params, tags) of its public page
_responses: OrderedDict[str, tuple[bytes, list]] = OrderedDict()  # page key -> (body, headers)
RECIPES = 4096  # paths remembered (one per project or station page)


def _learn(path: str, recipe: tuple) -> None:
    with _lock:
        _recipes[path] = recipe
        _recipes.move_to_end(path)
        while len(_recipes) > RECIPES:
            _recipes.popitem(last=False)


class PublicPageMiddleware:
    """A public page's copy served whole before the session, language, CSRF, authentication,
    messages and CSP middleware run: an anonymous visitor's request for a page already kept costs
    a dictionary lookup and the check for announcements, as "correct at once" needs.

    Listed right after WhiteNoise. The response is kept as the middleware below made it (its CSP
    and other headers included), per page key (``public_page``'s: the language, the day, the tags'
    generations, the path and the parameters the page reads), so a change announced for a tag makes
    a new key here as in the view. Only requests with no cookie but the language cookie take this
    way: a session (a signed-in person, messages to show) always goes through the whole stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        if key is not None:
            with _lock:
                kept = _responses.get(key)
                if kept is not None:
                    _responses.move_to_end(key)
            if kept is not None:
                response = HttpResponse(kept[0])
                for header, value in kept[1]:
                    response.headers[header] = value
                return response
        response = self.get_response(request)
        key = getattr(response, "public_page_key", None)
        if key is not None and response.status_code == 200 and not response.cookies and self.anonymous(request):
            with _lock:
                _responses[key] = (response.content, list(response.headers.items()))
                _responses.move_to_end(key)
                while len(_responses) > LOCAL_PAGES:
                    _responses.popitem(last=False)
        return response

    @staticmethod
    def anonymous(request) -> bool:
        return not (request.COOKIES.keys() - {settings.LANGUAGE_COOKIE_NAME})

    def key(self, request) -> str | None:
        if request.method != "GET" or not settings.PUBLIC_PAGE_CACHE or not self.anonymous(request):
            return None
        with _lock:
            recipe = _recipes.get(request.path)
        if recipe is None or not shared_cache_up():
            return None
        request.get_host()  # as CommonMiddleware would: a Host not in ALLOWED_HOSTS is refused (400)
        from .middleware import chosen_language  # the language ChineseFirstLocaleMiddleware will choose

        return _key(request, *recipe, chosen_language(request))


def _remember(key: str, page: tuple[bytes, str]) -> None:
    with _lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > LOCAL_PAGES:
            _pages.popitem(last=False)


def clear() -> None:
    """Forget every copy (tests)."""
    with _lock:
        _pages.clear()
        _responses.clear()
        _recipes.clear()
    _generations.clear()
    _announced.clear()
    _announcements.close()
    cache.clear()
