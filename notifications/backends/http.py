"""The HTTP side every provider shares: one session, short timeouts, the network's trouble and the
provider's 5xx and 429 answers are temporary."""

import requests

from . import TemporaryFailure

TIMEOUT = (5, 15)  # connect, read: a slow provider holds a worker, not a page


def call(method: str, url: str, **kwargs) -> dict:
    try:
        response = requests.request(method, url, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}"[:300]) from error
    if response.status_code >= 500 or response.status_code == 429:
        raise TemporaryFailure(f"HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError as error:
        raise TemporaryFailure(f"HTTP {response.status_code}: not JSON") from error
