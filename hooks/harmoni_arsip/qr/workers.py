"""QR codes and posters made in other processes, beside the photo work of the build.

Making a QR symbol is pure Python (`qrcode` encodes and lays it out module by module), and so is
most of laying out a poster: threads would hold the interpreter lock the photo threads need. So
the work goes to a small pool of `spawn`ed processes: safe beside running threads (unlike
`fork`), importing this module by name (the package is installed, and a child gets the parent's
`sys.path`), and direct children of the build, which reaps them, so their CPU time counts in the
build's own (a `forkserver`'s workers are the server's children, never reaped by the build).
Where processes cannot be started, or the pool breaks, the same work runs in a thread of this
process.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from concurrent.futures import (
    CancelledError,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from . import codes, posters

ORDERS_PER_PROCESS = 40
"""Addresses worth starting one more process for (one costs about 0.15 s CPU to start)."""
FEWEST_FOR_PROCESSES = 8
"""Fewer addresses than this are made in a thread: starting a process would cost more."""

QR_STAGE, POSTER_STAGE = "kode QR", "poster"
"""Names of the CPU time of each kind of work (`stage_cpu`)."""


@dataclass
class Made:
    """The files of one order and the CPU time they took."""

    files: list[tuple[str, bytes]]
    """Cache paths and the bytes to write there."""
    cpu: dict[str, float]
    """CPU seconds by stage (counted by the build, which may be another process)."""


@dataclass
class Order:
    """Every missing file of one address: its QR images and the posters that show it."""

    url: str
    qr: dict[str, str] = field(default_factory=dict)
    """Kind (`png`, `svg`) → cache path."""
    posters: dict[posters.PosterText, dict[str, str]] = field(default_factory=dict)
    """Poster text → its cache paths by kind (`png`, `pdf`)."""


def make(order: Order) -> Made:
    """The files of `order`; the symbol of each (address, error-correction level) made once."""
    started = time.thread_time()
    files = [(path, codes.png(order.url) if kind == "png" else codes.svg(order.url))
             for kind, path in order.qr.items()]  # fmt: skip
    drawing = time.thread_time()
    for text, paths in order.posters.items():
        drawn = posters.render(text, codes.matrix(text.url, codes.PRINT))
        files += [(paths[kind], data) for kind, data in drawn.items()]
    ended = time.thread_time()
    return Made(files, {QR_STAGE: drawing - started, POSTER_STAGE: ended - drawing})


class Pool:
    """Processes for many orders (a thread for a few, or where processes fail)."""

    def __init__(self, orders: int) -> None:
        self._executor: Executor = ThreadPoolExecutor(max_workers=1)
        if orders >= FEWEST_FOR_PROCESSES:
            self._executor = _processes(orders) or self._executor

    def submit(self, order: Order) -> Future[Made]:
        """Start making `order`."""
        try:
            return self._executor.submit(make, order)
        except (BrokenProcessPool, OSError, RuntimeError):
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = ThreadPoolExecutor(max_workers=1)
            return self._executor.submit(make, order)

    def close(self) -> None:
        """Stop the workers once their work is done."""
        self._executor.shutdown(wait=True)


def result(order: Order, future: Future[Made]) -> Made:
    """The files of `order`, made here when its process died (the work's own errors raise)."""
    try:
        return future.result()
    except (BrokenProcessPool, CancelledError):
        return make(order)


def _processes(orders: int) -> ProcessPoolExecutor | None:
    """A pool of processes sized to the work, or None where processes cannot be used."""
    count = min(os.cpu_count() or 1, math.ceil(orders / ORDERS_PER_PROCESS))
    try:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(max_workers=count, mp_context=context)
    except (ValueError, OSError, ImportError, NotImplementedError):
        return None
