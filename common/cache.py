"""The shared cache (Redis), kept working when Redis is not.

The public opinion form's rate limit, the cached public pages and the admin's import all use the
cache; with Django's RedisCache an unreachable Redis makes each of them answer 500. This backend
falls back to a per-process memory cache while Redis is down — the rate limit then counts per web
process instead of across them, which is weaker but never open — and tries Redis again after a
short pause, so a dead Redis costs one short connection timeout per pause, not one per request.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
RETRY_AFTER = 10.0  # seconds between attempts to reach Redis again once it failed


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # Fail fast: a web request must not hang on a Redis that does not answer.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._fallback = LocMemCache(f"fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 5000}})
        self._down_until = 0.0

    def redis(self):
        """The Redis client itself, for what the cache API has not: publishing and subscribing."""
        return self._cache.get_client(write=True)

    def available(self) -> bool:
        """Whether Redis answered last time (or the pause after a failure is over)."""
        return time.monotonic() >= self._down_until

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except DOWN as error:
                if not self._down_until:
                    logger.warning("Redis cannot be reached (%s); using a per-process cache for now.", error)
                self._down_until = time.monotonic() + RETRY_AFTER
            else:
                if self._down_until:
                    logger.warning("Redis answers again.")
                    self._down_until = 0.0
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")
