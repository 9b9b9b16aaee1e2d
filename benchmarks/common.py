"""What the benchmarks share: the seed article, named by ``--seed FILE`` or ``$DYAD_SEED``, and
the worker processes that ``bench_faults.py`` (and the fault tests) kill.

``make bench`` passes ``--seed $(SEED)`` (``../shared/seeds/...`` by default); nothing here
guesses where the shared folder is.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import psutil

SEED_ENV = "DYAD_SEED"


def add_seed(parser: argparse.ArgumentParser, help_text: str = "the seed article") -> None:
    """Add ``--seed FILE`` (default: ``$DYAD_SEED``)."""
    default = os.environ.get(SEED_ENV)
    parser.add_argument(
        "--seed",
        type=Path,
        default=Path(default) if default else None,
        help=f"{help_text} (default: ${SEED_ENV})",
    )


def seed_file(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Path:
    """The seed article's path, resolved; a usage error when it is not given or not there."""
    if args.seed is None:
        parser.error(f"name the seed article with --seed FILE or ${SEED_ENV}")
    seed = Path(args.seed).resolve()
    if not seed.is_file():
        parser.error(f"no seed article at {seed}")
    return seed


def worker_processes() -> list[psutil.Process]:
    """This process's live worker processes at any depth (spawned by multiprocessing: dyad's pool,
    Dask's workers), not multiprocessing's resource tracker."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            line = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in line and "resource_tracker" not in line:
            found.append(child)
    return found
