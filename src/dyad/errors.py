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
