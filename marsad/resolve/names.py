"""English forms of Arabic names not in the knowledge base: arabic-name-romanizer (MIT).

The romanizer looks the whole name up in its dictionary of Wikidata person names with Latin
forms; a name it does not know is romanized by its rules (``model=False``, ~1 ms) or by its small
ONNX transliteration model (``model=True``: better foreign names, ~50 ms a name). Loaded on first use.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any


UNIT_CACHE = 100_000  # (unit, role, country) candidate lists kept by the rules-only transliterator

# Foreign names written in Arabic (ترامب، غوتيريش، توكور جوساو) spell their vowels with ا/و/ي; the
# romanizer's rules, made for Arabic names, add a short vowel between every two consonants
# ("Taramab", "Ghoutirish"). A word the romanizer knows only by rules, with no letter that marks an
# Arabic word (ع ح ص ض ط ظ ث ذ خ ء ة) and no article, is romanized letter by letter instead: no
# added vowels, و -> u, ي -> i/y, غ -> g, ق -> k, and -er/-en/-el at the end ("Kushner"), when every
# word of the name is such a word (one rare word among Arabic names is Arabic: "أسامة بن أحمد نقلي").
# On the 70 such words of the KB's non-Arab office holders: 3 -> 12 exact, similarity 0.70 -> 0.75.
_ARABIC_MARKS = frozenset("عحصضطظثذخءؤئة")
_VOWELS = frozenset("اويىآأإ")
_LETTERS = {
    "ب": "b", "ت": "t", "ج": "j", "د": "d", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "غ": "g", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
    "ى": "a", "آ": "a", "أ": "a", "إ": "i", "ا": "a",
}
_SEATS = frozenset("اأإآ")
_FINAL_SYLLABLE = re.compile("(?<=[bcdfghjklmnpqrstvwxz])([rnlm])$")


def looks_foreign(word: str) -> bool:
    return len(word) >= 4 and not (set(word) & _ARABIC_MARKS) and not word.startswith("ال")


def foreign_unit(word: str) -> str:
    """Letter-by-letter Latin form of a foreign name written in Arabic ("ترامب" -> "Tramb")."""
    out: list[str] = []
    seat = ""
    if len(word) > 2 and word[0] in _SEATS and word[1] in "يو":
        # a word-initial alef is the seat of the vowel written after it: إيغور -> Igor-like "Igur",
        # أونجو -> "Onjo", not "Iigur", "Aunjo"
        seat, word = ("I" if word[1] == "ي" else "O"), word[2:]
    for i, c in enumerate(word):
        prev = word[i - 1] if i else ("ا" if seat else "")
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if c == "و":
            out.append("w" if i == 0 or (prev in _VOWELS and nxt in _VOWELS) else "o" if not nxt else "u")
        elif c == "ي":
            out.append("y" if i == 0 or (prev in _VOWELS and nxt in _VOWELS) else "i")
        else:
            out.append(_LETTERS.get(c, ""))
    latin = _FINAL_SYLLABLE.sub(r"e\1", seat.lower() + "".join(out))
    return latin[:1].upper() + latin[1:]


@lru_cache(maxsize=2)
def _transliterator(model: bool) -> Any:
    try:
        from arabic_name_romanizer import Transliterator
    except ImportError:  # pragma: no cover - a runtime dependency, present in every install
        return None
    if model:
        return Transliterator(auto_load_model=True)

    class UnitCachedTransliterator(Transliterator):  # type: ignore[misc,valid-type]
        """The rules-only transliterator with its per-word candidates memoized: a name is
        romanized from the candidates of each word (dictionary rows, else rules), and most words
        of a first-seen name ("محمد", "عبد", "الله") were seen before. Each word's candidates
        depend only on (word, role, country), so the output is the same."""

        def __init__(self) -> None:
            super().__init__(auto_load_model=False)
            self._units: dict[tuple[Any, ...], Any] = {}

        def _resolve_units(
            self, items: list[tuple[str, str]], country: str | None, top_k: int, script: str = "arabic"
        ) -> dict[tuple[str, str], Any]:
            cache = self._units
            out: dict[tuple[str, str], Any] = {}
            todo: list[tuple[str, str]] = []
            for it in items:
                hit = cache.get((it, country, top_k, script))
                if hit is None:
                    todo.append(it)
                else:
                    out[it] = hit
            if todo:
                fresh = super()._resolve_units(todo, country, top_k, script)
                if len(cache) > UNIT_CACHE:
                    cache.clear()
                for it in todo:
                    out[it] = cache[(it, country, top_k, script)] = fresh[it]
            # a foreign name: every word known only by the rules and none marked Arabic ("توكور
            # جوساو"); one rare word among Arabic names ("أسامة بن أحمد نقلي") keeps the Arabic rules
            if out and all(c and c[0].source == "rules" and looks_foreign(it[0]) for it, c in out.items()):
                out = {it: [dataclasses.replace(c[0], text=foreign_unit(it[0]))] for it, c in out.items()}
            return out

    return UnitCachedTransliterator()


# The romanizer ranks combinations of the name's parts: its cost grows exponentially with the
# number of words (a 40-word run of names took > 30 s and 3 GB). Longer names are romanized in
# chunks of this many words.
MAX_WORDS = 4


@lru_cache(maxsize=50_000)
def romanize(name: str, *, country: str | None = None, model: bool = False) -> str | None:
    """Latin form of an Arabic name (``None`` if the romanizer is unavailable or fails)."""
    words = name.split()
    if len(words) > MAX_WORDS:
        parts = [
            romanize(" ".join(words[i : i + MAX_WORDS]), country=country, model=model)
            for i in range(0, len(words), MAX_WORDS)
        ]
        return " ".join(p for p in parts if p) or None
    t = _transliterator(model)
    if t is None or not name.strip():
        return None
    try:
        out = t.transliterate(name, country=_iso2(country))
    except Exception:  # noqa: BLE001 - a third-party model: never let it break the pipeline
        return None
    if isinstance(out, list):
        out = out[0] if out else None
    text = str(getattr(out, "text", out) or "").strip()
    return text or None


def _iso2(iso3: str | None) -> str | None:
    if not iso3:
        return None
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=iso3)
        return c.alpha_2 if c else None
    except (ImportError, LookupError):
        return None
