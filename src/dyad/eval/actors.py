"""Gold actor codes mapped onto dyad's codes, and the actor half of the matching rule.

Matching rule (docs/contract.md): two actor codes agree when their first 3 characters are equal, or
their first 6 when the code is an international body (``IGO``/``NGO``), so IGOUNOSEC matches
IGOUNO but not IGONAT. A null gold actor matches only a missing one. ``---`` (country unknown in
PETRARCH gold, e.g. ``---REB``) is how PETRARCH writes an actor with a role and no country; dyad
writes the same actor as the bare role (``REB``, as GDELT does), so the gold prefix is dropped
when gold codes are normalised (``---REB`` -> ``REB``).
"""

from __future__ import annotations

# Gold-side body codes that differ from dyad's (Phoenix/PETRARCH dictionaries put a region or
# sector infix between IGO and the body). The prefix is replaced; any suffix (a role) is kept.
IGO_ALIASES: dict[str, str] = {
    "IGOEUREEC": "IGOEEC",  # European Union / EC: Phoenix files it under Europe (EUR)
    "IGOWSTNAT": "IGONAT",  # NATO: Phoenix files it under the West (WST)
    "IGOAFRAFU": "IGOAFU",  # African Union: Phoenix region AFR
    "IGOSEAASN": "IGOASN",  # ASEAN: Phoenix region SEA (South-East Asia)
    "IGOBUSOPC": "IGOOPC",  # OPEC: Phoenix sector BUS
    "IGOBUSIMF": "IGOIMF",  # IMF: Phoenix sector BUS
    "IGOUNOHLHWHO": "IGOWHO",  # WHO: Phoenix nests it under the UN's health (HLH) agencies
}

# Country codes in the PLOVER gold records that are not ISO 3166-1 alpha-3.
COUNTRY_ALIASES: dict[str, str] = {
    "JAP": "JPN",  # Japan
    "ITL": "ITA",  # Italy
    "VTN": "VNM",  # Vietnam ("Vietnamese-led forces")
}

# Role (sector) codes in the PLOVER gold records that dyad writes differently.
SECTOR_ALIASES: dict[str, str] = {
    "CIV": "CVL",  # civilians, misspelt
    "JRN": "MED",  # journalists: CAMEO codes the media as MED
}

# A gold code that names only the kind of body (PLOVER codes every IGO as bare "IGO") carries no
# body to compare, so it matches any predicted code with that prefix.
GENERIC_BODIES: frozenset[str] = frozenset({"IGO", "NGO"})

UNKNOWN_COUNTRY = "---"


def is_body(code: str) -> bool:
    """True for international and non-governmental bodies, compared on 6 characters."""
    return code.startswith(("IGO", "NGO"))


def actor_key(code: str) -> str:
    """The part of a code the matching rule compares: 6 characters for IGO/NGO, else 3."""
    return code[:6] if is_body(code) else code[:3]


def actors_match(gold: str | None, predicted: str | None) -> bool:
    """Whether a predicted actor code satisfies a gold one under the matching rule."""
    if not gold:
        return not predicted
    if not predicted:
        return False
    if gold in GENERIC_BODIES:
        return predicted.startswith(gold)
    return actor_key(gold) == actor_key(predicted)


def normalize_gold_actor(code: str | None) -> str | None:
    """Map a gold actor code onto dyad's codes (aliases above); empty codes become None."""
    code = (code or "").strip().upper()
    if code.startswith(UNKNOWN_COUNTRY):
        code = code[len(UNKNOWN_COUNTRY) :]
    if not code:
        return None
    for old in sorted(IGO_ALIASES, key=len, reverse=True):
        if code.startswith(old):
            return IGO_ALIASES[old] + code[len(old) :]
    country = COUNTRY_ALIASES.get(code[:3])
    return country + code[3:] if country else code


def normalize_sector(sector: str | None) -> str:
    """A PLOVER gold sector as a CAMEO role: ``***`` and lower-case ethnic tags are dropped."""
    cleaned = "".join(ch for ch in (sector or "") if ch.isupper())
    return SECTOR_ALIASES.get(cleaned, cleaned)
