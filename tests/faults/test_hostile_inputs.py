"""Every hostile input ends coded, empty, skipped or failed with its reason, or is reported as an
entry the folder walk left out, and the run goes on; nothing hangs, nothing runs away."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dyad import Coder
from dyad.engines.run import code_documents
from dyad.readers import ReadStats, count_documents, read_paths
from dyad.records import DocumentResult

from .corpus import Corpus, build


def _check(corpus: Corpus, fates: dict[str, tuple[str, str | None]]) -> None:
    """Each expected document has its status and reason; nothing else came out."""
    assert set(fates) == set(corpus.documents)
    for doc_id, expected in corpus.documents.items():
        status, error = fates[doc_id]
        assert status == expected.status, (doc_id, status, error)
        assert expected.reason in (error or ""), (doc_id, error)


@pytest.fixture()
def small(tmp_path: Path) -> Corpus:
    """The hostile corpus without its three large inputs."""
    return build(tmp_path, big=False)


def test_every_input_is_read_with_its_reason_or_left_out_with_its_reason(small: Corpus) -> None:
    """The readers give every document of the corpus, failed ones with the reason, and count
    every folder entry they leave out (a FIFO, symlink loops, an unknown extension)."""
    stats = ReadStats()
    docs = list(read_paths([str(small.root)], published="2025-05-06", stats=stats))
    fates = {d.id: ("failed" if d.error else "read", d.error) for d in docs}
    failed = {k: v for k, v in small.documents.items() if v.status == "failed"}
    assert {k for k, (status, _) in fates.items() if status == "failed"} == set(failed)
    assert all(v.reason in (fates[k][1] or "") for k, v in failed.items())
    assert set(fates) == set(small.documents)
    assert dict(stats.not_read) == small.not_read
    assert count_documents([str(small.root)]) is None  # the WARC makes the total unknown


def test_files_named_on_the_command_line_that_are_not_files_fail(small: Corpus) -> None:
    """A FIFO, a symlink loop and a dangling symlink named directly are failed documents at once
    (a FIFO used to block forever), and counting them opens nothing."""
    names = ["pipe.txt", "loop.txt", "dangling.txt"]
    paths = [str(small.root / n) for n in names]
    docs = list(read_paths(paths))
    assert [d.id for d in docs] == names
    assert "FIFO (named pipe), not a regular file: refused" in (docs[0].error or "")
    assert "symlink loop" in (docs[1].error or "") and "dangling" in (docs[2].error or "")
    assert count_documents(paths) == 3


def test_utf16_and_utf32_with_a_bom_are_text(small: Corpus, coder: Coder) -> None:
    """Files with a UTF-16 or UTF-32 byte-order mark are decoded and coded (they were "binary")."""
    docs = list(read_paths([str(small.root / "utf16.txt"), str(small.root / "utf32.txt")]))
    assert all(d.error is None and d.text.startswith("Report 2") for d in docs)
    assert all(r.events for r in coder.code(docs))


@contextmanager
def unprivileged() -> Iterator[None]:
    """Run the block as user nobody when this is root (root reads a file that has mode 000)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_an_unreadable_jsonl_is_one_failed_document(coder: Coder) -> None:
    """A .jsonl this user may not read is counted and read as one failed document saying so, and
    the rest is read (the pre-count raised PermissionError and 'dyad code' ended in a traceback)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o755)
        (folder / "open.txt").write_text("Japan signed a trade agreement with Chile.")
        secret = folder / "secret.jsonl"
        secret.write_text('{"id": "s", "text": "x"}\n')
        secret.chmod(0)
        with unprivileged():
            total = count_documents([str(folder)])
            docs = list(read_paths([str(folder)]))
    assert total == 2
    assert [(d.id, d.error is None) for d in docs] == [("open.txt", True), ("secret.jsonl", False)]
    assert "cannot read (Permission denied)" in (docs[1].error or "")


@pytest.mark.slow
def test_a_run_over_the_hostile_corpus_accounts_for_every_input(
    tmp_path: Path, coder: Coder
) -> None:
    """Two workers over the whole corpus, large inputs included: one record per document in input
    order with the expected fate, counts that add up, the walk's leftovers in the summary, and
    the events of the news documents exactly as coding them alone in this process gives."""
    corpus = build(tmp_path)
    run = code_documents([str(tmp_path)], published="2025-05-06", workers=2, options=coder.options)
    results = list(run)
    _check(corpus, {r.doc_id: (r.status, r.error) for r in results})
    summary = run.summary
    counts = Counter(r.status for r in results)
    assert summary.stats.documents == len(results) == len(corpus.documents)
    assert (summary.stats.coded, summary.stats.failed) == (counts["ok"], counts["failed"])
    assert dict(summary.not_read) == corpus.not_read
    alone = list(coder.code(d for d in read_paths([str(tmp_path)], published="2025-05-06")
                            if d.id in corpus.news_ids))  # fmt: skip
    assert _events(results) == _events(alone) and _events(alone)


def _events(results: list[DocumentResult]) -> set[tuple[str, str, str]]:
    return {(r.doc_id, e.id, e.cameo) for r in results for e in r.events}
