"""HTML pages: the main text, title, date and URL, extracted with trafilatura.

Menus, footers, comments and scripts are left out. A page with no main text (only scripts, say) is
a failed document that says so, so it is counted and visible rather than silently dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..limits import Limits
from ..published import check_published
from ..records import DocumentInput
from ._bounded import Oversized, read_at_most
from ._text import file_size, looks_binary

log = logging.getLogger(__name__)

# Prefer the original publication date; do not guess dates from the body text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html_file(
    path: Path, *, published: str | None = None, limits: Limits | None = None
) -> DocumentInput:
    """One page, one document; id = the file name."""
    limits = limits or Limits()
    try:
        with path.open("rb") as fh:
            data = read_at_most(fh, limits.max_file_bytes)
    except OSError as exc:
        return DocumentInput(id=path.name, text="", error=f"{path}: cannot read ({exc.strerror})")
    if isinstance(data, Oversized):
        reason = f"{path}: {limits.too_big(file_size(path)) or limits.bigger_than(data.size - 1)}"
        return DocumentInput(id=path.name, text="", published=published, error=reason)
    page = document_from_html(data, doc_id=path.name, where=str(path), published=published)
    return limits.within_size(page)


def document_from_html(
    data: bytes | str,
    *,
    doc_id: str,
    where: str,
    url: str | None = None,
    fallback_date: str | None = None,
    published: str | None = None,
) -> DocumentInput:
    """A document from one page. Its date wins over ``fallback_date`` (e.g. WARC-Date), then ``published``."""
    if isinstance(data, bytes) and looks_binary(data):
        return DocumentInput(
            id=doc_id,
            text="",
            url=url,
            published=published,
            error=f"{where}: binary content (NUL or control bytes), not HTML",
        )
    page = _extract(data, url=url, where=where)
    if isinstance(page, str):
        return DocumentInput(id=doc_id, text="", url=url, published=published, error=page)
    return DocumentInput(
        id=doc_id,
        text=page["text"],
        published=_day(page.get("date")) or _day(fallback_date) or published,
        url=url or _str(page.get("url")),
        title=_str(page.get("title")),
        source=_str(page.get("sitename")),
    )


def _extract(data: bytes | str, *, url: str | None, where: str) -> dict[str, Any] | str:
    """trafilatura's fields as a dict, or the reason there is no main text."""
    import trafilatura  # 0.2 s to import: only for a run that reads HTML

    try:
        page = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=_DATE_PARAMS,
        )
        fields = page.as_dict() if page is not None and not isinstance(page, dict) else page
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
        log.debug("trafilatura failed on %s", where, exc_info=True)
        return f"{where}: cannot parse HTML ({type(exc).__name__}: {exc})"
    if not isinstance(fields, dict) or not _str(fields.get("text")):
        return f"{where}: {_why_no_text(data)}"
    return fields


def _why_no_text(data: bytes | str) -> str:
    """Why trafilatura found no main text: markup deeper than the HTML parser takes, or none."""
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.fromstring(data, parser=parser)
    except Exception:  # lxml refuses empty or broken documents in several ways
        log.debug("lxml cannot parse the page either", exc_info=True)
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            return (
                "markup nested deeper than the HTML parser allows (libxml2: "
                f"{entry.message.strip()}): its text cannot be extracted"
            )
    return "no main text found (the page has only scripts, markup or boilerplate)"


def _day(value: object) -> str | None:
    """The day of a date the page or its archive gives (``2025-05-06T...``), when valid."""
    text = _str(value)
    try:
        return check_published(text[:10]) if text else None
    except ValueError:
        return None


def _str(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
