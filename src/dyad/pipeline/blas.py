"""Matrix products for the model's layers through numpy's OpenBLAS, on one thread.

thinc's CPU backend multiplies the model's matrices (tok2vec's and ``ner``'s maxout layers, the
parser's precomputed features) with its bundled BLIS. numpy's bundled OpenBLAS does the same
float32 products in about two thirds of the time on current x86 cores, so :class:`MatmulOps`
sends them there. Each product runs on one BLAS thread, whatever the process's OpenBLAS setting:
dyad spreads work over worker processes, one per core, and OpenBLAS threads on top of them would
fight over the same cores (2 workers with OpenBLAS's default threads took 60% longer). The thread
count is set for the calling thread only (``openblas_set_num_threads_local``) and put back after
each product, so nothing else in the process changes. Where numpy's OpenBLAS or that call cannot
be found (another BLAS, an old OpenBLAS), the model keeps thinc's own products.

The sums are the same products in another order of float rounding; ``make identity`` compares the
output on every gold file and the seed.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from thinc.api import NumpyOps, get_current_ops, set_current_ops

log = logging.getLogger(__name__)

SetThreads = Callable[[int], int]


@cache
def local_threads() -> SetThreads | None:
    """numpy's OpenBLAS ``openblas_set_num_threads_local`` (sets the calling thread's BLAS
    threads, returns the previous value), or None where numpy has no such library."""
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("libscipy_openblas*.so*")) + sorted(libs.glob("libopenblas*.so*")):
        try:
            lib = ctypes.CDLL(str(path))
            call = lib.openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        call.argtypes = [ctypes.c_int]
        call.restype = ctypes.c_int
        return call
    return None


class MatmulOps(NumpyOps):
    """thinc's NumpyOps with ``gemm`` of float32 matrices done by ``numpy.matmul`` on one thread
    (other matrices go to thinc, which takes float32 only)."""

    def __init__(self, threads: SetThreads, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._threads = threads

    def gemm(
        self, x: Any, y: Any, *, out: Any = None, trans1: bool = False, trans2: bool = False
    ) -> Any:
        if x.dtype != np.float32 or y.dtype != np.float32:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        before = self._threads(1)
        try:
            return np.matmul(a, b) if out is None else np.matmul(a, b, out=out)
        finally:
            self._threads(before)


@contextmanager
def matmul_ops() -> Iterator[None]:
    """Models built inside this block multiply with :class:`MatmulOps` (thinc's own products
    where numpy's OpenBLAS cannot be held to one thread)."""
    threads = local_threads()
    if threads is None:
        log.debug("numpy's OpenBLAS thread control not found: the model keeps thinc's products")
        yield
        return
    before = get_current_ops()
    set_current_ops(MatmulOps(threads))
    try:
        yield
    finally:
        set_current_ops(before)
