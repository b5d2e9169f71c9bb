"""Giving freed memory back to the system between the steps of a large analysis.

A long analysis frees much of what a step built (a batch's rows, a fit's matrices), but the
allocators keep the freed pages for reuse: glibc's heap (Python objects, numpy's small
arrays) and Arrow's pool (pandas' string columns). The process's resident size then stays
at its high mark although the memory is free. `release_free_memory` hands those pages back,
so the next step starts from what is really held. It changes no result, only the resident
size; on a system without glibc or Arrow it does what it can and nothing else.

`fewer_collections` spaces out the cyclic garbage collector's young-generation passes while a
step builds many small containers that all stay alive (the tone step's feature rows): each
pass would walk them and find nothing to free.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

LOGGER = logging.getLogger(__name__)

# allocations between two young-generation collections while fewer_collections holds (Python's
# default is 700): at 700 the tone step on 8,000 synthetic articles spent 0.8 of its 19 CPU
# seconds collecting, 0.2 at this spacing; the older generations keep their own thresholds
SPACED_COLLECTIONS = 50_000

_spacing = threading.Lock()
_spaced: list[tuple[int, ...]] = []  # the thresholds to restore, while any caller holds it
_holders = 0


@cache
def _malloc_trim():
    """glibc's malloc_trim, or None where there is no glibc (macOS, musl, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_memory() -> None:
    """Collect unreachable cycles, then return free heap and Arrow pool pages to the system."""
    gc.collect()
    arrow = sys.modules.get("pyarrow")  # only if pandas loaded it: never imported for this
    if arrow is not None:
        release = getattr(arrow.default_memory_pool(), "release_unused", None)
        if release is not None:  # an Arrow too old to release its pool has none
            release()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the young generation every SPACED_COLLECTIONS allocations, not every 700, for
    the duration; nested or from several threads, the thresholds found first come back when
    the last caller leaves."""
    global _holders
    with _spacing:
        if _holders == 0:
            _spaced.append(gc.get_threshold())
            first = _spaced[-1]
            gc.set_threshold(max(first[0], SPACED_COLLECTIONS), *first[1:])
        _holders += 1
    try:
        yield
    finally:
        with _spacing:
            _holders -= 1
            if _holders == 0:
                gc.set_threshold(*_spaced.pop())
