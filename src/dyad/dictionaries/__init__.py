"""dyad's dictionaries: data files shipped in ``data/`` (see ``data/FORMATS.md``), validated at load.

Every bad entry raises :class:`~dyad.errors.DictionaryError` naming ``file:line``, the field, the
value and the fix. :func:`load_dictionaries` reads the shipped files and a user's files on top
into one immutable :class:`Dictionaries` bundle; :func:`validate_file` checks a user's own file.
"""

from .entries import *
from .entries import __all__ as _entries
from .files import *
from .files import __all__ as _files
from .load import *
from .load import __all__ as _load

__all__ = [*_entries, *_files, *_load]
