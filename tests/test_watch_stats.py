"""The distribution tails in pure Python, against reference values (SciPy 1.17, computed once)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from dyad.watch._stats import (
    benjamini_hochberg,
    beta_binomial_sf,
    binomial_sf,
    nb_quantile,
    nb_sf,
    nb_size,
    poisson_sf,
    t_sf,
    z_of,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (lambda: nb_sf(30, 10.0, 5.0), 3.919433658214029e-03),  # nbinom.sf(29, 5, 1/3)
        (lambda: poisson_sf(30, 10.0), 2.509951201527959e-07),  # poisson.sf(29, 10)
        (lambda: t_sf(4.5, 25), 6.809502552940059e-05),  # t.sf(4.5, 25)
        (lambda: nb_sf(200, 40.0, 2.5), 1.8674890446996012e-04),  # nbinom.sf(199, 2.5, ...)
    ],
)
def test_tails_match_reference_values(value, expected: float) -> None:  # type: ignore[no-untyped-def]
    """Negative binomial, Poisson and Student's t upper tails to 1e-9 relative error."""
    assert value() == pytest.approx(expected, rel=1e-9)


def test_edge_cases() -> None:
    """P(X >= 0) is 1; a zero mean puts no mass above 0; inf size is Poisson; t is symmetric."""
    assert nb_sf(0, 5.0, 2.0) == 1.0 and nb_sf(3, 0.0, 2.0) == 0.0
    assert nb_sf(12, 4.0, math.inf) == poisson_sf(12, 4.0)
    assert t_sf(0.0, 10) == pytest.approx(0.5) and t_sf(-2.0, 10) == pytest.approx(
        1 - t_sf(2.0, 10)
    )
    assert nb_size(5.0, 5.0) == math.inf and nb_size(10.0, 30.0) == pytest.approx(5.0)
    assert z_of(1e-6) == pytest.approx(4.753424, rel=1e-6)


def test_quantile_inverts_the_tail() -> None:
    """The 97.5% quantile of NB(mean 10, size 5) is 23, as SciPy's ppf says."""
    assert nb_quantile(0.975, 10.0, 5.0) == 23
    assert nb_quantile(0.5, 0.0, 5.0) == 0


def test_benjamini_hochberg_matches_the_textbook() -> None:
    """Adjusted p-values equal SciPy's false_discovery_control, in input order."""
    adjusted = benjamini_hochberg([0.01, 0.04, 0.03, 0.005, 0.5])
    assert adjusted == pytest.approx([0.025, 0.05, 0.05, 0.025, 0.5])
    assert benjamini_hochberg([]) == []


def _rising(x: Fraction, k: int) -> Fraction:
    """x (x + 1) ... (x + k - 1), exactly."""
    out = Fraction(1)
    for i in range(k):
        out *= x + i
    return out


def _exact_beta_binomial_sf(k: int, n: int, a: Fraction, b: Fraction) -> float:
    """P(X >= k) for BetaBinomial(n, a, b) in exact rational arithmetic (rational a and b)."""
    terms = (
        math.comb(n, j) * _rising(a, j) * _rising(b, n - j) / _rising(a + b, n)
        for j in range(k, n + 1)
    )
    return float(sum(terms, Fraction(0)))


@pytest.mark.parametrize(
    ("k", "n", "a", "b"),
    [(5, 8, Fraction(1, 2), Fraction(21, 2)), (30, 40, Fraction(41, 2), Fraction(39, 2)),
     (61, 72, Fraction(1001, 2), Fraction(851, 2)), (1, 3, Fraction(1, 2), Fraction(1, 2))],
)  # fmt: skip
def test_beta_binomial_tail_is_exact(k: int, n: int, a: Fraction, b: Fraction) -> None:
    """The beta-binomial tail equals the exact sum of its terms (Jeffreys-style half shapes)."""
    expected = _exact_beta_binomial_sf(k, n, a, b)
    assert beta_binomial_sf(k, n, float(a), float(b)) == pytest.approx(expected, rel=1e-9)
    assert beta_binomial_sf(0, n, float(a), float(b)) == 1.0
    assert beta_binomial_sf(n + 1, n, float(a), float(b)) == 0.0


def test_binomial_tail_matches_the_sum_and_continues_it() -> None:
    """At whole k and n the binomial tail is the exact sum; halving both (a design effect of 2)
    gives a tail between those of the neighbouring whole counts, and p = 0 gives nothing."""
    exact = sum(Fraction(math.comb(40, j)) * Fraction(11, 20) ** j * Fraction(9, 20) ** (40 - j)
                for j in range(30, 41))  # fmt: skip
    assert binomial_sf(30, 40, 0.55) == pytest.approx(float(exact), rel=1e-9)
    assert binomial_sf(15, 20, 0.55) > binomial_sf(15.5, 20.25, 0.55) > binomial_sf(16, 20, 0.55)
    assert binomial_sf(0, 10, 0.3) == 1.0 and binomial_sf(3, 10, 0.0) == 0.0
    assert binomial_sf(11, 10, 0.3) == 0.0
