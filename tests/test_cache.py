"""The start-up cache gives back what it was given, builds anew when an input changes, and never
stops a run when it cannot be read or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.dictionaries import load_dictionaries
from dyad.dictionaries.cache import CACHE_ENV, cached


class Builds:
    """A builder that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_call_reads_the_cache(folder: Path, tmp_path: Path) -> None:
    """Built once; the next call with the same inputs returns an equal value without building."""
    data = tmp_path / "names.tsv"
    data.write_text("a\tb\n")
    build = Builds({"names": ["a", "b"]})
    assert cached("t", [data, "v1"], build) == {"names": ["a", "b"]}
    assert cached("t", [data, "v1"], build) == {"names": ["a", "b"]}
    assert build.calls == 1
    assert len(list(folder.glob("t-*.pickle"))) == 1


def test_a_changed_file_or_version_builds_again(folder: Path, tmp_path: Path) -> None:
    """Another byte in a data file, or another version string, is another key."""
    data = tmp_path / "names.tsv"
    data.write_text("a\n")
    build = Builds(1)
    cached("t", [data, "v1"], build)
    data.write_text("a\nb\n")
    cached("t", [data, "v1"], build)
    cached("t", [data, "v2"], build)
    assert build.calls == 3


def test_a_corrupt_cache_file_is_rebuilt(folder: Path) -> None:
    """A truncated pickle is built again and overwritten, not raised."""
    build = Builds([1, 2, 3])
    cached("t", ["x"], build)
    (entry,) = folder.glob("t-*.pickle")
    entry.write_bytes(b"\x80\x05trunc")
    assert cached("t", ["x"], build) == [1, 2, 3]
    assert build.calls == 2
    assert cached("t", ["x"], build) == [1, 2, 3]
    assert build.calls == 2


def test_off_and_unwritable_folders_only_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DYAD_CACHE_DIR=off builds every time; a folder that cannot be made is no error."""
    build = Builds("v")
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cached("t", ["x"], build) == cached("t", ["x"], build) == "v"
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert cached("t", ["x"], build) == "v"
    assert build.calls == 3


def test_a_missing_input_file_is_left_to_the_builder(folder: Path, tmp_path: Path) -> None:
    """An input that cannot be read is not hashed: the builder meets it and reports it."""
    build = Builds("built")
    assert cached("t", [tmp_path / "missing.tsv"], build) == "built"
    assert not folder.exists()


def test_cached_dictionaries_equal_freshly_read_ones(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dictionaries from the cache are the ones read from the files; a user file is a key."""
    first = load_dictionaries()
    again = load_dictionaries()
    monkeypatch.setenv(CACHE_ENV, "off")
    assert first == again == load_dictionaries()
    extra = tmp_path / "leaders.tsv"
    extra.write_text(
        "name\taliases\tcountry\trole\toffice\tstart\tend\n"
        "Zed Quux\tQuux\tFRA\tGOV\thead of state\t2020-01-01\t\n"
    )
    monkeypatch.setenv(CACHE_ENV, str(folder))
    with_extra = load_dictionaries([extra])
    assert any(leader.name == "Zed Quux" for leader in with_extra.leaders)
    assert len(list(folder.glob("dictionaries-*.pickle"))) == 2
