"""Does the one hashing module check every record format the kit's databases hold today, and say
when a hash was made with other rounds than today's?"""

from __future__ import annotations

import hashlib
import json

import pytest

from kit.core import hashing

SECRET = "Quảng Trị 2025"
SALT = bytes.fromhex("00112233445566778899aabbccddeeff")


def pbkdf2(secret: str, salt: bytes, rounds: int) -> bytes:
    """The digest as the kit made it before this module existed."""
    return hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, rounds)


def test_a_new_hash_is_salted_at_random_and_matches_only_its_secret() -> None:
    a, b = hashing.make(SECRET, 1_000), hashing.make(SECRET, 1_000)
    assert a.salt != b.salt and a.digest != b.digest and len(a.salt) == hashing.SALT_BYTES
    assert a.matches(SECRET) and b.matches(SECRET)
    assert not a.matches("Quang Tri 2025") and not a.matches("")
    assert a.algorithm == "pbkdf2_sha256" and a.rounds == 1_000


def test_a_hash_made_with_other_rounds_needs_rehashing() -> None:
    hashed = hashing.make(SECRET, 1_000, SALT)
    assert not hashed.needs_rehash(1_000)
    assert hashed.needs_rehash(2_000)


def test_the_passcode_json_record_round_trips_and_one_written_before_still_matches() -> None:
    hashed = hashing.make(SECRET, 1_000)
    record = hashing.to_json(hashed)
    assert list(json.loads(record)) == ["algorithm", "iterations", "salt", "hash"]
    assert hashing.from_json(record) == hashed
    older = json.dumps(  # as kit/workshops/passcode.py wrote it itself
        {
            "algorithm": "pbkdf2_sha256",
            "iterations": 600_000,
            "salt": SALT.hex(),
            "hash": pbkdf2(SECRET, SALT, 600_000).hex(),
        }
    )
    stored = hashing.from_json(older)
    assert stored.rounds == 600_000 and stored.matches(SECRET) and not stored.matches("x" * 8)


def test_the_pin_record_reads_both_the_rounds_prefix_and_the_bare_digest_of_before_0007() -> None:
    pin, salt_hex = "123456", SALT.hex()
    today = hashing.to_rounds_digest(hashing.make(pin, 12_000, SALT))
    assert today == f"12000${pbkdf2(pin, SALT, 12_000).hex()}"
    current = hashing.from_rounds_digest(today, salt_hex, legacy_rounds=120_000)
    assert current.matches(pin) and not current.matches("654321")
    assert not current.needs_rehash(12_000)
    bare = pbkdf2(pin, SALT, 120_000).hex()  # a PIN given before migration 0007
    legacy = hashing.from_rounds_digest(bare, salt_hex, legacy_rounds=120_000)
    assert legacy.rounds == 120_000 and legacy.matches(pin) and not legacy.matches("654321")
    assert legacy.needs_rehash(12_000)


@pytest.mark.parametrize(
    "record",
    [
        "not json",
        "null",
        "[]",
        json.dumps({"algorithm": "md5", "iterations": 1, "salt": "00", "hash": "00"}),
        json.dumps({"algorithm": "pbkdf2_sha256", "iterations": 1, "salt": "00"}),
        json.dumps({"algorithm": "pbkdf2_sha256", "iterations": 0, "salt": "00", "hash": "00"}),
        json.dumps({"algorithm": "pbkdf2_sha256", "iterations": "x", "salt": "00", "hash": "00"}),
        json.dumps({"algorithm": "pbkdf2_sha256", "iterations": 1, "salt": "zz", "hash": "00"}),
    ],
)
def test_a_damaged_json_record_is_refused_as_such(record: str) -> None:
    with pytest.raises(hashing.DamagedRecord):
        hashing.from_json(record)


@pytest.mark.parametrize(
    ("record", "salt_hex"),
    [("12000$not-hex", "00"), ("abc$00", "00"), ("0$00", "00"), ("12000$00", "zz"), ("x", "00")],
)
def test_a_damaged_pin_record_is_refused_as_such(record: str, salt_hex: str) -> None:
    with pytest.raises(hashing.DamagedRecord):
        hashing.from_rounds_digest(record, salt_hex, legacy_rounds=120_000)
