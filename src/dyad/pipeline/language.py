"""A light, dependency-free English detector, so that non-English documents are skipped, not miscoded.

dyad's dictionaries and model are English. Over the first ~2,000 characters of a document the
detector looks at the writing system (Cyrillic, Arabic, Han, ...) and, for Latin script, at the share
of words that are common function words of each language it knows. It errs towards English: a
document that is too short to tell, or that matches no language clearly, is treated as English.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..records import DocumentInput

SAMPLE_CHARS = 2000
MIN_WORDS = 20  # fewer words than this: too short to tell, treated as English
MIN_SHARE = 0.10  # a language needs at least this share of function words to be recognised


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common function words, chosen to overlap little between languages (``a``, ``in``, ``de`` left out).
_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and of to that with for was were is are has have had said by from this it be at which "
        "not his their they will would been but who or an its after he she we also about than "
        "there"
    ),
    "fr": _words(
        "le la les des du et est une dans pour que qui sur au aux avec ne pas par ce cette sont il "
        "elle ont été plus mais ou nous vous leur son sa ses se l d qu"
    ),
    "de": _words(
        "der die das und ist nicht ein eine den dem des mit von zu auf für sich auch es im dass "
        "wird wurde sind bei nach aus er sie wir oder aber als hat haben noch zum zur"
    ),
    "es": _words(
        "el los las y que del en un una por con para se es al lo como más pero sus su fue ha han "
        "este esta sobre entre también desde muy ya sin"
    ),
    "pt": _words(
        "o os as e do da dos das em um uma para com não por que no na nos se mais foi ao pelo pela "
        "seu sua também como é são"
    ),
    "it": _words(
        "il lo gli le di e che è del della dei delle un una per con non si da al alla sono ha anche "
        "come più ma nel nella"
    ),
    "nl": _words(
        "de het een en van is dat op te voor met zijn niet ook aan er maar om als bij door naar "
        "worden wordt werd heeft hij zij nog dan deze"
    ),
}

# Unicode name prefixes of letters -> the language a text mostly in that script most likely is.
_SCRIPTS = (
    ("CYRILLIC", "ru"),
    ("GREEK", "el"),
    ("ARABIC", "ar"),
    ("HEBREW", "he"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("CJK", "zh"),
    ("HANGUL", "ko"),
    ("DEVANAGARI", "hi"),
    ("THAI", "th"),
)

_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def detect_language(text: str) -> str | None:
    """A language code (``en``, ``fr``, ``ru``, ...) for ``text``, or None when it cannot tell."""
    sample = text[:SAMPLE_CHARS]
    script = _script_language(sample)
    if script is not None:
        return script
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    return _by_function_words(words)


def language_gate(doc: DocumentInput, *, accept: tuple[str, ...] = ("en",)) -> str | None:
    """Why ``doc`` should be skipped (e.g. ``"not English (looks like fr)"``), or None to code it."""
    if doc.error or not doc.text.strip():
        return None
    language = detect_language(doc.text)
    if language is None or language in accept:
        return None
    return f"not English (looks like {language})"


def _by_function_words(words: list[str]) -> str | None:
    shares = {
        lang: sum(w in stop for w in words) / len(words) for lang, stop in _STOP_WORDS.items()
    }
    best = max(shares, key=lambda lang: shares[lang])
    if best == "en" or shares["en"] >= MIN_SHARE:
        return "en"
    return best if shares[best] >= MIN_SHARE else None


def _script_language(sample: str) -> str | None:
    """The language of a non-Latin script that writes most of the letters, if one does."""
    counts: Counter[str] = Counter()
    others = [c for c in _NOT_ASCII.findall(sample) if c.isalpha()]  # no Latin letter is named
    letters = len(_ASCII_LETTER.findall(sample)) + len(others)
    for char in others:
        name = unicodedata.name(char, "")
        for prefix, language in _SCRIPTS:
            if name.startswith(prefix):
                counts[language] += 1
                break
    if letters < MIN_WORDS or not counts:
        return None
    if counts["ja"] and counts["ja"] * 10 >= letters:  # kana beside Han: Japanese
        return "ja" if counts["ja"] + counts["zh"] > letters / 2 else None
    language, count = counts.most_common(1)[0]
    return language if count > letters / 2 else None
