"""The ``dyad`` command line: a thin shell over the library (see ``docs/contract.md``)."""

from .app import main

__all__ = ["main"]
