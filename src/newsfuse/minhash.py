"""MinHash signatures and a banded LSH index: the candidate search of :mod:`newsfuse.stages.dedup`.

The signatures are those of datasketch 2's ``MinHash(num_perm, seed)`` (its default ``affine32``
scheme): each item is hashed by the first four bytes of its SHA-1 (little-endian), mixed by
MurmurHash3's 32-bit finaliser, then mapped through ``num_perm`` affine permutations
``h -> a*h + b (mod 2**32)`` with odd ``a``, drawn from NumPy's ``RandomState(seed)``; the
signature keeps each permutation's minimum. The index is the banding of Leskovec, Rajaraman &
Ullman (*Mining of Massive Datasets*, ch. 3): ``bands`` runs of ``rows`` values, two sets are
candidates when any band is equal. 37 bands of 3 rows is what datasketch's ``MinHashLSH``
chooses for a threshold of 0.3 with 128 permutations (weighing false positives and negatives
equally), so the candidates are the same as before.

Why not datasketch itself: importing it imports SciPy's integrate and stats packages (to choose
the bands), which took longer than the rest of a ``--fast`` brief's start-up.
``tests/test_minhash.py`` checks signatures and candidates against datasketch.
"""

from __future__ import annotations

import hashlib
import struct
from functools import lru_cache
from typing import Any, Hashable, Iterable

import numpy as np

NUM_PERM = 128
#: Bands x rows of the index: datasketch's ``MinHashLSH(threshold=0.3, num_perm=128)`` parameters.
BANDS, ROWS = 37, 3
_EMPTY = np.uint32(0xFFFFFFFF)
_UNPACK = struct.Struct("<I").unpack


@lru_cache(maxsize=8)
def permutations(num_perm: int = NUM_PERM, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` of each affine permutation (uint32; ``a`` odd), as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (multiplications wrap around)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(items: Iterable[bytes], num_perm: int = NUM_PERM, seed: int = 1) -> np.ndarray:
    """The MinHash signature of a set of byte strings: ``num_perm`` uint32 minima (all ``2**32 - 1`` for no items)."""
    hashes = [_UNPACK(hashlib.sha1(item).digest()[:4])[0] for item in items]
    out = np.full(num_perm, _EMPTY, dtype=np.uint32)
    if hashes:
        a, b = permutations(num_perm, seed)
        mixed = _mix(np.array(hashes, dtype=np.uint32).reshape(-1, 1))
        np.minimum(out, (mixed * a + b).min(axis=0), out=out)
    return out


def jaccard(x: np.ndarray, y: np.ndarray) -> float:
    """The share of equal values of two signatures: an estimate of the sets' Jaccard similarity."""
    return float(np.count_nonzero(x == y)) / len(x)


_NONE = object()


class LSHIndex:
    """Banded LSH over signatures: insert, query (the keys sharing a band), remove."""

    def __init__(self, bands: int = BANDS, rows: int = ROWS) -> None:
        self.bands, self.rows = bands, rows
        # a band's keys: the key itself when it is the only one, else a set of them (keys are hashable, so never a set)
        self._tables: list[dict[bytes, Any]] = [{} for _ in range(bands)]
        self._keys: dict[Hashable, list[bytes]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def _bands(self, sig: np.ndarray) -> list[bytes]:
        if len(sig) < self.bands * self.rows:
            raise ValueError(f"a signature of {len(sig)} values is too short for {self.bands} bands of {self.rows}")
        return [sig[i * self.rows:(i + 1) * self.rows].tobytes() for i in range(self.bands)]

    def insert(self, key: Hashable, sig: np.ndarray) -> None:
        if key in self._keys:
            raise ValueError(f"key {key!r} is already in the index")
        bands = self._bands(sig)
        self._keys[key] = bands
        for table, band in zip(self._tables, bands):
            held = table.get(band, _NONE)
            if held is _NONE:
                table[band] = key  # most bands hold one key: kept bare, as a set costs ~200 bytes
            elif isinstance(held, set):
                held.add(key)
            else:
                table[band] = {held, key}

    def query(self, sig: np.ndarray) -> set[Hashable]:
        """The keys whose signature equals ``sig`` on at least one band."""
        out: set[Hashable] = set()
        for table, band in zip(self._tables, self._bands(sig)):
            held = table.get(band, _NONE)
            if held is _NONE:
                continue
            if isinstance(held, set):
                out.update(held)
            else:
                out.add(held)
        return out

    def remove(self, key: Hashable) -> None:
        for table, band in zip(self._tables, self._keys.pop(key)):
            held = table[band]
            if not isinstance(held, set):
                del table[band]
                continue
            held.discard(key)
            if len(held) == 1:
                table[band] = next(iter(held))
            elif not held:
                del table[band]
