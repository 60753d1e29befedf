"""CPU seconds per stage of a build (photos, cover JPEGs, QR codes, posters), for
`scripts/benchmark.py`: counted only when the environment variable `HARMONI_CPU_TAHAP` names a
file, and written there as JSON when the process exits. Otherwise every call is a no-op."""

from __future__ import annotations

import atexit
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "HARMONI_CPU_TAHAP"
_target = os.environ.get(ENV)
_totals: dict[str, float] = {}
_lock = threading.Lock()
_local = threading.local()


def enabled() -> bool:
    """Whether stages are being counted in this process."""
    return bool(_target)


def add(stage: str, seconds: float) -> None:
    """Count `seconds` of CPU time for `stage` (from any thread or a worker's report)."""
    if not _target:
        return
    with _lock:
        _totals[stage] = _totals.get(stage, 0.0) + seconds


@contextmanager
def thread_cpu(stage: str) -> Iterator[None]:
    """Count the CPU time the calling thread spends in the block for `stage`; a block nested
    in it counts for its own stage only."""
    if not _target:
        yield
        return
    stack: list[list[float]] = _local.__dict__.setdefault("stack", [])
    inner = [0.0]
    stack.append(inner)
    started = time.thread_time()
    try:
        yield
    finally:
        elapsed = time.thread_time() - started
        stack.pop()
        add(stage, elapsed - inner[0])
        if stack:
            stack[-1][0] += elapsed


def _write() -> None:
    """Write the totals; only the build itself does (a worker reports its time to the build,
    and its process would overwrite the file at its own exit)."""
    if _target and _totals and multiprocessing.parent_process() is None:
        with open(_target, "w", encoding="utf-8") as out:
            json.dump(_totals, out, sort_keys=True)


atexit.register(_write)
