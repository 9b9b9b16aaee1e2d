"""Plain-text evaluation reports: headline figures, a per-root (or per-type) table, top errors."""

from __future__ import annotations

from collections.abc import Sequence

from dyad.eval.results import Counts, EvalReport, HitRow, ratio

TOP_ERROR_KINDS = 10


def fmt(value: float | None) -> str:
    """A figure with three decimals, or ``-`` when it is undefined."""
    return "-" if value is None else f"{value:.3f}"


def share(part: int, whole: int) -> str:
    """``part/whole (rate)``."""
    return f"{part}/{whole} ({fmt(ratio(part, whole))})"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Left-aligned first column, right-aligned others, two spaces between columns."""
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    ]


def counts_row(key: str, c: Counts) -> list[object]:
    return [key, c.tp, c.fp, c.fn, fmt(c.precision), fmt(c.recall), fmt(c.f1)]


def events_lines(report: EvalReport) -> list[str]:
    """Headline P/R/F1, secondary agreement among matches and the per-root table."""
    c = report.counts
    lines = [
        f"precision {fmt(c.precision)}  recall {fmt(c.recall)}  F1 {fmt(c.f1)}"
        f"  (TP {c.tp}, FP {c.fp}, FN {c.fn})"
    ]
    if report.agreement:
        parts = [
            f"{k.replace('_', ' ')} {share(a.agreed, a.compared)}"
            for k, a in report.agreement.items()
        ]
        lines.append(f"among {c.tp} matches: " + "; ".join(parts))
    if report.role_only.compared:
        lines.append(
            f"role-only actors (a role, no state) {share(report.role_only.agreed, report.role_only.compared)}"
            f"; events without a target {share(report.no_target.agreed, report.no_target.compared)}"
        )
    headers = ["root", "TP", "FP", "FN", "prec", "recall", "F1"]
    rows = [counts_row(k, v) for k, v in report.per_root.items()] + [counts_row("all", c)]
    out = [*lines, "", *table(headers, rows)]
    if report.per_phenomenon:
        by_phenomenon = [counts_row(k, v) for k, v in report.per_phenomenon.items()]
        out += ["", *table(["phenomenon", *headers[1:]], by_phenomenon)]
    return out


def codebook_lines(report: EvalReport) -> list[str]:
    """Root and exact-code hit rates over the codebook examples, per root."""
    h = report.hits
    head = f"root hit rate {share(h.hits, h.items)}; exact-code hit rate {share(h.exact, h.items)}"
    rows = [_hit_row(k, v, v.exact) for k, v in [*report.per_key.items(), ("all", h)]]
    return [head, "", *table(["root", "examples", "root hits", "rate", "exact", "rate"], rows)]


def _hit_row(key: str, row: HitRow, second: int) -> list[object]:
    return [key, row.items, row.hits, fmt(row.hit_rate), second, fmt(ratio(second, row.items))]


def plover_lines(report: EvalReport) -> list[str]:
    """Type hit rate and actor accuracy among hits, per PLOVER type."""
    h = report.hits
    head = (
        f"type hit rate {share(h.hits, h.items)}; among hits: source {share(h.source_ok, h.hits)},"
        f" target {share(h.target_ok, h.hits)}"
    )
    rows = [
        [
            k,
            v.items,
            v.hits,
            fmt(v.hit_rate),
            fmt(ratio(v.source_ok, v.hits)),
            fmt(ratio(v.target_ok, v.hits)),
        ]
        for k, v in [*report.per_key.items(), ("all", h)]
    ]
    return [head, "", *table(["type", "sentences", "hits", "rate", "source", "target"], rows)]


def error_lines(report: EvalReport, limit: int = TOP_ERROR_KINDS) -> list[str]:
    """The commonest error kinds, each with one example."""
    kinds = report.error_kinds()
    if not kinds:
        return ["no errors"]
    lines = [
        f"commonest errors ({min(limit, len(kinds))} of {len(kinds)} kinds, {len(report.errors)} cases):"
    ]
    for kind, count, case in kinds[:limit]:
        lines.append(f"  {count:5d}  {kind}")
        lines.append(f"         e.g. {case.doc_id}: {case.text}")
        lines.append(f"         gold {case.gold} | predicted {case.predicted}")
    return lines


def format_report(report: EvalReport) -> str:
    """A readable text report of one suite."""
    title = (
        f"== {report.suite} ({report.mode}): {report.documents} documents, {report.gold_events}"
        f" gold events, {report.predicted_events} predicted =="
    )
    body = {"events": events_lines, "codebook": codebook_lines, "plover": plover_lines}[report.mode]
    lines = [title, *body(report)]
    if report.unscored_documents:
        lines.append(f"{report.unscored_documents} documents were not coded (missing or failed)")
    lines += ["", *error_lines(report)]
    lines += [f"note: {note}" for note in report.notes]
    return "\n".join(lines) + "\n"
