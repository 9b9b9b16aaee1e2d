"""Distribution tails in pure Python (``math`` only): negative binomial, Poisson, binomial,
beta-binomial, Student's t, the normal quantile, and the Benjamini–Hochberg adjustment.

The incomplete beta and gamma functions follow the continued fractions and series of Press et
al., *Numerical Recipes* (3rd ed., §6.2 and §6.4), evaluated in log space so that tails down to
1e-300 keep their precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

_EPS = 1e-15
_TINY = 1e-300
_ITERATIONS = 500
_NORMAL = NormalDist()


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) (modified Lentz)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _ITERATIONS + 1):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def gammainc_lower(a: float, x: float) -> float:
    """The regularized lower incomplete gamma function P(a, x)."""
    if x <= 0.0:
        return 0.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:
        return _gamma_series(a, x) * math.exp(log_front)
    return 1.0 - _gamma_fraction(a, x) * math.exp(log_front)


def _gamma_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    n = a
    for _ in range(_ITERATIONS):
        n += 1.0
        term *= x / n
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return total


def _gamma_fraction(a: float, x: float) -> float:
    """The continued fraction of Q(a, x) (modified Lentz)."""
    b = x + 1.0 - a
    c, d = 1.0 / _TINY, 1.0 / b
    h = d
    for i in range(1, _ITERATIONS + 1):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = b + an / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def poisson_sf(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean)."""
    if k <= 0:
        return 1.0
    if mean <= 0.0:
        return 0.0
    return gammainc_lower(k, mean)


def nb_sf(k: int, mean: float, size: float) -> float:
    """P(X >= k) for a negative binomial with this mean and size (dispersion) r: the variance is
    ``mean + mean**2 / size``; ``size = inf`` is the Poisson distribution."""
    if k <= 0:
        return 1.0
    if mean <= 0.0:
        return 0.0
    if math.isinf(size):
        return poisson_sf(k, mean)
    return betainc(k, size, mean / (size + mean))


def binomial_sf(k: float, n: float, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), continued to real k and n as I_p(k, n - k + 1): a count
    and a sample size divided by a design effect keep a tail (Rao and Scott's correction)."""
    if k <= 0.0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    return betainc(k, n - k + 1.0, p)


def beta_binomial_sf(k: int, n: int, a: float, b: float) -> float:
    """P(X >= k) for X ~ BetaBinomial(n, a, b), the binomial whose p is Beta(a, b): its terms
    summed from k upwards (each from the last by their ratio) until they no longer count."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    log_term = (
        math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        + math.lgamma(k + a) + math.lgamma(n - k + b) - math.lgamma(n + a + b)
        + math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    )  # fmt: skip
    term = math.exp(log_term)
    total = term
    for j in range(k, n):
        ratio = (n - j) * (j + a) / ((j + 1) * (n - j - 1 + b))
        term *= ratio
        total += term
        if ratio < 1.0 and term <= total * _EPS:
            break
    return min(1.0, total)


def nb_size(mean: float, variance: float) -> float:
    """The negative binomial size with this mean and variance (inf: no overdispersion)."""
    excess = variance - mean
    return math.inf if excess <= mean * 1e-9 else mean * mean / excess


def nb_quantile(q: float, mean: float, size: float) -> int:
    """The smallest k with P(X <= k) >= q."""
    if mean <= 0.0:
        return 0
    spread = math.sqrt(mean + (0.0 if math.isinf(size) else mean * mean / size))
    k = max(0, int(mean + _NORMAL.inv_cdf(min(max(q, 1e-12), 1 - 1e-12)) * spread))
    while k > 0 and 1.0 - nb_sf(k, mean, size) >= q:  # P(X <= k - 1) is already enough
        k -= 1
    while 1.0 - nb_sf(k + 1, mean, size) < q:
        k += 1
    return k


def t_sf(t: float, df: float) -> float:
    """P(T >= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1.0 - tail


def z_of(p: float) -> float:
    """The normal deviate with upper tail ``p`` (p = 1e-6 gives 4.75)."""
    return -_NORMAL.inv_cdf(min(max(p, 1e-300), 1.0 - 1e-16))


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the order given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        adjusted[i] = min(1.0, running)
    return adjusted
