"""The store's defaults, in a module of their own so that a face can show them in its help
without loading DuckDB."""

DEFAULT_BATCH_SIZE = 100  # documents per ingest transaction
DEFAULT_MIN_CONFIDENCE = 0.5  # events below this confidence are not counted by default
