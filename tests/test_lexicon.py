"""The word classes of data/lexicon.tsv: validated like the other dictionaries, read by the stages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dyad import Coder, Options
from dyad.dictionaries import load_dictionaries, load_lexicon, read_lexicon, validate_file
from dyad.errors import DictionaryError
from dyad.pipeline.lexicon import Lexicon

HEADER = "class\tword\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "words.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_lexicon_fills_every_class() -> None:
    """Every class has words, lower case, and the unions the stages read are built from them."""
    lexicon = load_lexicon()
    for name in Lexicon.class_names():
        words = getattr(lexicon, name)
        assert words and all(w == w.lower() and " " not in w for w in words), name
    assert lexicon.plan_verb == lexicon.announce_verb | lexicon.expectation_verb
    assert lexicon.content_noun == lexicon.statement_noun | {"demand"}
    assert {"say", "add", "tell"} <= lexicon.speech_verb and "pledge" in lexicon.announce_verb


def test_the_dictionaries_carry_the_lexicon() -> None:
    """load_dictionaries reads lexicon.tsv once into the bundle the coder passes to its stages."""
    assert load_dictionaries().lexicon == load_lexicon()


@pytest.mark.parametrize(
    ("line", "field", "fix"),
    [
        ("speech_verbs\tsay", "class", "use one of the classes"),
        ("speech_verb\tSay", "word", "lower-case word"),
        ("speech_verb\tpoint out", "word", "no spaces"),
        ("speech_verb\t", "word", "lower-case word"),
    ],
)
def test_bad_line_names_file_line_field_and_fix(
    tmp_path: Path, line: str, field: str, fix: str
) -> None:
    """An unknown class or a word that is not one lower-case word fails with file:line and the fix."""
    path = _write(tmp_path, HEADER + "# a comment\nspeech_verb\tremark\n" + line + "\n")
    with pytest.raises(DictionaryError, match=rf"{path.name}:4: field '{field}'.*{fix}"):
        read_lexicon(path)


def test_word_listed_twice_names_both_lines(tmp_path: Path) -> None:
    """A word written twice in one class is refused, pointing at the first line."""
    path = _write(tmp_path, HEADER + "bomb_word\tgrenade\nbomb_word\tgrenade\n")
    with pytest.raises(DictionaryError, match=r":3: field 'word'.*at line 2"):
        read_lexicon(path)


def test_bad_header_is_reported(tmp_path: Path) -> None:
    """A file whose header is not class<TAB>word is not taken for a lexicon."""
    path = _write(tmp_path, "kind\tword\nbomb_word\tgrenade\n")
    with pytest.raises(DictionaryError, match=r":1: field 'header'"):
        validate_file(path)


def test_validate_checks_a_user_lexicon(tmp_path: Path) -> None:
    """dyad validate accepts a good lexicon file and reports its entry count."""
    path = _write(tmp_path, HEADER + "bomb_word\tgrenade\nprotester_word\tmarchers\n")
    assert validate_file(path).endswith("2 lexicon entries, all valid")
    done = subprocess.run(
        [sys.executable, "-m", "dyad", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "2 lexicon entries" in done.stdout


def test_a_user_lexicon_adds_words_the_coder_reads(tmp_path: Path, coder: Coder) -> None:
    """A word added to a class through --dict changes the code: a grenade killing is a bombing."""
    text = "Militants killed two Indian soldiers with a grenade in Kashmir on Monday."
    path = _write(tmp_path, HEADER + "bomb_word\tgrenade\n")
    assert "grenade" not in coder.dictionaries.lexicon.bomb_word
    before = {e.cameo for e in coder.code_text(text, published="2025-05-06").events}
    extended = Coder(Options.load(dictionaries=(str(path),)))
    after = {e.cameo for e in extended.code_text(text, published="2025-05-06").events}
    assert "183" not in before and "183" in after


def test_every_class_is_documented_and_read() -> None:
    """Each class has its row in data/FORMATS.md and is read somewhere: by a stage of the
    pipeline or, as ``@class``, by a rule of events.jsonl."""
    data = Path(__file__).parents[1] / "src" / "dyad" / "data"
    formats = (data / "FORMATS.md").read_text(encoding="utf-8")
    rules = (data / "events.jsonl").read_text(encoding="utf-8")
    code = "".join(p.read_text(encoding="utf-8") for p in (data.parent / "pipeline").glob("*.py"))
    for name in Lexicon.class_names():
        assert f"| `{name}` |" in formats, name
        assert f".{name}" in code or f'"@{name}"' in rules, name
