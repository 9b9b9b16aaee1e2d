"""Kill worker processes of this process at seeded random moments, as an operator or the OOM
killer would: ``with Killer(seed, kills=2, within=8.0) as killer: ...run...``."""

from __future__ import annotations

import os
import random
import signal
import threading
from types import TracebackType

from benchmarks.common import worker_processes


class Killer:
    """A thread that SIGKILLs one random worker at each of ``kills`` random moments in
    ``[0.2, within]`` seconds; ``hits`` counts the kills that found a worker to kill."""

    def __init__(self, seed: int, *, kills: int, within: float) -> None:
        rng = random.Random(seed)
        self._moments = sorted(rng.uniform(0.2, within) for _ in range(kills))
        self._rng = rng
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="killer", daemon=True)
        self.hits = 0

    def __enter__(self) -> Killer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        waited = 0.0
        for moment in self._moments:
            if self._stop.wait(moment - waited):
                return
            waited = moment
            alive = worker_processes()
            if alive:
                victim = self._rng.choice(sorted(alive, key=lambda p: p.pid))
                try:
                    os.kill(victim.pid, signal.SIGKILL)
                    self.hits += 1
                except ProcessLookupError:
                    pass
