"""The HTML, WARC and CSV readers: main text and metadata out, damage reported, skips counted."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyad.errors import InputError
from dyad.pipeline.language import detect_language, language_gate
from dyad.readers import CsvColumns, ReadStats, count_documents, read_paths
from dyad.records import DocumentInput

BODY = (
    "Russian President Vladimir Putin paid a state visit to China on Tuesday, meeting Chinese "
    "President Xi Jinping in Beijing to discuss trade and security."
)
ARTICLE = f"""<html><head><title>Putin visits Beijing</title>
<meta property="article:published_time" content="2025-05-06T10:00:00Z">
<link rel="canonical" href="https://news.example/putin-beijing"></head>
<body><nav>Home | World | Sport</nav><article><h1>Putin visits Beijing</h1>
<p>{BODY}</p><p>The two leaders signed an agreement on energy cooperation, officials said.</p>
</article><footer>Copyright 2025 News Example</footer></body></html>"""
UNDATED = ARTICLE.replace(
    '<meta property="article:published_time" content="2025-05-06T10:00:00Z">', ""
)
SCRIPTS_ONLY = (
    "<html><head><script>var a = 1;</script></head><body><script>render(a)</script></body></html>"
)


def write_warc(path: Path, pages: list[tuple[str, str, str]], *, gzipped: bool = True) -> None:
    """A WARC with a warcinfo record, then per page a response (``content_type``) and a request."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "dyad-tests"}))
        for url, content_type, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=BytesIO(body.encode("utf-8")),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": "2024-03-01T12:00:00Z"},
                )
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
            )


def test_html_file_gives_main_text_title_date_and_url(tmp_path: Path) -> None:
    """An .html page yields its article text (no menu or footer), title, date and canonical URL."""
    (tmp_path / "page.html").write_text(ARTICLE, encoding="utf-8")
    (doc,) = read_paths([str(tmp_path / "page.html")])
    assert doc.error is None and doc.id == "page.html"
    assert BODY in doc.text and "Copyright" not in doc.text and "Sport" not in doc.text
    assert (doc.title, doc.published, doc.url) == (
        "Putin visits Beijing",
        "2025-05-06",
        "https://news.example/putin-beijing",
    )


def test_html_without_a_date_takes_the_published_option(tmp_path: Path) -> None:
    """A page with no date of its own falls back to --published; never to today."""
    (tmp_path / "undated.htm").write_text(UNDATED, encoding="utf-8")
    (doc,) = read_paths([str(tmp_path / "undated.htm")], published="2020-01-02")
    (bare,) = read_paths([str(tmp_path / "undated.htm")])
    assert doc.published == "2020-01-02" and bare.published is None


def test_html_with_only_scripts_fails_with_reason(tmp_path: Path) -> None:
    """A page that is only scripts becomes a failed document saying no main text was found."""
    (tmp_path / "app.html").write_text(SCRIPTS_ONLY, encoding="utf-8")
    (doc,) = read_paths([str(tmp_path / "app.html")])
    assert doc.error is not None and "no main text found" in doc.error


def test_warc_reads_html_responses_and_counts_the_rest(tmp_path: Path) -> None:
    """HTML responses are documents (target URI as url, WARC-Date as fallback date); others are counted."""
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://news.example/a", "text/html; charset=utf-8", ARTICLE),
            ("https://news.example/b", "text/html", UNDATED),
            ("https://news.example/logo.png", "image/png", "\x89PNG"),
        ],
    )
    stats = ReadStats()
    docs = list(read_paths([str(path)], stats=stats))
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b"]
    assert [d.published for d in docs] == ["2025-05-06", "2024-03-01"]
    assert all(d.error is None and BODY in d.text and d.id.startswith("urn:uuid:") for d in docs)
    assert stats.files == 1
    assert dict(stats.skipped) == {
        "warc warcinfo": 1,
        "warc request": 3,
        "warc response (image/png)": 1,
    }


def test_uncompressed_warc_is_read_too(tmp_path: Path) -> None:
    """A plain .warc reads like a .warc.gz."""
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://news.example/a", "text/html", ARTICLE)], gzipped=False)
    (doc,) = read_paths([str(path)])
    assert doc.error is None and BODY in doc.text


@pytest.mark.parametrize("keep", [0.4, 0.7, 0.97])
def test_truncated_warc_gz_keeps_earlier_pages_then_one_failure(
    tmp_path: Path, keep: float
) -> None:
    """A .warc.gz cut short yields the pages before the damage, then one failed document naming file and offset."""
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, [(f"https://news.example/{i}", "text/html", ARTICLE) for i in range(6)])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * keep)])
    docs = list(read_paths([str(cut)]))
    good, last = docs[:-1], docs[-1]
    assert 1 <= len(good) <= 6  # at 0.97 only the last request record is cut
    assert all(d.error is None and BODY in d.text for d in good)
    assert [d.url for d in good] == [f"https://news.example/{i}" for i in range(len(good))]
    assert last.error is not None and str(cut) in last.error and "byte" in last.error


def test_folder_reads_new_extensions_recursively(tmp_path: Path) -> None:
    """Folders pick up .html, .htm, .warc.gz and .csv files, sorted, alongside .txt and .jsonl."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text(ARTICLE, encoding="utf-8")
    write_warc(tmp_path / "sub" / "b.warc.gz", [("https://news.example/b", "text/html", ARTICLE)])
    (tmp_path / "c.csv").write_text(f'id,text\nrow1,"{BODY}"\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not read", encoding="utf-8")
    docs = list(read_paths([str(tmp_path)]))
    assert [d.id for d in docs][:2] == ["a.html", "row1"] and docs[2].id == "d.txt"
    assert docs[3].url == "https://news.example/b" and len(docs) == 4


def test_csv_default_columns_and_row_ids(tmp_path: Path) -> None:
    """CSV rows are documents; a row without an id gets file:line; --published fills missing dates."""
    path = tmp_path / "news.csv"
    path.write_text(
        "id,text,published,url,title\n"
        f'n1,"{BODY}",2024-02-03,https://x/1,Visit\n'
        ',"A second, ""quoted""\nmulti-line story.",,,\n',
        encoding="utf-8",
    )
    first, second = read_paths([str(path)], published="2025-01-01")
    assert (first.id, first.text, first.published, first.url, first.title) == (
        "n1",
        BODY,
        "2024-02-03",
        "https://x/1",
        "Visit",
    )
    assert second.id == "news.csv:3" and second.text == 'A second, "quoted"\nmulti-line story.'
    assert second.published == "2025-01-01"


def test_csv_column_mapping(tmp_path: Path) -> None:
    """A column mapping names the file's own columns for id, text and date."""
    path = tmp_path / "export.csv"
    path.write_text(f'doc,body,date\nx9,"{BODY}",2023-07-08\n', encoding="utf-8")
    columns = CsvColumns.parse("id=doc, text=body, published=date")
    (doc,) = read_paths([str(path)], csv_columns=columns)
    assert (doc.id, doc.text, doc.published) == ("x9", BODY, "2023-07-08")


def test_csv_without_text_column_is_one_failure_with_the_fix(tmp_path: Path) -> None:
    """A CSV lacking the text column fails once, listing its columns and how to map them."""
    path = tmp_path / "odd.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    (doc,) = read_paths([str(path)])
    assert (
        doc.error is not None
        and "'text'" in doc.error
        and "a, b" in doc.error
        and "--csv-columns" in doc.error
    )


def test_csv_mapping_typo_is_a_clear_error() -> None:
    """A bad mapping names the known fields and shows an example."""
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        CsvColumns.parse("body")
    with pytest.raises(InputError, match="text"):
        CsvColumns.parse("txt=body")


def test_count_documents_knows_cheap_totals(tmp_path: Path) -> None:
    """Totals are counted for text, HTML and plain JSONL; CSV and WARC make them unknown."""
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        '{"id":"1","text":"x"}\n\n{"id":"2","text":"y"}\n', encoding="utf-8"
    )
    assert count_documents([str(tmp_path), "-"]) == 4
    with gzip.open(tmp_path / "c.jsonl.gz", "wt") as fh:
        fh.write("{}\n")
    assert count_documents([str(tmp_path)]) is None


FRENCH = (
    "Le président de la République a annoncé mardi que le gouvernement allait présenter un nouveau "
    "projet de loi sur les retraites, une réforme qui suscite de vives critiques dans les rangs de "
    "l'opposition et des syndicats, qui appellent à une journée de grève."
)
GERMAN = (
    "Der Bundeskanzler hat am Dienstag in Berlin erklärt, dass die Regierung die Hilfe für die "
    "Ukraine fortsetzen wird. Die Opposition kritisierte den Plan und forderte eine Abstimmung im "
    "Bundestag, noch bevor das Gesetz in Kraft tritt."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (FRENCH, "fr"),
        (GERMAN, "de"),
        (
            "El presidente del Gobierno se reunió el martes con los líderes de la oposición para "
            "hablar de la crisis económica y de las medidas que se van a tomar en los próximos meses.",
            "es",
        ),
        (
            "Президент России Владимир Путин провел переговоры с председателем КНР Си Цзиньпином.",
            "ru",
        ),
        ("中国国家主席习近平星期二在北京会见了俄罗斯总统普京，双方讨论了贸易和安全问题。", "zh"),
        (BODY + " " + BODY, "en"),
        ("Putin met Xi.", None),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    """The detector names common languages and scripts; short text is undecided."""
    assert detect_language(text) == language


def test_language_gate_skips_only_clear_non_english() -> None:
    """The gate gives a reason for French, nothing for English, short, empty or failed documents."""
    assert language_gate(DocumentInput(id="f", text=FRENCH)) == "not English (looks like fr)"
    for doc in (
        DocumentInput(id="e", text=BODY * 3),
        DocumentInput(id="s", text="Paris, le 3 mai."),
        DocumentInput(id="x", text=""),
        DocumentInput(id="b", text=FRENCH, error="binary"),
    ):
        assert language_gate(doc) is None
    assert language_gate(DocumentInput(id="f", text=FRENCH), accept=("en", "fr")) is None
