"""The progress bar says it is loading the model until the first result, then counts."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console

from dyad.cli.progress import STARTING, track
from dyad.records import DocumentResult


def test_the_bar_says_loading_until_the_first_result() -> None:
    """Before any result the bar reads 'loading the model'; after it, 'coding' and the count."""
    console = Console(record=True, width=120, force_terminal=True)
    seen: list[str] = []

    def results() -> Iterator[DocumentResult]:
        seen.append(console.export_text(clear=False))
        yield DocumentResult("a", None, "ok")

    done = list(track(results(), total=1, console=console))
    assert [r.doc_id for r in done] == ["a"]
    assert STARTING in seen[0] and "coding" not in seen[0]
    final = console.export_text()
    assert "coding" in final and "1/1" in final
