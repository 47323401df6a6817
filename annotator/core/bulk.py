"""Help for work over whole projects (100,000 annotations and more)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector during bulk work, then exempt what it built.

    Building a review or loading a project creates hundreds of thousands of objects that all
    stay alive; each collector pass would walk all of them again for nothing. Measured on a
    100,000-annotation review: grouping took 0.75 s with the collector and 0.46 s without,
    and a later full collection, landing on whatever ran next, cost 0.45 s. So afterwards
    ``gc.freeze()`` moves the objects alive now out of the collector's way; they are still
    freed by reference counting when dropped (annotations hold no reference cycles).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, Windows, musl)."""
    import ctypes  # here: importing ctypes.util costs 6 ms of every start-up
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


def give_back_free_memory() -> None:
    """Hand memory freed after bulk work back to the operating system, where the C library
    allows it. Parsing a 100,000-annotation project leaves about 90 MB of freed heap that
    glibc would otherwise keep for the life of the window; this takes about 6 ms."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
