#!/usr/bin/env python3
"""erlang_ref.py -- independent reference values for tests/test_erlang.c.

Computed with mpmath at 50 digits by other routes than pipeline/metrics/
erlang.c takes:
  * Erlang B and C from their defining sums of A^k/k! (factorials, which
    the C code never uses);
  * Erlang A (M/M/N+M) P(wait) and P(abandon) from the birth-death chain
    itself (pi_{N+j} = pi_N prod lambda/(N mu + k theta), truncated where
    the terms vanish, abandon = theta E[queue] / lambda), and its service
    level and ASA by numerical integration (mpmath.quad) of the density of
    the offered wait of a waiting caller, N mu exp(-N mu v + (lambda/theta)
    (1 - exp(-theta v))) relative to pi_N, against the caller's own patience
    exp(-theta v) -- where erlang.c sums a series of incomplete beta values.
Run: python3 tests/tools/erlang_ref.py   (prints the C table of the test)
"""
from mpmath import mp, mpf, exp, factorial, quad, inf

mp.dps = 50


def erlang_b(n, a):
    a = mpf(a)
    return (a**n / factorial(n)) / sum(a**k / factorial(k) for k in range(n + 1))


def erlang_c(n, a):
    a = mpf(a)
    top = a**n / factorial(n) * n / (n - a)
    return top / (sum(a**k / factorial(k) for k in range(n)) + top)


def erlang_c_all(n, lam, h, t):
    a = mpf(lam) * h
    c = erlang_c(n, a)
    return c, 1 - c * exp(-(n - a) * mpf(t) / h), c * h / (n - a)


def erlang_a(n, lam, h, theta, t):
    lam, h, theta, t = mpf(lam), mpf(h), mpf(theta), mpf(t)
    mu = 1 / h
    a = lam * h
    b = erlang_b(n, a)
    p0 = 1 / b - 1                      # sum_{k<N} pi_k / pi_N
    w, s, eq, j = mpf(1), mpf(0), mpf(0), 0
    while True:                         # sum_j pi_{N+j}/pi_N and sum j pi_{N+j}/pi_N
        s += w
        eq += j * w
        j += 1
        w *= lam / (n * mu + j * theta)
        if j > lam / theta and w < mpf(10)**-45 * s:
            break
    d = p0 + s
    pwait = s / d
    abandon = theta * (eq / d) / lam
    g = lambda v: n * mu * exp(-n * mu * v + lam / theta * (1 - exp(-theta * v)))
    served_within = quad(lambda v: g(v) * exp(-theta * v), [0, t]) if t > 0 else 0
    served = quad(lambda v: g(v) * exp(-theta * v), [0, t, inf])
    wait_served = quad(lambda v: v * g(v) * exp(-theta * v), [0, t, inf])
    sl = (p0 + served_within) / d
    asa = wait_served / (p0 + served)
    return pwait, sl, asa, abandon


CASES_C = [  # n, lambda/s, h s, T s
    (2, 1 / 180, 180, 20),
    (12, 100 / 1800, 180, 20),
    (110, 3000 / 3600, 120, 20),
    (2050, 2000 / 300, 300, 20),
    (2100, 2000 / 300, 300, 30),
]
CASES_A = [  # n, lambda/s, h s, theta 1/s, T s
    (1, 1 / 120, 100, 1 / 60, 20),
    (10, 100 / 1800, 180, 1 / 120, 20),
    (8, 100 / 1800, 180, 1 / 300, 20),
    (95, 3000 / 3600, 120, 1 / 90, 20),
    (1980, 2000 / 300, 300, 1 / 200, 20),
    # overloaded (N < A) with patient callers: the series starts past j = 0
    (40, 50 / 60, 60, 1 / 6000, 30),
    (1500, 2000 / 300, 300, 1 / 2000, 20),
    (1900, 2000 / 300, 300, 1 / 30000, 1500),
]

if __name__ == "__main__":
    print("/* n, a, erlang_b, erlang_c */")
    for n, a in [(1, 0.5), (2, 1), (10, 8), (100, 90.5), (2000, 1950), (2050, 2000)]:
        print("{ %d, %r, %s, %s }," % (n, a, mp.nstr(erlang_b(n, a), 17), mp.nstr(erlang_c(n, a), 17)))
    print("/* Erlang C: n, lambda, h, T -> pwait, sl, asa */")
    for n, lam, h, t in CASES_C:
        c, sl, asa = erlang_c_all(n, lam, h, t)
        print("{ %d, %s, %d, %d, %s, %s, %s }," % (n, repr(lam), h, t, mp.nstr(c, 17), mp.nstr(sl, 17), mp.nstr(asa, 17)))
    print("/* Erlang A: n, lambda, h, theta, T -> pwait, sl, asa, abandon */")
    for n, lam, h, th, t in CASES_A:
        r = erlang_a(n, lam, h, th, t)
        print("{ %d, %s, %d, %s, %d, %s }," % (n, repr(lam), h, repr(th), t, ", ".join(mp.nstr(v, 17) for v in r)))
