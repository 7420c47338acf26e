"""A cheap language tag for ingest: Arabic by script, a few Latin-script languages by stopwords.

Only Arabic articles are analysed; the tag says why the others were skipped.
"""

from __future__ import annotations

import re

ARABIC_MIN_SHARE = 0.5  # of letters
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "on", "with", "said"},
    "fr": {"le", "la", "les", "des", "et", "est", "une", "dans", "du", "que", "pour", "sur"},
    "es": {"el", "los", "las", "del", "y", "en", "que", "una", "por", "con", "para", "se"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "auf", "ein"},
}


def detect_language(text: str, *, sample: int = 4000) -> str:
    """``ar``, ``fa``/``ur`` are not told apart from Arabic; Latin script -> en/fr/es/de or ``und``."""
    head = text[:sample]
    letters = [c for c in head if c.isalpha()]
    if not letters:
        return "und"
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f")
    if arabic / len(letters) >= ARABIC_MIN_SHARE:
        return "ar"
    words = [w.lower() for w in _WORD.findall(head)]
    if not words:
        return "und"
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= max(2, len(words) // 50) else "und"
