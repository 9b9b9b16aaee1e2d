"""A corpus with hostile files is coded to the end and every input document is accounted for.

About 90 files: news in .txt, .jsonl, .csv, .html and .warc.gz, and one of each hostile kind:
binary, invalid UTF-8, empty, a 1 MB document (the 5 MB one is in ``dyad.bench_scale``: it takes
minutes), malformed JSON lines, a truncated .warc.gz, HTML that is only scripts, and French text.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyad import Coder
from dyad.cli.progress import print_summary, track
from dyad.engines.run import CodingRun, code_documents
from dyad.readers import read_paths
from dyad.records import DocumentResult

pytestmark = pytest.mark.slow  # about 50 s on 2 cores: the 1 MB document alone takes ~45 s

BIG_BYTES = 1_000_000
ARTICLE = """<html><head><title>Putin visits Beijing</title></head><body><nav>Home | World</nav>
<article><h1>Putin visits Beijing</h1><p>Russian President Vladimir Putin paid a state visit to China
on Tuesday, meeting Chinese President Xi Jinping in Beijing to discuss trade and security.</p>
<p>The two leaders signed an agreement on energy cooperation, officials said.</p></article>
<footer>Copyright 2025</footer></body></html>"""
SCRIPTS_ONLY = (
    "<html><head><script>var a = 1;</script></head><body><script>go(a)</script></body></html>"
)
FRENCH = (
    "Le président de la République a annoncé mardi que le gouvernement allait présenter un nouveau "
    "projet de loi sur les retraites, une réforme qui suscite de vives critiques dans les rangs de "
    "l'opposition et des syndicats, qui appellent à une journée de grève."
)
NEWS_FILES = 80


def seed_lines(seed_text: str) -> list[str]:
    return [line for line in seed_text.splitlines() if len(line) > 80]


def build_corpus(root: Path, seed_text: str) -> dict[str, str]:
    """Write the corpus; returns the expected status for each document id known in advance."""
    lines = seed_lines(seed_text)
    expected: dict[str, str] = {}
    for i in range(NEWS_FILES):
        name = f"news-{i:03d}.txt"
        (root / name).write_text(
            lines[i % len(lines)] + "\n" + lines[(i + 7) % len(lines)], encoding="utf-8"
        )
        expected[name] = "ok"
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 64)
    expected["binary.txt"] = "failed"
    (hostile / "latin1.txt").write_bytes(
        lines[0].encode("utf-8") + b" \xff\xfe caf\xe9 " + lines[1].encode("utf-8")
    )
    expected["latin1.txt"] = "ok"
    (hostile / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "empty"
    paragraph = "\n".join(lines[:6]) + "\n"
    (hostile / "big.txt").write_text(
        (paragraph * (BIG_BYTES // len(paragraph) + 1))[:BIG_BYTES], encoding="utf-8"
    )
    expected["big.txt"] = "ok"
    (hostile / "french.txt").write_text(FRENCH, encoding="utf-8")
    (hostile / "scripts.html").write_text(SCRIPTS_ONLY, encoding="utf-8")
    expected["scripts.html"] = "failed"
    (root / "article.html").write_text(ARTICLE, encoding="utf-8")
    expected["article.html"] = "ok"
    expected.update(_jsonl(root / "feed.jsonl", lines))
    (root / "export.csv").write_text(
        "id,text\n" + "".join(f'csv-{i},"{lines[i]}"\n' for i in range(3)), encoding="utf-8"
    )
    expected.update({f"csv-{i}": "ok" for i in range(3)})
    write_warc(root / "crawl.warc.gz", [f"https://news.example/{i}" for i in range(2)])
    _truncated_warc(hostile / "cut.warc.gz")
    return expected


def write_warc(path: Path, urls: list[str]) -> None:
    """A .warc.gz with, per URL, an HTML response (ARTICLE) and a request record."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url in urls:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            payload = io.BytesIO(ARTICLE.encode("utf-8"))
            writer.write_record(
                writer.create_warc_record(url, "response", payload=payload, http_headers=http)
            )
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET /\r\n\r\n"))
            )


def _jsonl(path: Path, lines: list[str]) -> dict[str, str]:
    rows = [
        json.dumps({"id": f"j{i}", "text": lines[i], "published": "2025-05-06"}) for i in range(6)
    ]
    rows[2:2] = ['{"id": "broken", "text": ', "[1, 2, 3]"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    expected = {f"j{i}": "ok" for i in range(6)}
    expected.update({"feed.jsonl:3": "failed", "feed.jsonl:4": "failed"})
    return expected


def _truncated_warc(path: Path) -> None:
    whole = path.with_name("whole.tmp")
    write_warc(whole, [f"https://news.example/cut/{i}" for i in range(4)])
    data = whole.read_bytes()
    whole.unlink()
    path.write_bytes(data[: len(data) * 2 // 3])


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory, seed_text: str, coder: Coder
) -> tuple[Path, dict[str, str], list[DocumentResult], CodingRun, str]:
    """The corpus, coded once with two workers through code_documents, the summary captured."""
    root = tmp_path_factory.mktemp("hostile")
    expected = build_corpus(root, seed_text)
    screen = io.StringIO()
    console = Console(file=screen, width=120)
    # the huge document must be coded to its end however loaded the machine is: the per-document
    # deadline has its own tests (test_coder), here it is an hour
    options = replace(coder.options, deadline_s=3600.0)
    run = code_documents([str(root)], published="2025-05-06", workers=2, options=options)
    results = list(track(run, total=run.total, console=console))
    print_summary(run.summary, console)
    return root, expected, results, run, screen.getvalue()


def test_every_input_document_is_accounted_for(
    hostile: tuple[Path, dict[str, str], list[DocumentResult], CodingRun, str],
) -> None:
    """One record per input document, in input order, each coded, empty, skipped or failed."""
    root, expected, results, _, _ = hostile
    inputs = list(read_paths([str(root)], published="2025-05-06"))
    assert [r.doc_id for r in results] == [d.id for d in inputs]
    assert len(results) >= NEWS_FILES + 20
    assert all(r.status in ("ok", "empty", "skipped", "failed") for r in results)
    statuses = {r.doc_id: r.status for r in results}
    assert {k: statuses[k] for k in expected} == expected
    assert all(r.error for r in results if r.status in ("failed", "skipped"))


def test_summary_counts_add_up_to_the_input_count(
    hostile: tuple[Path, dict[str, str], list[DocumentResult], CodingRun, str],
) -> None:
    """coded + empty + skipped + failed = documents = input count; sentences and events match the records."""
    root, _, results, run, screen = hostile
    stats = run.summary.stats
    counts = Counter(r.status for r in results)
    assert (stats.coded, stats.empty, stats.skipped, stats.failed) == (
        counts["ok"],
        counts["empty"],
        counts["skipped"],
        counts["failed"],
    )
    assert (
        stats.coded + stats.empty + stats.skipped + stats.failed == stats.documents == len(results)
    )
    assert stats.events == sum(len(r.events) for r in results) > 0
    assert stats.sentences == sum(len(r.sentences) for r in results)
    assert run.summary.files == len([p for p in root.rglob("*") if p.is_file()])
    assert run.summary.workers == 2 and "documents" in screen and f"{stats.documents:,}" in screen


def test_damaged_inputs_fail_with_reasons(
    hostile: tuple[Path, dict[str, str], list[DocumentResult], CodingRun, str],
) -> None:
    """The truncated archive keeps its earlier pages and reports the damage; the huge document is coded."""
    _, _, results, _, _ = hostile
    by_id = {r.doc_id: r for r in results}
    cut = [r for r in results if r.url and "/cut/" in r.url]
    assert cut and all(r.status == "ok" for r in cut)
    damage = by_id["cut.warc.gz:damaged"]
    assert (
        damage.status == "failed"
        and damage.error
        and "cut.warc.gz" in damage.error
        and "byte" in damage.error
    )
    assert "binary" in (by_id["binary.txt"].error or "") and "no main text" in (
        by_id["scripts.html"].error or ""
    )
    assert len(by_id["big.txt"].sentences) > 1000


def test_french_document_is_skipped(
    hostile: tuple[Path, dict[str, str], list[DocumentResult], CodingRun, str],
) -> None:
    """Non-English text is skipped with the language as the reason (needs the coder's language gate)."""
    _, _, results, _, _ = hostile
    (french,) = [r for r in results if r.doc_id == "french.txt"]
    assert (french.status, french.error) == ("skipped", "not English (looks like fr)")
