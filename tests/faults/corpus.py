"""The hostile corpus of the fault tests, written into a folder, with what must become of each input.

Every text here is invented for the tests. :func:`build` writes news documents (each with events)
and one input of every hostile kind the issue lists: binary, invalid UTF-8, UTF-16 and UTF-32 with
a BOM, empty, whitespace, a 20 MB single line, a 5 MB document, a gzip bomb, malformed and wrongly
typed JSONL, a truncated WARC, deeply nested HTML, a CSV without its text column, a symlink loop, a
dangling symlink, a FIFO, an unknown extension and a folder named like a file. It returns the
:class:`Expected` fate of each document id and of each entry the walk must leave out.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PUBLISHED = "2025-05-06"
COUNTRIES = ("Japan", "Turkey", "France", "India", "Egypt", "Israel", "Brazil", "Germany",
             "Canada", "Mexico", "Kenya", "Chile")  # fmt: skip
ACTS = (
    "{a} signed a trade agreement with {b} on Monday.",
    "The president of {a} met the prime minister of {b} in the capital on Tuesday.",
    "{a} condemned the missile test carried out by {b}.",
    "Troops from {a} attacked rebels near the border with {b}, officials said.",
    "{a} rejected the proposal from {b} to reopen talks.",
)
FRENCH = (
    "Le ministre a annoncé mardi que le gouvernement allait présenter un nouveau projet de loi sur "
    "les retraites, une réforme qui suscite de vives critiques dans les rangs de l'opposition et "
    "des syndicats, qui appellent à une journée de grève dans tout le pays."
)
BOMB_BYTES = 300 * 1024 * 1024  # past the 64 MB floor and 100 times the compressed size
ARTICLE = """<html><head><title>Talks in Ankara</title></head><body><nav>Home | World</nav>
<article><h1>Talks in Ankara</h1><p>The foreign minister of Turkey met the foreign minister of
Egypt in Ankara on Tuesday to discuss trade and security, officials said.</p>
<p>The two ministers signed an agreement on energy cooperation.</p></article>
<footer>Copyright 2025</footer></body></html>"""


def news(i: int) -> str:
    """An invented two-sentence news text with events; different for every ``i`` up to 60."""
    a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 5 + 1) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(i + 3) % len(COUNTRIES)]
    first, second = ACTS[i % len(ACTS)], ACTS[(i + 2) % len(ACTS)]
    return f"Report {i}. " + first.format(a=a, b=b) + " " + second.format(a=b, b=a)


@dataclass(frozen=True, slots=True)
class Expected:
    """What a document must end as: its status and words its error must contain."""

    status: str
    reason: str = ""


@dataclass
class Corpus:
    """The corpus folder, each document's expected fate, and the entries the walk leaves out."""

    root: Path
    documents: dict[str, Expected] = field(default_factory=dict)
    not_read: dict[str, int] = field(default_factory=dict)  # reason -> count
    news_ids: list[str] = field(default_factory=list)  # the documents that must be coded

    def expect(self, doc_id: str, status: str, reason: str = "") -> None:
        self.documents[doc_id] = Expected(status, reason)
        if status == "ok":
            self.news_ids.append(doc_id)


def build(root: Path, *, news_files: int = 12, big: bool = True) -> Corpus:
    """Write the corpus under ``root``; ``big`` adds the 20 MB line, the 5 MB document and the bomb."""
    corpus = Corpus(root)
    for i in range(news_files):
        (root / f"news-{i:03d}.txt").write_text(news(i), encoding="utf-8")
        corpus.expect(f"news-{i:03d}.txt", "ok")
    _encodings(corpus)
    _jsonl(corpus)
    _markup(corpus)
    _entries(corpus)
    if big:
        _big(corpus)
    return corpus


def _encodings(corpus: Corpus) -> None:
    root = corpus.root
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 64)
    corpus.expect("binary.txt", "failed", "binary content")
    (root / "bad-utf8.txt").write_bytes(news(20).encode() + b" \xff\xfe caf\xe9.")
    corpus.expect("bad-utf8.txt", "ok")
    (root / "utf16.txt").write_bytes(news(21).encode("utf-16"))
    corpus.expect("utf16.txt", "ok")
    (root / "utf32.txt").write_bytes(news(22).encode("utf-32"))
    corpus.expect("utf32.txt", "ok")
    (root / "empty.txt").write_bytes(b"")
    corpus.expect("empty.txt", "empty")
    (root / "whitespace.txt").write_text(" \n\t\n   \n", encoding="utf-8")
    corpus.expect("whitespace.txt", "empty")
    (root / "french.txt").write_text(FRENCH, encoding="utf-8")
    corpus.expect("french.txt", "skipped", "not English")


def _jsonl(corpus: Corpus) -> None:
    lines = [
        json.dumps({"id": "j-ok", "text": news(30), "published": PUBLISHED}),
        '{"id": "broken", "text": ',
        "[1, 2, 3]",
        json.dumps({"id": "j-text", "text": 7}),
        json.dumps({"id": "j-yesterday", "text": news(31), "published": "yesterday"}),
        json.dumps({"id": "j-feb30", "text": news(32), "published": "2025-02-30"}),
        json.dumps({"id": "j-number", "text": news(33), "published": 20250506}),
        json.dumps({"id": "j-url", "text": news(34), "url": ["not", "a", "string"]}),
        json.dumps({"id": "j-time", "text": news(35), "published": "2025-05-06T10:00:00Z"}),
    ]
    (corpus.root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus.expect("j-ok", "ok")
    corpus.expect("feed.jsonl:2", "failed", "not valid JSON")
    corpus.expect("feed.jsonl:3", "failed", "must be a JSON object")
    corpus.expect("j-text", "failed", "'text' is missing or not a string")
    corpus.expect("j-yesterday", "failed", "'published' must be a date")
    corpus.expect("j-feb30", "failed", "is not a real date")
    corpus.expect("j-number", "failed", "'published' must be a date")
    corpus.expect("j-url", "failed", "'url' must be a string")
    corpus.expect("j-time", "ok")


def _markup(corpus: Corpus) -> None:
    root = corpus.root
    (root / "page.html").write_text(ARTICLE, encoding="utf-8")
    corpus.expect("page.html", "ok")
    deep = "<div>" * 10000 + f"<p>{news(40)}</p>" + "</div>" * 10000
    (root / "deep.html").write_text(f"<html><body>{deep}</body></html>", encoding="utf-8")
    corpus.expect("deep.html", "failed", "nested deeper than the HTML parser allows")
    (root / "no-text-column.csv").write_text("id,body\nc1,Some text.\n", encoding="utf-8")
    corpus.expect("no-text-column.csv", "failed", "no 'text' column")
    _truncated_warc(root / "cut.warc.gz")
    corpus.expect("warc-cut-0", "ok")
    corpus.expect("cut.warc.gz:damaged", "failed", "stops early")


def _truncated_warc(path: Path) -> None:
    """Two whole pages, then an archive cut in the middle of the third record."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i in range(3):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example/cut/{i}", "response",
            payload=io.BytesIO(ARTICLE.replace("Ankara", f"Ankara {i}").encode()),
            http_headers=http, warc_headers_dict={"WARC-Record-ID": f"<warc-cut-{i}>"},
        )  # fmt: skip
        writer.write_record(record)
        if i == 0:
            whole = out.tell()
    data = out.getvalue()
    path.write_bytes(data[: whole + (len(data) - whole) // 3])


def _entries(corpus: Corpus) -> None:
    """Folder entries the walk must leave out, each with its reason, and a folder named x.txt."""
    root = corpus.root
    os.symlink("loop.txt", root / "loop.txt")
    os.symlink("nowhere.txt", root / "dangling.txt")
    os.mkfifo(root / "pipe.txt")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not read")
    os.symlink(".", root / "self-link")
    corpus.not_read = {
        "symlink loop": 1,
        "dangling symlink": 1,
        "FIFO (named pipe)": 1,
        "unknown extension": 1,
        "symlink to a folder (not followed)": 1,
    }
    folder = root / "folder.txt"
    folder.mkdir()
    (folder / "inside.txt").write_text(news(41), encoding="utf-8")
    corpus.expect("inside.txt", "ok")


def _big(corpus: Corpus) -> None:
    root = corpus.root
    line = " ".join(news(i) for i in range(50))
    with (root / "single-line.txt").open("w", encoding="utf-8") as fh:
        for _ in range(20_000_000 // (len(line) + 1) + 1):
            fh.write(line + " ")
    corpus.expect("single-line.txt", "failed", "document over 2 MB")
    paragraph = "\n".join(news(i) for i in range(50)) + "\n"
    (root / "five-mb.txt").write_text(paragraph * (5_000_000 // len(paragraph) + 1))
    corpus.expect("five-mb.txt", "failed", "document over 2 MB")
    with gzip.open(root / "bomb.jsonl.gz", "wb", compresslevel=9) as bomb:
        bomb.write(b'{"id": "bomb", "text": "')
        chunk = b"a" * (1 << 20)
        for _ in range(BOMB_BYTES >> 20):
            bomb.write(chunk)
        bomb.write(b'"}\n')
    corpus.expect("bomb.jsonl.gz:stopped", "failed", "decompression bomb")
