"""Secrets kept only as salted PBKDF2-SHA256 hashes: one way to make them, to check a secret
against one in constant time, and to tell when one was made with other rounds than today's.

A :class:`Hashed` carries everything needed to check a secret (algorithm, rounds, salt, digest).
It is stored in one of the two record formats the kit's databases hold:

* the JSON record (:func:`to_json`, :func:`from_json`) of the trainer passcode and the one-time
  code, in the ``settings`` table::

      {"algorithm": "pbkdf2_sha256", "iterations": 600000, "salt": "<hex>", "hash": "<hex>"}

* the rounds-and-digest record (:func:`to_rounds_digest`, :func:`from_rounds_digest`) of a
  trainee's PIN, whose salt is kept in a column of its own: ``"12000$<hex>"`` since migration
  0007, and before it the bare ``"<hex>"``, made with rounds the caller names (``legacy_rounds``).

How many rounds, and what happens after a wrong secret (a delay, a count of failures), is the
caller's to decide: nothing here waits or counts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

ALGORITHM = "pbkdf2_sha256"
SALT_BYTES = 16


class DamagedRecord(ValueError):
    """A stored hash record that cannot be read (the caller says what to do about it)."""


@dataclass(frozen=True)
class Hashed:
    """A salted hash of a secret and how it was made."""

    rounds: int
    salt: bytes
    digest: bytes
    algorithm: str = ALGORITHM

    def matches(self, secret: str) -> bool:
        """Whether ``secret`` gives this hash (compared in constant time)."""
        return hmac.compare_digest(derive(secret, self.salt, self.rounds), self.digest)

    def needs_rehash(self, rounds: int) -> bool:
        """Whether this hash was made otherwise than with ``rounds`` of PBKDF2-SHA256 (so the
        secret, once checked, should be hashed again)."""
        return self.algorithm != ALGORITHM or self.rounds != rounds


def derive(secret: str, salt: bytes, rounds: int) -> bytes:
    """The PBKDF2-SHA256 digest of ``secret`` (UTF-8) with ``salt`` and ``rounds``."""
    return hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), salt, rounds)


def make(secret: str, rounds: int, salt: bytes | None = None) -> Hashed:
    """A new hash of ``secret`` with ``rounds``, salted with ``salt`` or new random bytes."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    return Hashed(rounds, salt, derive(secret, salt, rounds))


def _rounds(value: str | int) -> int:
    if isinstance(value, str) and not value.isdigit():
        raise ValueError(value)
    rounds = int(value)
    if rounds < 1:
        raise ValueError(rounds)
    return rounds


# --- the JSON record -----------------------------------------------------------------------


def to_json(hashed: Hashed) -> str:
    """The self-describing JSON record of ``hashed`` (salt and digest in hex)."""
    return json.dumps(
        {
            "algorithm": hashed.algorithm,
            "iterations": hashed.rounds,
            "salt": hashed.salt.hex(),
            "hash": hashed.digest.hex(),
        }
    )


def from_json(record: str) -> Hashed:
    """The hash a JSON record describes; :class:`DamagedRecord` when it is not one this module
    can check (malformed, a field missing, another algorithm)."""
    try:
        fields: dict[str, Any] = json.loads(record)
        if fields["algorithm"] != ALGORITHM:
            raise ValueError(fields["algorithm"])
        return Hashed(
            _rounds(fields["iterations"]),
            bytes.fromhex(fields["salt"]),
            bytes.fromhex(fields["hash"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedRecord(record) from exc


# --- the rounds-and-digest record (salt kept apart) ----------------------------------------


def to_rounds_digest(hashed: Hashed) -> str:
    """``"<rounds>$<hex digest>"``; the salt is stored by the caller."""
    return f"{hashed.rounds}${hashed.digest.hex()}"


def from_rounds_digest(record: str, salt_hex: str, legacy_rounds: int) -> Hashed:
    """The hash of a ``"<rounds>$<hex>"`` record, or of a bare ``"<hex>"`` one made with
    ``legacy_rounds``, salted with ``salt_hex``; :class:`DamagedRecord` when unreadable."""
    rounds_text, dollar, digest = record.rpartition("$")
    try:
        rounds = _rounds(rounds_text) if dollar else legacy_rounds
        return Hashed(rounds, bytes.fromhex(salt_hex), bytes.fromhex(digest))
    except (ValueError, TypeError) as exc:
        raise DamagedRecord(record) from exc
