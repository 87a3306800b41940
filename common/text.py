"""Text normalisation shared by commune lookup and search: "Saint-Étienne" -> "saint etienne"."""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: object) -> str:
    if not text:
        return ""
    text = str(text).translate(_LIGATURES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return _NON_WORD.sub(" ", text).strip()
