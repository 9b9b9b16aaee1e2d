"""Readers never crash and never drop input: every file ends as a document, maybe failed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from dyad.errors import InputError
from dyad.limits import Limits
from dyad.readers import read_paths


def test_text_file_is_one_document(tmp_path: Path) -> None:
    """A .txt file is one document whose id is the file name."""
    (tmp_path / "a.txt").write_text("Russia visited China.", encoding="utf-8")
    docs = list(read_paths([str(tmp_path / "a.txt")], published="2025-01-01"))
    assert [(d.id, d.text, d.published, d.error) for d in docs] == [
        ("a.txt", "Russia visited China.", "2025-01-01", None)
    ]


def test_invalid_utf8_is_decoded_and_flagged(tmp_path: Path) -> None:
    """Invalid UTF-8 is decoded with replacement characters and the document is flagged."""
    (tmp_path / "b.txt").write_bytes(b"Russia \xff\xfe visited China.")
    (doc,) = read_paths([str(tmp_path / "b.txt")])
    assert doc.error is None and "invalid_utf8" in doc.flags and "\ufffd" in doc.text


def test_binary_file_fails_with_reason(tmp_path: Path) -> None:
    """A binary file becomes a failed document with a reason a person understands."""
    (tmp_path / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (doc,) = read_paths([str(tmp_path / "c.txt")])
    assert doc.error is not None and "binary" in doc.error


def test_malformed_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    """A bad JSONL line is a failed record naming file and line; the other lines are read."""
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"id": "one", "text": "A"}\n{not json\n{"id": "three", "text": "C", "published": "2024-01-02"}\n',
        encoding="utf-8",
    )
    docs = list(read_paths([str(path)]))
    assert [d.id for d in docs] == ["one", "d.jsonl:2", "three"]
    assert docs[1].error is not None and "d.jsonl:2" in docs[1].error
    assert docs[2].published == "2024-01-02"


def test_jsonl_gz_and_folder(tmp_path: Path) -> None:
    """Folders are read recursively by extension, gzip JSONL included, in a stable order."""
    sub = tmp_path / "sub"
    sub.mkdir()
    with gzip.open(sub / "e.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"id": "gz", "text": "Hello"}\n')
    (tmp_path / "f.txt").write_text("World", encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    assert [d.id for d in read_paths([str(tmp_path)])] == ["f.txt", "gz"]


def test_missing_file_is_a_failed_document(tmp_path: Path) -> None:
    """A path that does not exist is reported as a failed document."""
    (doc,) = read_paths([str(tmp_path / "nope.txt")])
    assert doc.error is not None and "no such file" in doc.error


SMALL = Limits(max_document_bytes=1000)  # 1,000 bytes of text; lines up to 69,536 bytes


def test_a_jsonl_line_longer_than_a_document_may_be_is_failed_unread(tmp_path: Path) -> None:
    """A line past the limit is read through, not held, and fails with its size; the next line
    is read; a text within the line limit but over the document limit fails too."""
    path = tmp_path / "long.jsonl"
    rows = [
        json.dumps({"id": "huge", "text": "a" * 200_000}),
        json.dumps({"id": "big", "text": "b" * 5000}),
        json.dumps({"id": "fine", "text": "Russia attacked Ukraine."}),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    huge, big, fine = read_paths([str(path)], limits=SMALL)
    assert huge.id == "long.jsonl:1" and huge.error is not None
    assert huge.error.startswith("long.jsonl:1: document over") and "(200,027 bytes" in huge.error
    assert big.id == "big" and "document over" in (big.error or "") and big.text == ""
    assert fine.error is None


def test_a_gzip_bomb_stops_with_a_failed_document(tmp_path: Path) -> None:
    """A .jsonl.gz that decompresses past 100 times its size (after 64 MB) stops there with one
    failed document saying why; the lines before it are read."""
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(b'{"id": "first", "text": "Russia attacked Ukraine."}\n{"id": "bomb", "text": "')
        for _ in range(80):
            fh.write(b"\0" * (1 << 20))
    first, stopped = read_paths([str(path)])
    assert first.id == "first" and first.error is None
    assert stopped.id == "bomb.jsonl.gz:stopped"
    assert "stops in line 2" in (stopped.error or "") and "decompression bomb" in (
        stopped.error or ""
    )


def test_csv_published_follows_the_one_rule(tmp_path: Path) -> None:
    """A CSV row with an impossible date fails naming the field and row; others are read."""
    path = tmp_path / "p.csv"
    path.write_text("id,text,published\na,Text one.,2025-05-06\nb,Text two.,2025-13-01\n")
    good, bad = read_paths([str(path)])
    assert good.published == "2025-05-06" and good.error is None
    assert bad.id == "b" and (bad.error or "").startswith("p.csv:3: 'published' '2025-13-01'")


def test_published_flag_follows_the_one_rule(tmp_path: Path) -> None:
    """read_paths refuses a published value that is not a date, naming the parameter."""
    (tmp_path / "a.txt").write_text("Text.")
    with pytest.raises(InputError, match="published"):
        list(read_paths([str(tmp_path / "a.txt")], published="yesterday"))
