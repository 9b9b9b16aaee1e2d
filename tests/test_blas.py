"""The model's matrix products through numpy's OpenBLAS: the same products, on one thread."""

from __future__ import annotations

import numpy as np
import pytest
from thinc.api import NumpyOps

from dyad import Coder
from dyad.pipeline.blas import MatmulOps, local_threads

THREADS = local_threads()
needs_openblas = pytest.mark.skipif(
    THREADS is None, reason="numpy here has no OpenBLAS with per-thread thread counts"
)


@needs_openblas
@pytest.mark.parametrize(("trans1", "trans2"), [(False, False), (False, True), (True, False)])
def test_products_are_thincs_products(trans1: bool, trans2: bool) -> None:
    """Every orientation thinc asks for gives thinc's own product, to float rounding."""
    assert THREADS is not None
    rng = np.random.default_rng(15)
    x = rng.standard_normal((40, 30), dtype=np.float32)
    y = rng.standard_normal((30, 20) if not trans2 else (20, 30), dtype=np.float32)
    x = np.ascontiguousarray(x.T) if trans1 else x
    ours, thincs = MatmulOps(THREADS), NumpyOps()
    got = ours.gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, thincs.gemm(x, y, trans1=trans1, trans2=trans2), rtol=1e-5)
    out = np.zeros_like(got)
    assert ours.gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    np.testing.assert_allclose(out, got)


@needs_openblas
def test_other_types_are_refused_as_thinc_refuses_them() -> None:
    """Matrices that are not float32 go to thinc's own product, which refuses them."""
    assert THREADS is not None
    x = np.arange(12, dtype=np.float64).reshape(3, 4)
    with pytest.raises(ValueError, match="float32"):
        MatmulOps(THREADS).gemm(x, x, trans2=True)


@needs_openblas
def test_the_callers_thread_count_is_put_back() -> None:
    """A product runs on one BLAS thread and leaves the calling thread's setting as it was."""
    assert THREADS is not None
    before = THREADS(3)
    try:
        x = np.ones((300, 300), dtype=np.float32)
        MatmulOps(THREADS).gemm(x, x)
        assert THREADS(3) == 3
    finally:
        THREADS(before)


@needs_openblas
def test_the_coders_model_multiplies_with_numpy(coder: Coder) -> None:
    """The trained components of the coder's pipeline were built with these products."""
    trained = [pipe for _, pipe in coder.nlp.pipeline if getattr(pipe, "model", None) is not None]
    assert trained
    assert all(isinstance(pipe.model.ops, MatmulOps) for pipe in trained)
