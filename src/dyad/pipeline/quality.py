"""Text quality: repair mojibake, flag degenerate sentences, score a whole document.

Machine-translated news sometimes falls into loops ("when they meet, and when they meet, ...");
events coded from such sentences are unreliable, so the sentence is flagged ``low_quality`` and
the document's quality score drops by its share of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import ftfy

LOW_QUALITY = "low_quality"
BOILERPLATE = "boilerplate"  # page furniture: "Sign up for our newsletter", "Read more:"
MARKUP = "markup"  # leftover CSS or JavaScript
SPAM = "spam"  # links and sales pitches inside a sentence
# Sentences so flagged say nothing about events: they are kept and flagged, never coded.
NOT_NEWS = frozenset({BOILERPLATE, MARKUP, SPAM})
MOJIBAKE_FIXED = "mojibake_fixed"
INVALID_UTF8 = "invalid_utf8"  # set by dyad's readers when bytes were not valid UTF-8

# Only the encoding repairs: quotes, ligatures, widths, line breaks, HTML entities and Unicode
# normalisation are left exactly as written, so clean text (and its character offsets) never moves.
_FIXER = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# Tunable thresholds for ``sentence_flags``, calibrated on machine-translated news.
LOOP_MIN_REPEATS = 3  # the same 3- to 6-word phrase this many times in one sentence is a loop
REPEAT_SHARE = 0.35  # share of words inside 4-word phrases that occur twice or more
REPEAT_SHARE_MIN_WORDS = 20
RUN_ON_WORDS = 120  # longer sentences with almost no punctuation are run-on output
RUN_ON_WORDS_PER_MARK = 20
# Document score penalties for document-level flags.
DOC_FLAG_PENALTY = {MOJIBAKE_FIXED: 0.05, INVALID_UTF8: 0.10}

_WORD = re.compile(r"[\w’'-]+")
_MARK = re.compile(r"[,;:.!?()\[\]—–\"“”]")
_CONNECTORS = frozenset({"and", "or", "but", "then"})
# Phrases made only of these words ("one of the") repeat in normal prose and are ignored.
_FUNCTION_WORDS_TEXT = (
    "a an the and or but nor of to in on at for with by from as into about over after before "
    "is are was were be been being has have had do does did will would can could shall should may "
    "might must it its this that these those they them their he him his she her we us our you your "
    "i me my who whom whose which what when where while than then so if not no one"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Repair mojibake ("Unionâ€™s" -> "Union’s"); return the text and ("mojibake_fixed",) if changed.

    Clean UTF-8 text, typographic quotes included, comes back unchanged with no flags.
    """
    fixed = ftfy.fix_text(text, _FIXER)
    return (fixed, (MOJIBAKE_FIXED,)) if fixed != text else (text, ())


def sentence_flags(text: str) -> tuple[str, ...]:
    """("low_quality",) for degenerate text, else ().

    Degenerate means any of: a replacement character (U+FFFD); a 3- to 6-word phrase with a
    content word repeated ``LOOP_MIN_REPEATS`` times, or repeated back to back ("when they meet,
    and when they meet"); ``REPEAT_SHARE`` or more of the words inside repeated 4-word phrases;
    more than ``RUN_ON_WORDS`` words with under one punctuation mark per ``RUN_ON_WORDS_PER_MARK``.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    # a loop, an echo and repeated 4-word phrases all repeat some 3 words: most sentences
    # repeat none, and the three searches are then skipped
    repeats = len(set(zip(words, words[1:], words[2:], strict=False))) < len(words) - 2
    degenerate = (
        "\ufffd" in text
        or (
            repeats
            and (_has_loop(words) or _has_echo(words) or _repeated_share(words) >= REPEAT_SHARE)
        )
        or _is_run_on(text, words)
    )
    return (LOW_QUALITY,) if degenerate else ()


_BOILERPLATE = re.compile(
    r"^\s*(?:sign up|subscribe|follow us|click here|read more|read also|also read|related:|"
    r"related stories|advertisement|share this|copyright|all rights reserved|get the latest|"
    r"download (?:the|our) app|recommended|most read|trending|join our|watch:|listen:|"
    r"this article (?:was|is)|you (?:can|may) also like|newsletter|cookies|accept all|"
    r"we use cookies|log in|sign in|register|skip to|back to top)\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(
    r"[{};]\s*[\w-]+\s*:\s*[\w#%.-]+\s*;|\bfunction\s*\(|\bvar\s+\w+\s*=|=>|"
    r"<\s*/?\s*(?:script|style|div|span|iframe)\b|\bwindow\.|\bdocument\.\w+\(|"
    r"^\s*[.#][\w-]+\s*\{",
    re.IGNORECASE,
)
_SPAM = re.compile(
    r"https?://\S+|\bwww\.\S+|\bclick here\b|\bbuy now\b|\bcasino\b|\bviagra\b|"
    r"\b100% free\b|\bwhatsapp\s*\+?\d|\bpromo code\b|\bdiscount code\b",
    re.IGNORECASE,
)
# cheap first looks: what every form of markup but "window." holds, and the words of the pitches
_MARKUP_CHARS = re.compile(r"[;(=<{]")
_WINDOW = re.compile(r"\bwindow\.", re.IGNORECASE)
_SPAM_WORDS = re.compile(
    r"https?://|www\.|click here|buy now|casino|viagra|100% free|whatsapp|promo code|"
    r"discount code",
    re.IGNORECASE,
)
SPAM_TOKENS = 2  # this many links or pitches make a sentence spam
# HTML tags, and script or style elements with their content: stray markup inside a sentence of
# prose ("Putin visited <b>China</b>") leaves the prose, which is still news
_TAGGED = re.compile(
    r"<\s*(script|style)\b[^>]*>.*?<\s*/\s*\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL
)
MARKUP_MIN_PROSE_WORDS = 3  # a sentence of tags with fewer words of text besides is markup


def page_flags(text: str) -> tuple[str, ...]:
    """("boilerplate",), ("markup",) or ("spam",) for a sentence of page furniture, leftover
    CSS/JavaScript, or links and pitches; else ()."""
    prose = _TAGGED.sub(" ", text) if "<" in text else text
    bare = prose != text and len(_WORD.findall(prose)) < MARKUP_MIN_PROSE_WORDS
    # every form of markup but "window." has one of these characters: most sentences have none
    markup = _MARKUP if _MARKUP_CHARS.search(prose) else _WINDOW
    if bare or markup.search(prose):
        return (MARKUP,)
    if _BOILERPLATE.match(text):
        return (BOILERPLATE,)
    if _SPAM_WORDS.search(text) and len(_SPAM.findall(text)) >= SPAM_TOKENS:
        return (SPAM,)
    return ()


def document_score(
    sentence_flag_sets: Sequence[tuple[str, ...]],
    sentence_lengths: Sequence[int],
    doc_flags: tuple[str, ...],
) -> float:
    """The document's quality in [0, 1].

    score = max(0, good_chars / all_chars - sum(DOC_FLAG_PENALTY[f] for f in doc_flags)), where
    good_chars counts the characters of sentences not flagged ``low_quality`` (all_chars = 0
    counts as fully good), and the penalties are 0.05 for "mojibake_fixed" (repaired, but the
    source was damaged) and 0.10 for "invalid_utf8" (bytes were replaced, text may be lost).
    """
    total = sum(sentence_lengths)
    bad = sum(
        n
        for flags, n in zip(sentence_flag_sets, sentence_lengths, strict=True)
        if LOW_QUALITY in flags
    )
    share = 1.0 if total <= 0 else (total - bad) / total
    penalty = sum(DOC_FLAG_PENALTY.get(flag, 0.0) for flag in set(doc_flags))
    return round(min(1.0, max(0.0, share - penalty)), 4)


def _ngrams(words: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]


def _has_content(gram: tuple[str, ...]) -> bool:
    return any(word not in _FUNCTION_WORDS for word in gram)


def _has_loop(words: Sequence[str]) -> bool:
    """A content-bearing 3- to 6-word phrase occurs ``LOOP_MIN_REPEATS`` times or more."""
    for n in range(3, 7):
        counts = Counter(_ngrams(words, n))
        if any(k >= LOOP_MIN_REPEATS and _has_content(g) for g, k in counts.items()):
            return True
    return False


def _has_echo(words: Sequence[str]) -> bool:
    """A content-bearing phrase of 3+ words followed at once by itself, maybe after "and"."""
    for n in range(3, 7):
        for i in range(len(words) - 2 * n + 1):
            after = i + n + (1 if words[i + n] in _CONNECTORS else 0)
            gram = words[i : i + n]
            if words[after : after + n] == gram and _has_content(tuple(gram)):
                return True  # equality first: it is rarer and cheaper than the content test
    return False


def _repeated_share(words: Sequence[str]) -> float:
    """Share of words covered by content-bearing 4-word phrases that occur at least twice."""
    if len(words) < REPEAT_SHARE_MIN_WORDS:
        return 0.0
    grams = _ngrams(words, 4)
    counts = Counter(grams)
    covered: set[int] = set()
    for i, gram in enumerate(grams):
        if counts[gram] >= 2 and _has_content(gram):
            covered.update(range(i, i + 4))
    return len(covered) / len(words)


def _is_run_on(text: str, words: Sequence[str]) -> bool:
    marks = len(_MARK.findall(text))
    return len(words) > RUN_ON_WORDS and marks * RUN_ON_WORDS_PER_MARK < len(words)
