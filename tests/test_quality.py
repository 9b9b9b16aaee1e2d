"""Tests for dyad.pipeline.quality: mojibake repair, degenerate-sentence flags and the document score."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad import Coder
from dyad.pipeline.quality import clean_text, document_score, page_flags, sentence_flags

from .coding import code

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_bc9f64f74030027a.txt"
LOOP_LINE = 24  # "China and Russia are natural responsibility ...": a machine-translation loop


def _seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("the Soviet Unionâ€™s victory", "the Soviet Union’s victory"),
        ("talks at the cafÃ© in GenÃ¨ve", "talks at the café in Genève"),
        ("Ð\x9cÐ¾Ñ\x81ÐºÐ²Ð°", "Москва"),
    ],
)
def test_clean_text_repairs_mojibake(broken: str, fixed: str) -> None:
    """UTF-8 read as Latin-1/cp1252 is repaired and the text is flagged "mojibake_fixed"."""
    assert clean_text(broken) == (fixed, ("mojibake_fixed",))


@pytest.mark.parametrize(
    "text",
    [
        "XI’s visit “marks” a new era — says Putin.",
        "A &amp; B\r\nC",
        "ﬁnal ｗｉｄｅ text",
        "e\u0301te\u0301 (decomposed accents)",
        "plain ASCII, nothing to do",
    ],
)
def test_clean_text_leaves_clean_text_alone(text: str) -> None:
    """Typographic quotes, entities, line breaks, ligatures, widths and NFD text stay unchanged."""
    assert clean_text(text) == (text, ())


def test_clean_text_leaves_seed_article_unchanged() -> None:
    """The seed article (clean UTF-8 with curly quotes) comes back identical and unflagged."""
    text = "\n".join(_seed_lines())
    assert clean_text(text) == (text, ())


def test_seed_loop_paragraph_is_flagged() -> None:
    """The seed's looping machine-translation paragraph is flagged low_quality."""
    assert sentence_flags(_seed_lines()[LOOP_LINE - 1]) == ("low_quality",)


def test_other_seed_lines_are_not_flagged() -> None:
    """None of the seed's other 29 lines is flagged."""
    lines = _seed_lines()
    flagged = [n for n, line in enumerate(lines, 1) if n != LOOP_LINE and sentence_flags(line)]
    assert len(lines) == 30
    assert flagged == []


LONG_NEWS = (
    "The foreign ministers of the two countries, meeting in Geneva on Tuesday after months of "
    "stalled negotiations, agreed to extend the ceasefire along the border, to exchange prisoners "
    "held since the spring offensive, and to set up a joint commission that will report to both "
    "governments by the end of the year on the return of refugees, the reopening of border "
    "crossings and the reconstruction of damaged schools and hospitals."
)


@pytest.mark.parametrize(
    "text",
    [
        "when they meet, and when they meet, they discuss the future of the region.",
        "The talks will promote cooperation in trade, and the talks will promote cooperation in "
        "energy, and the talks will promote cooperation in culture.",
        "The minister said the agreement was \ufffd signed yesterday.",
        "The delegation " + " ".join(f"visited site{n}" for n in range(65)) + " last week.",
    ],
    ids=["echo", "loop", "replacement-char", "run-on"],
)
def test_degenerate_sentences_are_flagged(text: str) -> None:
    """Echoed or looping phrases, U+FFFD and unpunctuated run-ons are flagged low_quality."""
    assert sentence_flags(text) == ("low_quality",)


@pytest.mark.parametrize(
    "text",
    [
        LONG_NEWS,
        "It is one of the oldest, one of the largest and one of the richest cities in the world.",
        "Step by step, side by side, the two armies advanced.",
        "Putin met Xi.",
        "",
    ],
    ids=["long-news", "rhetorical-function-words", "idioms", "short", "empty"],
)
def test_normal_sentences_are_not_flagged(text: str) -> None:
    """Long, punctuated news sentences and repeated function-word phrases are not flagged."""
    assert sentence_flags(text) == ()


def test_document_score_is_share_of_good_characters() -> None:
    """The score is the share of characters in sentences not flagged low_quality."""
    flags = [(), ("low_quality",), ("caption",)]
    assert document_score(flags, [100, 100, 200], ()) == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("doc_flags", "expected"),
    [((), 1.0), (("mojibake_fixed",), 0.95), (("invalid_utf8",), 0.9), (("other",), 1.0)],
)
def test_document_flags_lower_the_score(doc_flags: tuple[str, ...], expected: float) -> None:
    """Repaired mojibake and replaced invalid bytes lower a clean document's score a little."""
    assert document_score([(), ()], [50, 50], doc_flags) == pytest.approx(expected)


def test_document_score_stays_in_unit_interval() -> None:
    """An all-bad, damaged document scores 0; an empty document scores 1."""
    assert document_score([("low_quality",)], [10], ("invalid_utf8",)) == 0.0
    assert document_score([], [], ()) == 1.0


def test_document_score_rejects_mismatched_lengths() -> None:
    """Flag sets and lengths must pair up one to one."""
    with pytest.raises(ValueError):
        document_score([(), ()], [10], ())


# --- in coded events -------------------------------------------------------------------------------


def test_repetition_loop_is_low_quality(coder: Coder) -> None:
    """A degenerate translation loop is flagged and its events lose confidence."""
    text = (
        "China and Russia signed an agreement when they meet, and when they meet, and when they meet, "
        "they are taking on a joint effort when they meet, and when they meet."
    )
    result = code(coder, text)
    assert "low_quality" in result.sentences[0].flags
    assert result.quality.score < 1
    assert all(e.confidence <= 0.3 and "low_quality" in e.flags for e in result.events)


def test_repeated_phrases_covering_much_of_a_sentence_are_flagged() -> None:
    """A long sentence whose 4-word phrases mostly come twice is low_quality, with no loop or echo."""
    text = (
        "The new trade corridor opens markets, officials said, while ministers added that "
        "the new trade corridor opens markets and that ports in the region expect ships."
    )
    assert sentence_flags(text) == ("low_quality",)


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("var x = document.getElementById('story');", ("markup",)),
        ("if (window.innerWidth > 600) loadAds", ("markup",)),
        ("WINDOW.location reload now", ("markup",)),
        (".headline { color: red; }", ("markup",)),
        ("<div><span>Menu</span></div>", ("markup",)),
        ("Sign up for our newsletter to get the latest.", ("boilerplate",)),
        ("Visit www.example.com now and click here for more deals", ("spam",)),
        ("Buy now at https://shop.example.com/deal", ("spam",)),
        ("Putin visited <b>China</b> on Tuesday, the Kremlin said.", ()),
        ("The ministers met (in Geneva) and signed; talks = progress, they said.", ()),
        ("A single link, https://example.org, is not spam.", ()),
        ("The window of opportunity is closing, the envoy warned.", ()),
    ],
    ids=[
        "script", "window", "window-upper", "css", "bare-tags", "boilerplate", "spam-two",
        "spam-pitch-link", "prose-with-tags", "prose-punctuation", "one-link", "window-word",
    ],
)  # fmt: skip
def test_page_flags_tell_page_furniture_from_prose(text: str, flags: tuple[str, ...]) -> None:
    """Scripts, styles, bare tags, page furniture and pitches are flagged; prose that only holds
    a tag, brackets, an equals sign, one link or the word "window" is not."""
    assert page_flags(text) == flags
