"""dyad's dictionaries: data files shipped in ``data/`` (see ``data/FORMATS.md``), validated at load.

Every bad entry raises :class:`~dyad.errors.DictionaryError` naming ``file:line``, the field, the
value and the fix. :func:`load_dictionaries` reads the shipped files and a user's files on top
into one immutable :class:`Dictionaries` bundle; :func:`validate_file` checks a user's own file.
"""

from .entries import (
    ROLE_CODES,
    RULE_FIELDS,
    SLOTS_FIXED,
    AgentTerm,
    CameoCode,
    Country,
    EventRule,
    Group,
    Igo,
    Leader,
    Term,
)
from .files import (
    HEADERS,
    read_agents,
    read_cameo,
    read_code_map,
    read_countries,
    read_groups,
    read_igos,
    read_leaders,
    read_lexicon,
    read_rules,
)
from .load import (
    Dictionaries,
    data_path,
    detect_kind,
    load_dictionaries,
    load_lexicon,
    validate_file,
)

__all__ = [
    "HEADERS",
    "ROLE_CODES",
    "RULE_FIELDS",
    "SLOTS_FIXED",
    "AgentTerm",
    "CameoCode",
    "Country",
    "Dictionaries",
    "EventRule",
    "Group",
    "Igo",
    "Leader",
    "Term",
    "data_path",
    "detect_kind",
    "load_dictionaries",
    "load_lexicon",
    "read_agents",
    "read_cameo",
    "read_code_map",
    "read_countries",
    "read_groups",
    "read_igos",
    "read_leaders",
    "read_lexicon",
    "read_rules",
    "validate_file",
]
