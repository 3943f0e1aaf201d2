"""Sealing ballots: what a voter chose is stored encrypted with a key the database does not hold.

The threat: someone who can read the database, or a backup of it, but not the server's secrets.
Turnout (who voted) and the ballot are written in one transaction, so PostgreSQL's row metadata
(xmin) and the rows' order on disk pair them. So the ballot as cast is sealed: AES-GCM under a key
derived from ``BALLOT_SEAL_KEY`` (default: the ``SECRET_KEY``), bound to its vote, all ballots of
a vote the same length. When the vote closes, the server opens every sealed ballot, shuffles them,
writes the opened ballots in that random order in one transaction (one xmin for all) and deletes
the sealed ones. Nothing left in the database links a voter to what they chose. See README's
"Ballot secrecy" for the limits (a reader who also has the key, or the server itself).
"""

import base64
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE_BYTES = 12


class SealError(Exception):
    """A sealed ballot that no known key opens (tampered with, or the key was changed)."""


@cache
def _key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"congress-portal ballot seal").derive(
        secret.encode()
    )


def _secrets() -> list[str]:
    own = getattr(settings, "BALLOT_SEAL_KEY", "") or ""
    if own:
        return [own, *getattr(settings, "BALLOT_SEAL_KEY_FALLBACKS", [])]
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _aad(vote_id: int) -> bytes:
    return f"vote:{vote_id}".encode()


def seal(vote_id: int, choices: str) -> str:
    """``choices`` (one letter per candidate) sealed for ``vote_id``, as text for a column."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key(_secrets()[0])).encrypt(nonce, choices.encode("ascii"), _aad(vote_id))
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(vote_id: int, token: str) -> str:
    raw = base64.b64decode(token)
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    for secret in _secrets():
        try:
            return AESGCM(_key(secret)).decrypt(nonce, sealed, _aad(vote_id)).decode("ascii")
        except InvalidTag:
            continue
    raise SealError(vote_id)
