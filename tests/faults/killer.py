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
    ``[0.2, within]`` seconds; ``hits`` counts the kills that found a worker to kill.

    Timed kills can all miss on a machine faster or slower than ``within`` guessed, so with
    ``records`` (how many records the run yields) one more kill falls on a seeded record: the
    consumer calls :meth:`record` with each record's number and that kill lands while the run
    still has work and workers, whatever the load."""

    def __init__(self, seed: int, *, kills: int, within: float, records: int = 0) -> None:
        rng = random.Random(seed)
        self._moments = sorted(rng.uniform(0.2, within) for _ in range(kills))
        self._at = rng.randrange(max(records // 2, 1)) if records else None
        self._lock = threading.Lock()
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
            self._kill()

    def record(self, number: int) -> None:
        """The consumer has the run's record ``number`` (0, 1, ...): the seeded one kills."""
        if number == self._at:
            self._kill()

    def _kill(self) -> None:
        with self._lock:
            alive = worker_processes()
            if alive:
                victim = self._rng.choice(sorted(alive, key=lambda p: p.pid))
                try:
                    os.kill(victim.pid, signal.SIGKILL)
                    self.hits += 1
                except ProcessLookupError:
                    pass
