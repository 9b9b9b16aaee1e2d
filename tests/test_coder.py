"""The coder (dyad.pipeline.coder): documents stream in, one record per input comes out, in order,
whatever happened to it; offsets point into the text however it was cut into blocks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dyad import Coder, DocumentInput, Options
from dyad.errors import CodingCancelled

CASES = Path(__file__).with_name("cases")

FRENCH = (
    "Le président de la République a reçu le premier ministre pour parler de la situation dans "
    "le pays et des réformes que le gouvernement veut faire avant la fin de cette année."
)


def test_one_record_per_input_in_input_order(coder: Coder) -> None:
    """Coded, empty, unreadable and non-English inputs each give one record, in input order."""
    docs = [
        DocumentInput(id="a", text="Russia attacked Ukraine.", source="paper", url="u", title="t"),
        DocumentInput(id="blank", text="   "),
        DocumentInput(id="broken", text="", error="not UTF-8"),
        DocumentInput(id="fr", text=FRENCH),
        DocumentInput(id="b", text="China met Russia.", published="2025-05-06"),
    ]
    results = list(coder.code(docs))
    assert [(r.doc_id, r.status) for r in results] == [
        ("a", "ok"), ("blank", "empty"), ("broken", "failed"), ("fr", "skipped"), ("b", "ok"),
    ]  # fmt: skip
    first = results[0]
    assert (first.source, first.url, first.title) == ("paper", "u", "t") and first.events
    assert results[2].error == "not UTF-8" and (results[3].error or "").startswith("not English")
    assert results[4].published == "2025-05-06"


def test_blocks_do_not_change_what_is_found(coder: Coder) -> None:
    """A long line cut into small parse blocks gives the same sentences and events, with offsets
    into the document's text."""
    text = "China signed an agreement with Russia. " * 40
    whole = coder.code_text(text, published="2025-05-06")
    cut = Coder(Options.load(max_block_chars=200)).code_text(text, published="2025-05-06")
    assert [(s.start, s.end) for s in cut.sentences] == [(s.start, s.end) for s in whole.sentences]
    spans = [(e.cameo, e.start, e.end) for e in cut.events]
    assert spans == [(e.cameo, e.start, e.end) for e in whole.events] and spans
    assert all(text[e.start : e.end].startswith("China") for e in cut.events if e.source)


def test_code_text_is_code_for_one_text(coder: Coder) -> None:
    """code_text gives the same record as code() on one input."""
    doc = DocumentInput(id="x", text="Russian President Vladimir Putin visited China.")
    assert coder.code_text(doc.text, doc_id="x") == next(coder.code([doc]))


def _documents() -> list[tuple[str, str, str, str, str]]:
    lines = [
        ln
        for ln in (CASES / "documents.tsv").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    rows = csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


DOCUMENTS = _documents()


@pytest.mark.parametrize(
    ("name", "published", "text", "expected", "forbidden"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS]
)
def test_document_case(
    coder: Coder, name: str, published: str, text: str, expected: str, forbidden: str
) -> None:
    """A whole invented story is coded by CODING.md: every expected event (code, source, target)
    is there, and no event of a forbidden root ("*": no event at all)."""
    result = coder.code_text(text, doc_id=name, published=published)
    found = {
        (e.cameo, e.source.code if e.source else "-", (e.target.code if e.target else None) or "-")
        for e in result.events
    }
    wanted = [] if expected == "-" else [tuple(x.split()) for x in expected.split(" ; ")]
    assert [w for w in wanted if w not in found] == [], sorted(found)
    roots = {code[:2] for code, _, _ in found}
    if forbidden == "*":
        assert not found
    elif forbidden != "none":
        assert not roots & set(forbidden.split(",")), sorted(found)


def test_a_document_past_its_deadline_fails_with_the_reason(coder: Coder) -> None:
    """With a deadline already past, a document with text stops and fails saying so; one without
    text is still empty, and every input still has its record."""
    docs = [
        DocumentInput(id="a", text="Russia attacked Ukraine. " * 50),
        DocumentInput(id="b", text=" "),
    ]
    results = list(coder.code(docs, deadline_s=1e-9))
    assert [(r.doc_id, r.status) for r in results] == [("a", "failed"), ("b", "empty")]
    assert (results[0].error or "").startswith("took longer than 1e-09 s to code")
    assert results[0].events == ()


def test_a_document_over_the_size_limit_fails_before_it_is_parsed(coder: Coder) -> None:
    """A text longer than max_document_mb in UTF-8 fails with "document over N MB" (its
    characters counted as UTF-8 bytes: 600,000 'é' are 1.2 MB)."""
    small = Coder(Options.load(max_document_mb=1.0), dictionaries=coder.dictionaries)
    docs = [
        DocumentInput(id="big", text="é" * 600_000),
        DocumentInput(id="fine", text="é" * 400_000),
    ]
    big, fine = list(small.code(docs, deadline_s=0))
    assert big.status == "failed" and big.error is not None
    assert big.error.startswith("document over 1 MB (1,200,000 bytes; not coded)")
    assert fine.status != "failed"


def test_a_cancelled_call_stops_at_the_next_block(coder: Coder) -> None:
    """When the caller says stop (a client hung up), coding raises CodingCancelled."""
    docs = [DocumentInput(id="a", text="Russia attacked Ukraine.")]
    with pytest.raises(CodingCancelled):
        list(coder.code(docs, cancelled=lambda: True))
