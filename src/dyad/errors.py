"""dyad's exceptions. Every message says what arrived, the likely mistake and the fix.

A message that is about one of a function's parameters names it as ``{name}`` and lists it in
``parameters``: ``str(error)`` shows the parameter as the library spells it (``parts_dir``), and a
face shows it its own way with :meth:`DyadError.message` (the command line: ``--parts-dir``).
"""

from __future__ import annotations

from collections.abc import Callable


class DyadError(Exception):
    """Base class; ``code`` is a stable identifier users can search for."""

    code = "E000"

    def __init__(self, message: str = "", *, parameters: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.template = message
        self.parameters = parameters

    def message(self, show: Callable[[str], str] = str) -> str:
        """The message with each parameter named by ``show(name)`` (as written, by default)."""
        text = self.template
        for name in self.parameters:
            text = text.replace("{" + name + "}", show(name))
        return text

    def __str__(self) -> str:
        return f"[{self.code}] {self.message()}"


class ModelError(DyadError):
    """The spaCy model is missing or is not the one dyad was written for."""

    code = "E001"


class DictionaryError(DyadError):
    """A dictionary file has a bad entry; the message names ``file:line``, the field and the fix."""

    code = "E002"

    def __init__(self, path: str, line: int, field: str, value: object, fix: str) -> None:
        self.path, self.line, self.field, self.value, self.fix = path, line, field, value, fix
        super().__init__(f"{path}:{line}: field '{field}' has bad value {value!r}: {fix}")


class OptionsError(DyadError):
    """A configuration key or value is not valid."""

    code = "E003"


class InputError(DyadError):
    """An input path or document cannot be read."""

    code = "E004"


class RunError(DyadError):
    """The run could not go on, through no fault of the command: the machine or dyad itself.

    The command line exits with :data:`EXIT_CRASHED` (3) for these and for any unexpected error,
    so a script can tell "the run crashed" from "some documents failed" (1).
    """

    code = "E005"


class WorkerStartError(RunError):
    """Worker processes die before they can code anything (no memory, a model that cannot load)."""

    code = "E006"


class CodingCancelled(RunError):
    """The caller asked the coder to stop (a client hung up, a server is shutting down)."""

    code = "E007"


EXIT_FAILED = 1  # the run finished, and at least one document failed (each with its reason)
EXIT_USAGE = 2  # the command was wrong: a flag, a path, a file that is not what it should be
EXIT_CRASHED = 3  # the run did not finish: see RunError
