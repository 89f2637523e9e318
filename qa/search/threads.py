"""One BLAS thread for a question's arithmetic.

A question's matrices are small: an embedding of 15 word pieces, MaxSim over a few thousand token rows, cosines
over a report's sentences. Two BLAS threads on two cores gain nothing there and lose badly when anything else runs:
with a build on the other core, MaxSim over 50 passages took 8 ms instead of 0.56 and a whole question 40 ms
instead of 17 (docs/speed.md), and an embedding 30-340 ms instead of 13. Even the cosines over
150 reports' 94,500 sentences gain too little from a second thread (24 ms a question on an idle machine against
30) for what it costs beside other work (35-44 ms, and the embedding after it slower too: idle BLAS threads spin).
"""

from __future__ import annotations

import functools

from threadpoolctl import ThreadpoolController


@functools.cache
def _blas() -> ThreadpoolController:
    """The loaded BLAS libraries, found once: ``threadpool_limits`` reads /proc/self/maps on every call, 1.3 ms
    of each question's 20 (numpy's BLAS is loaded before any encoder exists)."""
    return ThreadpoolController()


def one_blas_thread():
    """A context manager that runs its block on one BLAS thread (16 µs to enter and leave)."""
    return _blas().limit(limits=1, user_api="blas")

