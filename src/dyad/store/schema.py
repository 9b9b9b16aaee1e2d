"""The store's tables, its schema version and the migrations that bring an older file up to date.

Every table is declared once here, as ``(column, SQL type)`` pairs; the DDL, the ingest rows and the
exports are all built from these declarations, so a column added here reaches all of them.

Schema versions:

1. documents, sentences, events, actors, quotes, quantities, meta, migrations.
2. clusters and mentions (cross-document deduplication, ``dyad dedup``).
3. copies: documents whose text repeats a stored document's (wire copies): each kept with its own
   id, date, url and publisher, linked by ``doc_hash`` to the one coded result.
4. where the coder took what it inferred: ``events.date_from``, ``*_country_from`` on events, quotes
   and actors (CODING.md §2), the document's dateline (``documents.dateline_*``), and
   ``event_reports``: the other reports of an event's act in its document (CODING.md §1.7).

Columns added by a later version are declared apart (``*_V4``) and appended by its migration, so a
new file and a migrated one have the same columns in the same order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import duckdb

from .._version import __version__
from ._errors import NotAStoreError, SchemaVersionError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4

Columns = tuple[tuple[str, str], ...]


def _actor(prefix: str) -> Columns:
    return tuple(
        (f"{prefix}_{name}", kind)
        for name, kind in (
            ("code", "VARCHAR"),
            ("text", "VARCHAR"),
            ("country", "VARCHAR"),
            ("role", "VARCHAR"),
            ("name", "VARCHAR"),
            ("start", "INTEGER"),
            ("end", "INTEGER"),
        )
    )


META: Columns = (("key", "VARCHAR PRIMARY KEY"), ("value", "VARCHAR NOT NULL"))

MIGRATIONS_TABLE: Columns = (
    ("version", "INTEGER PRIMARY KEY"),
    ("description", "VARCHAR NOT NULL"),
    ("applied_at", "TIMESTAMP NOT NULL"),
    ("dyad_version", "VARCHAR NOT NULL"),
)

DOCUMENTS_V1: Columns = (
    ("doc_hash", "VARCHAR PRIMARY KEY"),  # sha256 of the text: the document's identity
    ("doc_id", "VARCHAR NOT NULL"),  # the input's id, verbatim
    ("published", "VARCHAR"),
    ("published_day", "DATE"),
    ("status", "VARCHAR NOT NULL"),
    ("error", "VARCHAR"),
    ("quality_score", "DOUBLE"),
    ("quality_flags", "VARCHAR[]"),
    ("url", "VARCHAR"),
    ("title", "VARCHAR"),
    ("source", "VARCHAR"),  # the publisher as the input named it
    ("source_host", "VARCHAR"),  # the url's host name, lower case, without www.
    ("text", "VARCHAR"),
    ("n_sentences", "INTEGER"),
    ("n_events", "INTEGER"),
    ("ingested_at", "TIMESTAMP NOT NULL"),  # UTC
)

SENTENCES: Columns = (
    ("doc_hash", "VARCHAR NOT NULL"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("sentence", "INTEGER NOT NULL"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
    ("kind", "VARCHAR"),
    ("flags", "VARCHAR[]"),
)

EVENTS_V1: Columns = (
    ("event_key", "BIGINT PRIMARY KEY"),  # stable 60-bit number from (doc_hash, event_id)
    ("doc_hash", "VARCHAR NOT NULL"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("event_id", "VARCHAR NOT NULL"),
    ("sentence", "INTEGER"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
    ("trigger", "VARCHAR"),
    ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"),
    ("rule", "VARCHAR"),
    *_actor("source"),
    *_actor("target"),
    ("cameo", "VARCHAR NOT NULL"),
    ("name", "VARCHAR"),
    ("root", "VARCHAR NOT NULL"),
    ("quad_class", "TINYINT"),
    ("goldstein", "DOUBLE"),
    ("plover_type", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("modality", "VARCHAR NOT NULL"),
    ("date", "VARCHAR"),
    ("date_end", "VARCHAR"),
    ("historical", "BOOLEAN NOT NULL"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("confidence", "DOUBLE NOT NULL"),
    ("flags", "VARCHAR[]"),
    ("day", "DATE"),  # the day the event counts on: its date, else the document's published day
    ("day_basis", "VARCHAR"),  # day | month | year (precision of `date`) | published | NULL
)

ACTORS_V1: Columns = (
    ("doc_hash", "VARCHAR NOT NULL"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("event_id", "VARCHAR"),  # set for an event's source or target
    ("quote", "INTEGER"),  # set for a quote's speaker
    ("slot", "VARCHAR NOT NULL"),  # source | target | speaker
    ("text", "VARCHAR"),
    ("code", "VARCHAR"),
    ("country", "VARCHAR"),
    ("role", "VARCHAR"),
    ("name", "VARCHAR"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
)

QUOTES_V1: Columns = (
    ("doc_hash", "VARCHAR NOT NULL"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("quote", "INTEGER NOT NULL"),
    ("sentence", "INTEGER"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
    *_actor("speaker"),
)

QUANTITIES: Columns = (
    ("doc_hash", "VARCHAR NOT NULL"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("quantity", "INTEGER NOT NULL"),
    ("sentence", "INTEGER"),
    ("kind", "VARCHAR"),
    ("value", "DOUBLE"),
    ("unit", "VARCHAR"),
    ("text", "VARCHAR"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
)

CLUSTERS: Columns = (
    ("cluster_id", "BIGINT PRIMARY KEY"),  # the event_key of the cluster's first mention
    ("root", "VARCHAR NOT NULL"),
    ("cameo", "VARCHAR NOT NULL"),  # the first mention's code
    ("source_code", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("modality", "VARCHAR NOT NULL"),
    ("location_country", "VARCHAR"),
    ("day_first", "DATE"),
    ("day_last", "DATE"),
    ("num_mentions", "INTEGER NOT NULL"),
    ("num_sources", "INTEGER NOT NULL"),
    ("num_articles", "INTEGER NOT NULL"),
    ("goldstein_mean", "DOUBLE"),
    ("confidence_max", "DOUBLE"),
)

MENTIONS: Columns = (
    ("event_key", "BIGINT PRIMARY KEY"),
    ("cluster_id", "BIGINT NOT NULL"),
    ("doc_hash", "VARCHAR NOT NULL"),
    ("event_id", "VARCHAR NOT NULL"),
    ("is_first", "BOOLEAN NOT NULL"),
)

COPIES: Columns = (
    ("doc_hash", "VARCHAR NOT NULL"),  # the stored document whose text this one repeats
    ("copy_key", "VARCHAR NOT NULL"),  # sha256 of (doc_id, published, url, source): which copy
    ("doc_id", "VARCHAR NOT NULL"),  # the copy's own id, verbatim
    ("published", "VARCHAR"),
    ("published_day", "DATE"),
    ("url", "VARCHAR"),
    ("title", "VARCHAR"),
    ("source", "VARCHAR"),
    ("source_host", "VARCHAR"),
    ("ingested_at", "TIMESTAMP NOT NULL"),  # UTC
)

EVENT_REPORTS: Columns = (
    ("doc_hash", "VARCHAR NOT NULL"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("event_id", "VARCHAR NOT NULL"),
    ("report", "INTEGER NOT NULL"),  # 1, 2 ...: the event's own sentence is report 0, not listed
    ("sentence", "INTEGER"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
    ("trigger", "VARCHAR"),
)

# columns version 4 appends to version 1's tables
ADDED_V4: dict[str, Columns] = {
    "documents": (
        ("dateline_place", "VARCHAR"),  # "MAPUTO, Mozambique —": where the story was filed
        ("dateline_country", "VARCHAR"),
        ("dateline_region", "VARCHAR"),
        ("dateline_date", "VARCHAR"),
        ("dateline_agency", "VARCHAR"),
        ("dateline_start", "INTEGER"),
        ("dateline_end", "INTEGER"),
    ),
    "events": (
        ("date_from", "VARCHAR"),  # text | sentence | published | NULL
        ("source_country_from", "VARCHAR"),  # phrase | leader | group | antecedent | context ...
        ("target_country_from", "VARCHAR"),
    ),
    "actors": (("country_from", "VARCHAR"),),
    "quotes": (("speaker_country_from", "VARCHAR"),),
}

PRIMARY_KEYS = {
    "sentences": ("doc_hash", "sentence"),
    "copies": ("doc_hash", "copy_key"),
    "event_reports": ("doc_hash", "event_id", "report"),
}

TABLES_V1: dict[str, Columns] = {
    "documents": DOCUMENTS_V1,
    "sentences": SENTENCES,
    "events": EVENTS_V1,
    "actors": ACTORS_V1,
    "quotes": QUOTES_V1,
    "quantities": QUANTITIES,
}
TABLES_V2: dict[str, Columns] = {"clusters": CLUSTERS, "mentions": MENTIONS}
TABLES_V3: dict[str, Columns] = {"copies": COPIES}
TABLES_V4: dict[str, Columns] = {"event_reports": EVENT_REPORTS}
# the current declarations
DOCUMENTS = DOCUMENTS_V1 + ADDED_V4["documents"]
EVENTS = EVENTS_V1 + ADDED_V4["events"]
ACTORS = ACTORS_V1 + ADDED_V4["actors"]
QUOTES = QUOTES_V1 + ADDED_V4["quotes"]
TABLES: dict[str, Columns] = {
    **TABLES_V1,
    "documents": DOCUMENTS,
    "events": EVENTS,
    "actors": ACTORS,
    "quotes": QUOTES,
    **TABLES_V2,
    **TABLES_V3,
    **TABLES_V4,
}


def column_names(columns: Columns) -> tuple[str, ...]:
    """The bare column names of a declaration."""
    return tuple(name for name, _ in columns)


def quoted(name: str) -> str:
    """An identifier quoted for SQL (``end`` and ``date`` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def create_table(name: str, columns: Columns) -> str:
    """``CREATE TABLE`` for one declaration."""
    body = [f"{quoted(col)} {kind}" for col, kind in columns]
    if name in PRIMARY_KEYS:
        body.append(f"PRIMARY KEY ({', '.join(quoted(c) for c in PRIMARY_KEYS[name])})")
    return f"CREATE TABLE {quoted(name)} ({', '.join(body)})"


# --- migrations: one function per version step; each runs inside the caller's transaction --------


def _to_v1(con: duckdb.DuckDBPyConnection) -> None:
    for name, columns in {"meta": META, "migrations": MIGRATIONS_TABLE, **TABLES_V1}.items():
        con.execute(create_table(name, columns))


def _to_v2(con: duckdb.DuckDBPyConnection) -> None:
    for name, columns in TABLES_V2.items():
        con.execute(create_table(name, columns))


def _to_v3(con: duckdb.DuckDBPyConnection) -> None:
    for name, columns in TABLES_V3.items():
        con.execute(create_table(name, columns))


def _to_v4(con: duckdb.DuckDBPyConnection) -> None:
    for table, columns in ADDED_V4.items():
        for name, kind in columns:
            con.execute(f"ALTER TABLE {quoted(table)} ADD COLUMN {quoted(name)} {kind}")
    for name, columns in TABLES_V4.items():
        con.execute(create_table(name, columns))


Migration = Callable[[duckdb.DuckDBPyConnection], None]

MIGRATIONS: dict[int, tuple[str, Migration]] = {
    1: ("documents, sentences, events, actors, quotes, quantities", _to_v1),
    2: ("clusters and mentions for cross-document deduplication", _to_v2),
    3: ("copies: documents that repeat a stored document's text", _to_v3),
    4: ("dateline, date_from, country_from and event_reports: where inferences came from", _to_v4),
}


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the tables in the main schema."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {row[0] for row in rows}


def current_version(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """The file's schema version: 0 for a new, empty database."""
    tables = table_names(con)
    if not tables:
        return 0
    if "meta" not in tables:
        raise NotAStoreError(
            f"{path} is a DuckDB database but not a dyad event store (it has no 'meta' table, "
            f"but has {', '.join(sorted(tables)[:5])}); give --db a new file name"
        )
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else 0


def check_version(version: int, path: str) -> None:
    """Refuse a file written by a newer dyad; nothing in it is touched."""
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path} has schema version {version}, but this dyad ({__version__}) knows versions up "
            f"to {SCHEMA_VERSION}; upgrade dyad to read it (the file was left unchanged)"
        )


def migrate(con: duckdb.DuckDBPyConnection, path: str, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to ``target``, one step per transaction; return the new version."""
    version = current_version(con, path)
    check_version(version, path)
    while version < target:
        version += 1
        _apply(con, version)
    return version


def _apply(con: duckdb.DuckDBPyConnection, version: int) -> None:
    from ._tx import transaction

    description, step = MIGRATIONS[version]
    with transaction(con):
        step(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])
        con.execute(
            "INSERT INTO migrations VALUES (?, ?, ?, ?)",
            [version, description, datetime.now(UTC).replace(tzinfo=None), __version__],
        )
    log.info("schema migrated to version %d: %s", version, description)
