"""Readers never crash and never drop input: every file ends as a document, maybe failed."""

from __future__ import annotations

import gzip
from pathlib import Path

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
