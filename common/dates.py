"""Dates kept as the sources write them (« 11 janvier 2017 », « Juillet 2016 ») shown in the page's
language: a text that is only a date is translated (« 11 January 2017 ») for an English page;
anything else (« fin 2019 (prévue) ») stays as written, marked as French by the template."""

from __future__ import annotations

import re

MONTHS = {
    "janvier": "January",
    "février": "February",
    "fevrier": "February",
    "mars": "March",
    "avril": "April",
    "mai": "May",
    "juin": "June",
    "juillet": "July",
    "août": "August",
    "aout": "August",
    "septembre": "September",
    "octobre": "October",
    "novembre": "November",
    "décembre": "December",
    "decembre": "December",
}
_DATE = re.compile(r"^\s*(?:(\d{1,2})(?:er)?\s+)?([a-zéèûôàç]+)\s+(\d{4})\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^\s*\d{4}\s*$")


def english_date(text: str) -> str | None:
    """« 1er juillet 2016 » → "1 July 2016", « Été 2017 » → None (not only a date), « 2018 » → "2018"."""
    if _YEAR.match(text):
        return text.strip()
    found = _DATE.match(text)
    if not found or found.group(2).lower() not in MONTHS:
        return None
    day, month, year = found.group(1), MONTHS[found.group(2).lower()], found.group(3)
    return f"{int(day)} {month} {year}" if day else f"{month} {year}"
