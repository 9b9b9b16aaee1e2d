"""The pure coder: documents in, document records out, one module per stage.

:mod:`.coder` streams documents through the stages (text and quality, language, spaCy with
dyad's rulers, actors and coreference, events, modality, time, place, quotes, quantities) and
builds the records of :mod:`dyad.records`. Nothing here writes files, prints or talks to a
database: the engines call the coder, the store keeps what it returns.
"""
