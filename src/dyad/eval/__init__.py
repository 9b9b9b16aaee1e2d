"""Evaluation against gold standards: gold readers, scoring and reports behind ``dyad eval``.

The public entry points are re-exported from :mod:`dyad.evaluate`.
"""
