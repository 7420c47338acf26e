"""Arabic numbers: digits (Western, Eastern Arabic, Persian) and number words -> int.

``parse_number(words)`` reads the longest number at the start of a list of normalized words and
returns ``(value, words used, vague)``: "ثلاثة" -> 3, "خمسة وعشرين" -> 25, "ثلاثة آلاف" -> 3000,
"ألفي" -> 2000, "١٢" -> 12, "عشرات" -> (10, vague). The words are data:
``marsad/data/arabic/numbers.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import DATA, norm


@dataclass(frozen=True, slots=True)
class NumberWords:
    units: dict[str, int]
    teens: dict[str, int]
    tens: dict[str, int]
    hundreds: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]


@lru_cache(maxsize=1)
def words() -> NumberWords:
    with (DATA / "numbers.toml").open("rb") as fh:
        raw = tomllib.load(fh)

    def section(name: str) -> dict[str, int]:
        return {norm(k): int(v) for k, v in raw[name].items()}

    return NumberWords(
        units=section("units"),
        teens=section("teens"),
        tens=section("tens"),
        hundreds=section("hundreds"),
        scales=section("scales"),
        vague=section("vague"),
    )


@lru_cache(maxsize=1)
def number_words() -> frozenset[str]:
    """Every normalized word that can start or continue a number (for quick rejection)."""
    nw = words()
    out: set[str] = set()
    for table in (nw.units, nw.teens, nw.tens, nw.hundreds, nw.scales, nw.vague):
        out.update(table)
    return frozenset(out)


def could_be_number(word: str) -> bool:
    """A cheap test before :func:`parse_number`: digits, or a number word (with و)."""
    if not word:
        return False
    if word[0].isdigit():
        return True
    nws = number_words()
    return word in nws or (word[0] == "و" and word[1:] in nws)


def _digits(word: str) -> int | None:
    w = word.replace(",", "")
    if w.isdigit():
        try:
            return int(w)
        except ValueError:
            return None
    return None


def _strip_conj(word: str) -> str:
    return word[1:] if word.startswith("و") and len(word) > 2 else word


def parse_number(ws: list[str]) -> tuple[int, int, bool] | None:
    """The number at the start of ``ws`` (normalized words): (value, words used, vague)."""
    if not ws:
        return None
    nw = words()
    first = ws[0]
    if "." in first and first.replace(".", "", 1).isdigit():
        # "3.1 مليون": a decimal needs a scale to be a count
        if len(ws) > 1 and ws[1] in nw.scales and nw.scales[ws[1]] >= 1000:
            return int(round(float(first) * nw.scales[ws[1]])), 2, False
        return None
    d = _digits(first)
    if d is not None:
        # "3 آلاف", "1.5 مليون" is rare in casualty counts; handle "3 آلاف"
        if len(ws) > 1 and ws[1] in nw.scales and nw.scales[ws[1]] >= 1000:
            return d * nw.scales[ws[1]], 2, False
        return d, 1, False
    if first in nw.vague and first not in nw.units:
        return nw.vague[first], 1, True
    total = 0
    current = 0
    used = 0
    i = 0
    seen_any = False
    while i < len(ws):
        w = ws[i] if i == 0 else _strip_conj(ws[i])
        if i > 0 and not ws[i].startswith("و") and w not in nw.scales and not (
            ws[i] in ("عشر", "عشره") and current
        ):
            break  # words after the first join with و, except scales and the "عشر" of teens
        if i + 1 < len(ws) and w in nw.teens and ws[i + 1] in ("عشر", "عشره"):
            current += nw.teens[w]
            i += 2
            used = i
            seen_any = True
            continue
        if w in nw.units and w not in ("عشر", "عشره") or (w in ("عشر", "عشره") and not current):
            current += nw.units[w]
        elif w in nw.tens:
            current += nw.tens[w]
        elif w in nw.hundreds:
            current += nw.hundreds[w]
        elif w in nw.scales:
            scale = nw.scales[w]
            if w in ("الفي", "الفين", "الفان", "مليوني", "مليونين", "مليونان", "مايتي", "ميتي"):
                current = (current or 1) * scale if current else scale
                total += current
                current = 0
            else:
                total += (current or 1) * scale
                current = 0
        else:
            break
        seen_any = True
        i += 1
        used = i
    if not seen_any:
        return None
    return total + current, used, False
