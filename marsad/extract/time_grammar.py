"""Find and normalize Arabic time expressions in one sentence.

Two levels:

1. :func:`items` (:mod:`marsad.extract.time_items`) turns the tokens of the *normalized* sentence
   (words, numbers, punctuation) into lexicon items (``marsad/data/times/lexicon.toml``),
   stripping a proclitic (و ف ب ل ك) when the word as written is unknown and joining multi-word
   entries ("كانون الثاني", "أمس الأول", "في وقت سابق"); each distinct token is read once.
2. :class:`Parser` runs a small set of rules at each item (relative days, weekdays, explicit and
   Hijri dates, years, relative calendar units, parts of a period, seasons, quarters, offsets
   "قبل ثلاثة أيام", durations, clock times, parts of the day, sets, vague words) and keeps the
   longest match, left to right; adjacent matches are then joined into ranges ("من 2010 إلى
   2015") and day + clock time ("مساء أمس" + "الساعة التاسعة").

Values follow TIMEX3 as the output contract says; relative expressions are resolved against the
publication date and get ``None`` without one. Decisions worth knowing:

- a bare weekday is the most recent one on or before the publication date, or the next one on or
  after it when the clause has a future marker (سوف، سـ + imperfect verb, المقبل ...);
  "الأحد الماضي"/"المقبل" exclude the publication day itself;
- a weekday beside اليوم/أمس/غدا that disagrees with the publication date wins, with a warning;
- a month (or day and month) without a year is the occurrence nearest the publication date;
  "أكتوبر الماضي" is the last October strictly before the publication month;
- "قبل ثلاثة أيام" is a DATE (publication date minus three days, at the unit's granularity);
  "منذ ثلاث سنوات" is a DURATION ``P3Y`` whose ``extra["anchor"]`` holds the date it points back
  to; "قبل/بعد ... من" (relative to another event) is a DURATION;
- a clock time with no day is put on the publication date (``T09:30`` alone without one);
- a Hijri month or year without a day is the Gregorian interval it covers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from marsad.extract import time_calendar as cal
from marsad.extract.time_items import PAD, PADDING, Chunk, Item
from marsad.extract.time_items import chunk_items as _chunk_items
from marsad.extract.time_items import chunks as _chunks
from marsad.extract.time_items import items as _items
from marsad.extract.time_items import might_have_time as _might_have_time
from marsad.extract.time_lexicon import Cats, Lexicon

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)
_TWO = cal.TWO
_CLOCK_RE = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
_DATE_RE = re.compile(r"([0-9]{1,4})[/\-.]([0-9]{1,2})[/\-.]([0-9]{1,4})")
_DAYRANGE_RE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})")
_FUTURE_SHAPE = re.compile(r"^[وف]?س[يتن][\u0621-\u064A]{2,}$")


def might_have_time(text: str, lex: Lexicon) -> bool:
    """False when no rule can start anywhere in the normalized ``text``: it can be skipped."""
    return _might_have_time(text, lex, _START_CATS)


def items(toks: list[str], lex: Lexicon) -> tuple[list[Item], list[int]]:
    """Lexical items of a sentence's tokens (:func:`marsad.extract.time_items.items`)."""
    return _items(toks, lex, _planner)


def chunks(sub: str, lex: Lexicon, table: dict[int, str | None]) -> list[Chunk]:
    """The memoized chunks of the original sentence ``sub`` (:func:`marsad.extract.time_items.chunks`)."""
    return _chunks(sub, lex, table, _START_CATS)


def chunk_items(ch: Chunk, lex: Lexicon) -> tuple[Item, ...] | None:
    """The items of a chunk (:func:`marsad.extract.time_items.chunk_items`)."""
    return _chunk_items(ch, lex, _planner)


@dataclass(slots=True)
class Match:
    i: int  # item range [i, j)
    j: int
    type: str
    value: str | None
    day: dt.date | None = None  # the single day it denotes, when it denotes one
    dayish: bool = False  # it denotes a single day (even if unresolved)
    clock: tuple[int, int] | None = None  # a clock time not yet put on a day
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _pod_value(day: dt.date | None, pod: str) -> str | None:
    if day is None:
        return None
    return f"{day.isoformat()}T12:00" if pod == "NOON" else f"{day.isoformat()}T{pod}"


def _adjust_hour(h: int, pod: str | None) -> int:
    if pod in ("AF", "EV"):
        return h + 12 if h < 12 else h
    if pod == "NOON":
        return h + 12 if h <= 5 else h
    if pod == "NI":
        if 6 <= h <= 11:
            return h + 12
        return 0 if h == 12 else h
    if pod == "MO":
        return 0 if h == 12 else h
    return h


class Parser:
    """Rules over the items of one sentence."""

    def __init__(
        self, its: list[Item], lex: Lexicon, pub: dt.date | None, standalone: bool = False
    ) -> None:
        self.n = len(its)
        self.it = its + _PADS  # out-of-range look-ups (to -PADDING, n + PADDING) hit PAD items
        self.lex = lex
        self.pub = pub
        # the whole input is known to be one time expression: a bare year, month name or unit
        # at its start needs no further context
        self.standalone = standalone

    # -- item tests ----------------------------------------------------------------------
    def cat(self, k: int, name: str) -> Any:
        return self.it[k].cats.get(name)

    def word(self, k: int) -> str:
        return self.it[k].w

    def inlist(self, k: int, name: str) -> bool:
        return name in self.it[k].lists

    def intval(self, k: int) -> int | None:
        return self.it[k].num

    def future(self, k: int) -> bool:
        """A future marker near item ``k`` in the sentence."""
        for x in range(max(0, k - 10), min(self.n, k + 4)):
            it = self.it[x]
            if it.kind != "w":
                continue
            if "future" in it.lists:
                return True
            if _FUTURE_SHAPE.match(it.w) and not self.lex.has("future_shape_not", it.w.lstrip("وف")):
                return True
        return False

    # -- numbers -------------------------------------------------------------------------
    def number(self, k: int) -> tuple[int, float] | None:
        """(end, value) of a number in digits or words at ``k``."""
        it = self.it
        v = it[k].num
        if v is not None:
            return k + 1, v
        c = it[k].cats.get("CARD")
        if c is None:
            t1 = it[k].cats.get("TEEN1")
            if t1 is not None and it[k + 1].cats.get("CARD") == 10:
                return k + 2, 11
            return None
        if c < 10 and it[k + 1].cats.get("CARD") == 10 and not it[k + 1].pre:
            return k + 2, c + 10
        if c < 10 and (t := it[k + 1].cats.get("CARD")) and it[k + 1].pre == "و" and 20 <= t <= 90:
            return k + 2, c + t
        return k + 1, c

    def ordinal(self, k: int) -> tuple[int, int] | None:
        it = self.it
        o = it[k].cats.get("ORD")
        if o is None:
            t = it[k].cats.get("ORDT")
            return (k + 1, t) if t else None
        if o < 10 and it[k + 1].cats.get("CARD") == 10 and not it[k + 1].pre:
            return k + 2, o + 10
        if (t := it[k + 1].cats.get("ORDT")) and it[k + 1].pre == "و":
            return k + 2, o + t
        return k + 1, o

    def daynum(self, k: int) -> tuple[int, int] | None:
        it = self.it
        r = self.ordinal(k)
        if r is None:
            v = it[k].num
            if v is not None and len(it[k].w) <= 2:
                r = (k + 1, v)
            else:
                nb = self.number(k)
                r = (nb[0], int(nb[1])) if nb and float(nb[1]).is_integer() else None
        if r and 1 <= r[1] <= 31:
            return r
        return None

    def year(self, k: int) -> tuple[int, int, str | None] | None:
        """(end, year, era) of a 4-digit year with an optional era mark."""
        it = self.it
        v = it[k].num
        if v is None or len(it[k].w) != 4:
            return None
        era = it[k + 1].cats.get("ERA")
        end = k + 2 if era else k + 1
        if era is None and 1300 <= v <= 1500:
            era = "AH?"
        if era == "AH" and not 1300 <= v <= 1500:
            return None
        if era in (None, "CE") and not 1800 <= v <= 2100:
            return None
        return end, v, era

    # -- resolution helpers ----------------------------------------------------------------
    def _day_match(self, i: int, j: int, day: dt.date | None, **kw: Any) -> Match:
        return Match(i, j, "DATE", day.isoformat() if day else None, day=day, dayish=True, **kw)

    # -- rules ---------------------------------------------------------------------------
    def r_dayrel(self, i: int) -> Match | None:
        it = self.it
        k = i
        if ("day_word" in it[k].lists):
            k += 1
        off = it[k].cats.get("DREL")
        if off is None:
            return None
        if off == 0 and " " not in it[k].w:
            if k == i and (("today_not_after" in it[i - 1].lists) and not it[i].pre):
                return None
            if ("today_not_before" in it[k + 1].lists):
                return None
        k += 1
        warnings: list[str] = []
        day = cal.add_days(self.pub, off) if self.pub else None
        wd = it[k].cats.get("WD")
        if wd is not None:
            k += 1
            if day is not None and day.isoweekday() != wd:
                fixed = cal.nearest_weekday(day, wd)
                warnings.append(
                    f"weekday disagrees with the publication date: {it[i].w} = {day.isoformat()}"
                    f" is not a {it[k - 1].w}; using {fixed.isoformat()}"
                )
                day = fixed
        pod = it[k].cats.get("POD")
        if pod is not None and not it[k].pre:
            return Match(i, k + 1, "TIME", _pod_value(day, pod), day=day, warnings=warnings)
        return self._day_match(i, k, day, warnings=warnings)

    def r_weekday(self, i: int) -> Match | None:
        it = self.it
        k = i
        dayw = ("day_word" in it[k].lists)
        if dayw:
            k += 1
        wd = it[k].cats.get("WD")
        if wd is None and dayw:
            wd = it[k].cats.get("WDB")
        if wd is None:
            return None
        if not dayw and ("weekday_not_after" in it[i - 1].lists):
            return None
        k += 1
        rel = it[k].cats.get("REL")
        if rel is not None:
            k += 1
        elif (it[k].cats.get("WD") is not None and it[k].pre == "و") and (r2 := it[k + 1].cats.get("REL")):
            rel = r2  # "الثلاثاء والأربعاء المقبلين": the relative word after the pair is shared
        # an explicit date after it: "الخميس 10 أكتوبر", "الخميس، الموافق 2 يوليو"
        k2 = k
        if it[k2].w == ",":
            k2 += 1
        if ("equals" in it[k2].lists):
            k2 += 1
        ex = self.r_explicit(k2) or self.r_numeric(k2)
        if ex is not None and ex.day is not None:
            if ex.day.isoweekday() != wd:
                ex.warnings.append(f"weekday {it[k - 1].w} does not match the date {ex.day.isoformat()}")
            ex.i = i
            return ex
        if self.pub is None:
            return self._day_match(i, k, None)
        if rel is not None and rel < 0:
            day = cal.weekday_shift(self.pub, wd, direction=-1, inclusive=False)
        elif rel is not None and rel > 0:
            day = cal.weekday_shift(self.pub, wd, direction=1, inclusive=False)
        elif rel == 0:
            day = cal.nearest_weekday(self.pub, wd)
        elif self.future(i):
            day = cal.weekday_shift(self.pub, wd, direction=1, inclusive=True)
        else:
            day = cal.weekday_shift(self.pub, wd, direction=-1, inclusive=True)
        if it[k].w == "من" and it[k + 1].cats.get("EVERY") and (
            it[k + 2].cats.get("UDEF") == "W" or it[k + 2].cats.get("UNIT") == ("W", 1)
        ):
            return Match(i, k + 3, "SET", f"XXXX-WXX-{wd}")  # "يوم السبت من كل أسبوع"
        pod = it[k].cats.get("POD")
        if pod is not None and pod != "NI" and not it[k].pre:
            return Match(i, k + 1, "TIME", _pod_value(day, pod), day=day)
        return self._day_match(i, k, day)

    def _synonyms(self, k: int) -> int:
        """Skip a second name of the same month: "تموز/يوليو", "كانون الثاني (يناير)"."""
        it = self.it
        if it[k].w == "/" and it[k + 1].cats.get("MONTH"):
            return k + 2
        if it[k].w == "(" and it[k + 1].cats.get("MONTH") and it[k + 2].w == ")":
            return k + 3
        if it[k].cats.get("MONTH") and it[k].kind == "w" and not it[k].pre:
            return k + 1  # "يوليو تموز"
        return k

    def _year_tail(self, k: int) -> tuple[int, int | None, str | None, int | None]:
        """After a month: (end, year, era, rel) from "2025", "عام 2025", "من عام 1869", "في عام
        1976", "1447هـ", "الماضي"."""
        it = self.it
        k = self._synonyms(k)
        k2 = k
        while k2 < k + 3:
            if k2 > k and (ur := self._unit_rel(k2)) is not None and ur[1] == "Y" and ur[2] is not None:
                # "نوفمبر من هذا العام", "مارس من العام الماضي"
                return ur[0], (self.pub.year + ur[2] if self.pub else None), None, None
            if not (it[k2].w in (",", "في") or ("of" in it[k2].lists)):
                break
            k2 += 1
        y = self.year(k2)
        if y is not None:
            return y[0], y[1], y[2], None
        rel = it[k].cats.get("REL")
        if rel is not None:
            return k + 1, None, None, rel
        return k, None, None, None

    def r_explicit(self, i: int) -> Match | None:
        it = self.it
        k = i
        if ("day_word" in it[k].lists):
            k += 1
        d1 = self.daynum(k)
        day2: int | None = None
        if d1 is None:
            rm = _DAYRANGE_RE.fullmatch(it[k].w) if it[k].num is None else None
            if not rm:
                return None
            k, dday, day2 = k + 1, int(rm.group(1)), int(rm.group(2))
        else:
            k, dday = d1
            if it[k].cats.get("RTO") and it[k].kind != "n":
                d2 = self.daynum(k + 1)
                if d2 is not None and (
                    it[d2[0]].cats.get("MONTH") or (("of" in it[d2[0]].lists) and it[d2[0] + 1].cats.get("MONTH"))
                ):
                    k, day2 = d2
        if ("of" in it[k].lists) and it[k].w == "من":
            k += 1
        mon = it[k].cats.get("MONTH")
        if mon is None:
            ur = self._unit_rel(k)
            if ur is None or ur[1] != "M" or day2 is not None:
                return None
            if self.pub is None or ur[2] is None:
                return self._day_match(i, ur[0], None)
            y, mo = cal.add_months(self.pub.year, self.pub.month, ur[2])
            return self._day_match(i, ur[0], cal.make_date(y, mo, dday))
        system, month = mon
        k, year, era, rel = self._year_tail(k + 1)
        hijri = system == "H" or era == "AH"
        if era == "AH?" and system == "G":
            era = None
        days: list[dt.date | None] = []
        for dd in (dday, day2) if day2 is not None else (dday,):
            if hijri:
                if year is not None:
                    days.append(cal.hijri_to_date(year, month, dd))
                elif self.pub is not None:
                    days.append(cal.nearest_hijri_day(month, dd, self.pub))
                else:
                    days.append(None)
            elif year is not None:
                days.append(cal.make_date(year, month, dd))
            elif self.pub is None:
                days.append(None)
            elif rel is not None and rel != 0:
                # "27 أغسطس المقبل" on 6 August = the coming 27 August; "10 مارس الماضي" = the last
                days.append(cal.relative_day(month, dd, self.pub, rel))
            elif rel == 0:
                days.append(cal.make_date(self.pub.year, month, dd))
            else:
                days.append(cal.tense_day_year(month, dd, self.pub, future=self.future(i)))
        if len(days) == 2:
            a, b = days
            value = f"{a.isoformat()}/{b.isoformat()}" if a and b else None
            return Match(i, k, "DATE", value)
        return self._day_match(i, k, days[0])

    def _month_context(self, i: int, k: int, ambiguous: bool) -> bool:
        """Enough context around the month name at ``i``..``k`` to trust it."""
        it = self.it
        if self.standalone and i == 0:
            return True
        k = self._synonyms(k)
        before = ("month_word" in it[i - 1].lists)
        after = self.year(k) is not None or it[k].cats.get("REL") is not None or (
            ("of" in it[k].lists) and self.year(k + 1) is not None
        )
        if ambiguous:
            return before or after
        prev_ok = i > 0 and (
            ("year_before" in it[i - 1].lists) or it[i - 1].cats.get("MPART") is not None
            or it[i - 1].cats.get("RFROM") is not None or it[i - 1].cats.get("RTO") is not None
            or it[i - 1].cats.get("PREP") is not None
        )
        return before or after or prev_ok or bool(it[i].pre in ("ف", "ب", "ل"))

    def r_month(self, i: int) -> Match | None:
        it = self.it
        k = i
        if ("month_word" in it[k].lists):
            k += 1
        mon = it[k].cats.get("MONTH")
        if mon is None:
            return None
        system, month = mon
        ambiguous = self.lex.has("ambiguous_month", it[k].w)
        if k == i and not self._month_context(i, k + 1, ambiguous):
            return None
        k, year, era, rel = self._year_tail(k + 1)
        if system == "H" or era == "AH":
            if year is None:
                year = cal.nearest_hijri_month_year(month, self.pub, rel) if self.pub else None
            value = cal.hijri_month_interval(year, month) if year is not None else None
            return Match(i, k, "DATE", value)
        if year is None and self.pub is not None:
            year = (
                cal.relative_month_year(month, self.pub, rel) if rel is not None
                else cal.tense_month_year(month, self.pub, future=self.future(i))
            )
        return Match(i, k, "DATE", cal.month_value(year, month) if year is not None else None)

    def r_year(self, i: int) -> Match | None:
        it = self.it
        k = i
        intro = (
            ("year_before" in it[k].lists) and it[k].kind == "w" and it[k].cats.get("UDEF") in (None, "Y")
        )
        intro_word = intro and it[k].w in ("عام", "العام", "سنه", "السنه", "لعام", "لسنه")
        if intro_word:
            k += 1
        y = self.year(k)
        if y is None:
            return None
        end, year, era = y
        opens_range = it[end].cats.get("RTO") is not None and self.year(end + 1) is not None
        contextual = (
            intro_word or era in ("CE", "AH") or (self.standalone and i == 0) or opens_range
            or ("year_before" in it[i - 1].lists)
        )
        if not contextual and not (
            i > 0 and it[i - 1].cats.get("RTO") is not None
        ) and not ("month_word" in it[i - 1].lists):
            return None
        if era == "AH" or (era == "AH?" and intro_word):
            return Match(i, end, "DATE", cal.hijri_year_interval(year))
        if era == "AH?":
            return None
        return Match(i, end, "DATE", cal.year4(year))

    def r_numeric(self, i: int) -> Match | None:
        it = self.it
        if not (0 <= i < self.n) or it[i].kind != "n":
            return None
        m = _DATE_RE.fullmatch(it[i].w)
        if m:
            parts = m.groups()
            end = i + 1
        elif (
            it[i + 1].w in ("/", "-") and it[i + 3].w == it[i + 1].w
            and it[i].num is not None and it[i + 2].num is not None
            and it[i + 4].num is not None
        ):
            parts = (it[i].w, it[i + 2].w, it[i + 4].w)
            end = i + 5
        else:
            return None
        a, b, c = (int(x) for x in parts)
        y, mo, d = (a, b, c) if len(parts[0]) == 4 else (c, b, a)
        if y < 100 or len(parts[0]) not in (1, 2, 4):
            return None
        era = it[end].cats.get("ERA")
        if era:
            end += 1
        if era == "AH" or (era is None and 1300 <= y <= 1500):
            day = cal.hijri_to_date(y, mo, d)
        else:
            day = cal.make_date(y, mo, d)
        if day is None:
            return None
        return self._day_match(i, end, day)

    def _unit_rel(self, i: int) -> tuple[int, str, int | None] | None:
        """(end, unit, rel) of "العام الماضي", "هذا الأسبوع", "الأسبوع قبل الماضي", "الشهر الجاري"."""
        it = self.it
        k = i
        dem = it[k].cats.get("DEM")
        if dem is not None:
            k += 1
        unit = it[k].cats.get("UDEF")
        if unit is None:
            return None
        k += 1
        if dem is not None:
            return k, unit, 0
        rel = it[k].cats.get("REL")
        if rel is not None:
            return k + 1, unit, rel
        if it[k].cats.get("RELANA") is not None:
            return k + 1, unit, None
        if it[k].cats.get("PREP") in ("ago", "after") and (r2 := it[k + 1].cats.get("REL")) and r2 != 0:
            return k + 2, unit, 2 * r2
        return None

    def _unit_value(self, unit: str, rel: int | None) -> tuple[str, str | None, dt.date | None]:
        pub = self.pub
        if pub is None or rel is None:
            return ("TIME" if unit in ("NIGHT", "MORNING") else "DATE"), None, None
        if unit == "W":
            return "DATE", cal.week_value(pub + _WEEK * rel), None
        if unit == "M":
            y, m = cal.add_months(pub.year, pub.month, rel)
            return "DATE", cal.month_value(y, m), None
        if unit == "Y":
            return "DATE", cal.year4(pub.year + rel), None
        day = pub + _DAY * rel
        return "TIME", _pod_value(day, "NI" if unit == "NIGHT" else "MO"), day

    def r_relunit(self, i: int) -> Match | None:
        it = self.it
        r = self._unit_rel(i)
        if r is None:
            unit = it[i].cats.get("UDEF")
            if unit == "NIGHT" and it[i + 1].cats.get("REL") is None:
                t, v, day = self._unit_value(unit, 0)  # "الليلة" = tonight
                return Match(i, i + 1, t, v, day=day)
            return None
        end, unit, rel = r
        t, v, day = self._unit_value(unit, rel)
        return Match(i, end, t, v, day=day)

    def r_mpart(self, i: int) -> Match | None:
        it = self.it
        mod = it[i].cats.get("MPART")
        if mod is None:
            return None
        k = i + 1
        if it[k].w == "من":
            k += 1
        inner = self.r_relunit(k) or self.r_month(k) or self.r_year(k)
        if inner is None and it[k].cats.get("MONTH") is not None:
            inner = self.r_month(k)
        if inner is None:
            unit = it[k].cats.get("UDEF")
            if unit in ("W", "M", "Y") and ("not_calendar" in it[k + 1].lists):
                return Match(i, k + 2, "DATE", None, extra={"mod": mod})
            if unit in ("W", "M", "Y"):
                t, v, _ = self._unit_value(unit, 0)
                inner = Match(k, k + 1, t, v)
        if inner is None or inner.type != "DATE":
            return None
        return Match(i, inner.j, "DATE", inner.value, extra={"mod": mod})

    def _season_year(self, season: str, rel: int) -> int | None:
        if self.pub is None:
            return None
        start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
        p = self.pub.year * 12 + self.pub.month - 1
        spans = [(y, y * 12 + start - 1) for y in range(self.pub.year - 2, self.pub.year + 2)]
        if rel < 0:
            done = [y for y, s in spans if s + 2 < p]
            return done[-1] if done else None
        if rel > 0:
            nxt = [y for y, s in spans if s > p]
            return nxt[0] if nxt else None
        for y, s in spans:
            if s <= p <= s + 2:
                return y
        nxt = [y for y, s in spans if s > p]
        return nxt[0] if nxt else self.pub.year

    def r_season(self, i: int) -> Match | None:
        it = self.it
        k = i
        dem = it[k].cats.get("DEM")
        if dem is not None:
            k += 1
        season = it[k].cats.get("SEASON")
        if season is None:
            return None
        k += 1
        k2 = k + 1 if ("of" in it[k].lists) else k
        y = self.year(k2)
        if y is not None and y[2] in (None, "CE"):
            return Match(i, y[0], "DATE", cal.year4(y[1]) + "-" + season)
        rel = it[k].cats.get("REL")
        if dem is not None:
            rel = 0
        elif rel is None:
            r = self._unit_rel(k) or self._unit_rel(k2)
            if r is None or r[1] != "Y":
                return None
            year = self.pub.year + r[2] if self.pub and r[2] is not None else None
            return Match(i, r[0], "DATE", cal.year4(year) + "-" + season if year is not None else None)
        else:
            k += 1
        year = self._season_year(season, rel)
        return Match(i, k, "DATE", cal.year4(year) + "-" + season if year is not None else None)

    def r_fraction(self, i: int) -> Match | None:
        it = self.it
        frac = it[i].cats.get("FRAC")
        if frac is None:
            return None
        o = self.ordinal(i + 1)
        if o is None or not (1 <= o[1] <= (4 if frac == "Q" else 2)):
            return None
        k = o[0]
        k2 = k + 1 if ("of" in it[k].lists) else k
        if it[k2].w == "عام" or it[k2].w == "العام" and self.year(k2 + 1):
            k2 += 1
        y = self.year(k2)
        year: int | None
        if y is not None and y[2] in (None, "CE"):
            end, year = y[0], y[1]
        else:
            r = self._unit_rel(k2)
            if r is not None and r[1] == "Y":
                end, year = r[0], (self.pub.year + r[2] if self.pub and r[2] is not None else None)
            elif it[k2].cats.get("UDEF") == "Y":
                end, year = k2 + 1, (self.pub.year if self.pub else None)
            else:
                return None
        return Match(i, end, "DATE", f"{cal.year4(year)}-{frac}{o[1]}" if year is not None else None)

    def _amount(self, k: int) -> tuple[int, float | None, str, str | None] | None:
        """(end, number, unit, mod) of "ثلاثة أيام", "48 ساعة", "يومين", "عام"; number None for a
        bare plural ("أيام")."""
        it = self.it
        mod = it[k].cats.get("APPROX")
        if mod is not None:
            k += 1
        u = it[k].cats.get("UNIT")
        if u is not None:
            unit, count = u
            if count == 1 and (
                self.year(k + 1) is not None or it[k + 1].num is not None
                or any(c in it[k + 1].cats for c in ("MONTH", "WD", "WDB", "DREL") if k + 1 < self.n)
            ):
                return None  # "عام 2014", "شهر رمضان", "يوم الجمعة", "يوم 10": a name, not an amount
            n = None if count == 0 else float(count)
            if n is not None and it[k + 1].cats.get("MINW") == 30 and it[k + 1].pre == "و":
                return k + 2, n + 0.5, unit, mod
            return k + 1, n, unit, mod
        nb = self.number(k)
        if nb is None:
            return None
        end, val = nb
        u = it[end].cats.get("UNIT")
        if u is None or u[1] == 2:
            return None
        if val > 10000 or val <= 0:
            return None
        if it[end + 1].cats.get("MINW") == 30 and it[end + 1].pre == "و":
            return end + 2, val + 0.5, u[0], mod
        return end + 1, val, u[0], mod

    def _shift(self, n: float, unit: str, sign: int) -> tuple[str | None, dt.date | None]:
        pub = self.pub
        if pub is None or not float(n).is_integer():
            return None, None
        m = int(n) * sign
        if unit in ("S", "MIN", "H"):
            return pub.isoformat(), pub
        if unit == "D":
            d = cal.add_days(pub, m)
            return (d.isoformat() if d else None), d
        if unit == "W":
            d = cal.add_days(pub, 7 * m)
            return (cal.week_value(d) if d else None), None
        if unit == "M":
            y, mo = cal.add_months(pub.year, pub.month, m)
            return cal.month_value(y, mo), None
        mult = {"Y": 1, "DE": 10, "CE": 100}[unit]
        return cal.year4(pub.year + m * mult), None

    def r_offset(self, i: int) -> Match | None:
        it = self.it
        role = it[i].cats.get("PREP")
        if role is None:
            return None
        a = self._amount(i + 1)
        if a is None:
            return None
        end, n, unit, mod = a
        extra: dict[str, Any] = {"mod": mod} if mod else {}
        if n is None:  # "منذ سنوات", "قبل أيام": vague
            if role == "for" or (role == "after" and it[end + 1].w in ("من", "علي")) or (
                    role == "after" and it[end].w in ("من", "علي")):
                return Match(i, end, "DURATION", None, extra=extra)
            return Match(i, end, "DURATION" if role == "since" else "DATE", None, extra=extra)
        dur = cal.duration(n, unit)
        relative_to_other = (
            it[end].w in ("من", "علي") and role in ("ago", "after")
            and not ("filler" in it[end + 1].lists)
        )
        if relative_to_other and role in ("ago", "after") and (base := self.r_dayrel(end + 1)) is not None:
            if base.day is None or not float(n).is_integer():
                return Match(i, base.j, "DATE", None, extra=extra)
            sign = -1 if role == "ago" else 1
            saved, self.pub = self.pub, base.day
            try:
                value, day = self._shift(n, unit, sign)
            finally:
                self.pub = saved
            return Match(i, base.j, "DATE", value, day=day, dayish=unit == "D", extra=extra)
        if role == "for" or relative_to_other:
            return Match(i + 1, end, "DURATION", dur, extra=extra)
        sign = -1 if role in ("ago", "since") else 1
        value, day = self._shift(n, unit, sign)
        if role == "since":
            if value is not None:
                extra["anchor"] = value
            return Match(i, end, "DURATION", dur, extra=extra)
        return Match(i, end, "DATE", value, day=day, dayish=unit == "D", extra=extra)

    def r_last_units(self, i: int) -> Match | None:
        """"الساعات الـ24 الماضية", "الأشهر الستة المقبلة", "العامين الماضيين" -> a duration;
        without a number ("الأيام الماضية") a vague one (value null)."""
        it = self.it
        u = it[i].cats.get("UPLDEF")
        if u is None:
            return None
        unit, count = u
        k = i + 1
        n: float | None = float(count) if count else None
        if n is None:
            if it[k].w == "ال" and it[k + 1].num is not None:
                n, k = float(it[k + 1].num or 0), k + 2
            elif it[k].num is not None:
                n, k = float(it[k].num or 0), k + 1
            elif it[k].w.startswith("ال") and (c := self.lex.lookup(it[k].w[2:]).get("CARD")):
                n, k = float(c), k + 1
        rel = it[k].cats.get("REL")
        if rel is None or rel == 0:
            return None
        return Match(i, k + 1, "DURATION", cal.duration(n, unit) if n else None)

    def r_duration(self, i: int) -> Match | None:
        it = self.it
        a = self._amount(i)
        if a is None:
            return None
        end, n, unit, mod = a
        if n is None:
            return None
        first = it[i] if it[i].cats.get("APPROX") is None else it[i + 1]
        if first is it[i] and ("adjective_duals" in it[i].lists) and not it[i].pre and i > 0 and (
            it[i - 1].w.endswith(("ين", "ان"))
        ):
            return None  # "مقرين عامين": an adjective agreeing with a dual noun
        if first.kind == "w" and "UNIT" in first.cats and n == 1 and not (
            self.standalone and i == 0 and end == self.n
        ):
            return None  # a bare singular unit ("عام", "ساعة") is not a duration by itself
        return Match(i, end, "DURATION", cal.duration(n, unit), extra={"mod": mod} if mod else {})

    def _hour(self, k: int) -> tuple[int, int, int] | None:
        """(end, hour, minute) at ``k``: "9:30", "9", "الثالثة", "الثانية عشرة" (+ "والنصف" ...)."""
        it = self.it
        if 0 <= k < self.n and it[k].kind == "n":
            cm = _CLOCK_RE.fullmatch(it[k].w)
            if cm:
                h, m = int(cm.group(1)), int(cm.group(2))
            elif it[k].num is not None and len(it[k].w) <= 2:
                h, m = it[k].num, 0
            else:
                return None
            end = k + 1
        else:
            h0 = it[k].cats.get("HOUR")
            if h0 is None:
                return None
            end, h = k + 1, h0
            if h0 < 10 and it[end].cats.get("CARD") == 10 and not it[end].pre:
                end, h = end + 1, h0 + 10
            m = 0
        mw = it[end].cats.get("MINW")
        if mw is not None and it[end].pre == "و":
            m, end = mw, end + 1
        elif it[end].cats.get("EXCEPT") and (mw2 := it[end + 1].cats.get("MINW")):
            h, m, end = h - 1, 60 - mw2, end + 2
        elif it[end].pre == "و" if 0 <= end < self.n else False:
            nb = self.number(end) if it[end].kind == "w" else None
            if nb and it[nb[0]].cats.get("UNIT") and it[nb[0]].cats.get("UNIT")[0] == "MIN":
                m, end = int(nb[1]), nb[0] + 1
        if not (0 <= h <= 24 and 0 <= m < 60):
            return None
        return end, h, m

    def r_clock(self, i: int) -> Match | None:
        it = self.it
        k = i
        hw = it[k].cats.get("HOURW") is not None
        if hw:
            k += 1
        hm = self._hour(k)
        if hm is None:
            return None
        k, h, mi = hm
        pod = it[k].cats.get("POD")
        day: dt.date | None = None
        anchored = False
        if pod is not None:
            k += 1
            inner = self.r_dayrel(k) or self.r_weekday(k)
            if inner is not None and inner.type == "DATE":
                day, anchored, k = inner.day, True, inner.j
        elif it[k].w == "من" and (pod2 := it[k + 1].cats.get("POD")) is not None:
            inner = self.r_dayrel(k + 2) or self.r_weekday(k + 2) or self.r_explicit(k + 2)
            if inner is None or inner.type != "DATE":
                return None
            pod, day, anchored, k = pod2, inner.day, True, inner.j
        elif not hw:
            return None
        else:
            inner = self.r_dayrel(k) or self.r_weekday(k)
            if inner is not None and inner.type == "DATE":
                day, anchored, k = inner.day, True, inner.j
        if not hw and it[i].kind == "n" and ":" not in it[i].w and pod is None:
            return None
        h = _adjust_hour(h, pod)
        if h == 24:
            h = 0
        hhmm = "T" + _TWO[h] + ":" + _TWO[mi]
        if anchored:
            value = f"{day.isoformat()}{hhmm}" if day else None
            return Match(i, k, "TIME", value, day=day)
        if self.pub is not None:
            return Match(i, k, "TIME", f"{self.pub.isoformat()}{hhmm}", clock=(h, mi))
        return Match(i, k, "TIME", hhmm, clock=(h, mi))

    def r_pod_day(self, i: int) -> Match | None:
        pod = self.it[i].cats.get("POD")
        if pod is None:
            return None
        k = i + 1
        inner = self.r_dayrel(k) or self.r_weekday(k) or self.r_explicit(k)
        if inner is None or inner.type != "DATE" or not inner.dayish:
            return None
        return Match(i, inner.j, "TIME", _pod_value(inner.day, pod), day=inner.day, warnings=inner.warnings)

    def r_anchor(self, i: int) -> Match | None:
        it = self.it
        if it[i].cats.get("ANCHOR") is None:
            return None
        k = i + 1
        if it[k].w == "من":
            k += 1
        inner = self.r_dayrel(k) or self.r_relunit(k) or self.r_weekday(k) or self.r_pod_day(k)
        if inner is None:
            return None
        inner.i = i
        return inner

    def r_set(self, i: int) -> Match | None:
        it = self.it
        v = it[i].cats.get("SET")
        if v is not None:
            return Match(i, i + 1, "SET", v)
        if it[i].cats.get("EVERY") is None:
            return None
        k = i + 1
        if ("day_word" in it[k].lists) and (it[k + 1].cats.get("WD") or it[k + 1].cats.get("WDB")):
            k += 1
        wd = it[k].cats.get("WD") or it[k].cats.get("WDB")
        if wd is not None:
            value = f"XXXX-WXX-{wd}"
            k += 1
            c = self.r_clock(k)
            if c is not None and c.clock is not None:
                value += f"T{c.clock[0]:02d}:{c.clock[1]:02d}"
                k = c.j
            return Match(i, k, "SET", value)
        a = self._amount(k)
        if a is None or (a[1] is None):
            return None
        end, n, unit, _ = a
        return Match(i, end, "SET", cal.duration(n, unit))

    def r_decade(self, i: int) -> Match | None:
        """"التسعينيات", "عقد الثمانينيات من القرن الماضي" -> TIMEX3 decade "199"."""
        it = self.it
        k = i
        if it[k].cats.get("UNIT") == ("DE", 1):
            k += 1
        d = it[k].cats.get("DECADE")
        if d is None:
            return None
        k += 1
        k2 = k + 1 if it[k].w == "من" else k
        century: int | None = None
        if it[k2].cats.get("CENTURY") and (rel := it[k2 + 1].cats.get("REL")) is not None:
            century = self.pub.year // 100 + rel if self.pub else None
            k = k2 + 2
            if century is None:
                return Match(i, k, "DATE", None)
        elif self.pub is not None:
            century = self.pub.year // 100
            if century * 100 + d * 10 > self.pub.year:
                century -= 1
        else:
            return Match(i, k, "DATE", None)
        return Match(i, k, "DATE", f"{century:02d}{d}")

    def r_holiday(self, i: int) -> Match | None:
        """"عيد الفطر", "عيد الأضحى المقبل", "يوم عرفة" -> the (first) day of the feast."""
        it = self.it
        h = it[i].cats.get("HOLIDAY")
        if h is None:
            return None
        system, month, day = h
        k = i + 1
        rel = it[k].cats.get("REL")
        if rel is not None:
            k += 1
        if self.pub is None:
            return self._day_match(i, k, None)
        if system == "H":
            hy = cal.hijri_year_of(self.pub)
            years = (hy - 1, hy, hy + 1) if hy else ()
            cands = [c for y in years if (c := cal.hijri_to_date(y, month, day))]
        else:
            cands = [c for y in (self.pub.year - 1, self.pub.year, self.pub.year + 1)
                     if (c := cal.make_date(y, month, day))]
        if not cands:
            return self._day_match(i, k, None)
        if rel is not None and rel < 0:
            prev = [c for c in cands if c < self.pub]
            day_ = prev[-1] if prev else None
        elif rel is not None and rel > 0:
            nxt = [c for c in cands if c > self.pub]
            day_ = nxt[0] if nxt else None
        else:
            day_ = min(cands, key=lambda c: (abs((c - self.pub).days), c > self.pub))
        return self._day_match(i, k, day_)

    def r_vague(self, i: int) -> Match | None:
        it = self.it
        if it[i].cats.get("VAGUE") is None:
            return None
        return Match(i, i + 1, "DATE", None, extra={"vague": it[i].cats.get("VAGUE")})

    RULES = (
        "r_anchor", "r_pod_day", "r_clock", "r_dayrel", "r_weekday", "r_explicit", "r_numeric",
        "r_month", "r_year", "r_relunit", "r_mpart", "r_season", "r_fraction", "r_offset",
        "r_duration", "r_last_units", "r_holiday", "r_set", "r_decade", "r_vague",
    )

    # which rules can start at an item, by the item's categories (numbers: "#")
    START: dict[str, tuple[str, ...]] = {
        "ANCHOR": ("r_anchor",), "POD": ("r_pod_day",), "HOURW": ("r_clock",),
        "HOUR": ("r_clock", "r_explicit"),
        "DREL": ("r_dayrel",), "WD": ("r_weekday",), "ORD": ("r_explicit", "r_clock"),
        "ORDT": ("r_explicit",), "CARD": ("r_explicit", "r_duration"), "TEEN1": ("r_explicit", "r_duration"),
        "MONTH": ("r_month",), "DEM": ("r_relunit", "r_season"), "UDEF": ("r_relunit", "r_year"),
        "MPART": ("r_mpart",), "SEASON": ("r_season",), "FRAC": ("r_fraction",), "PREP": ("r_offset",),
        "APPROX": ("r_duration",), "UNIT": ("r_duration", "r_year", "r_dayrel", "r_weekday", "r_explicit",
                                            "r_month", "r_decade"),
        "UPLDEF": ("r_last_units",), "HOLIDAY": ("r_holiday",),
        "SET": ("r_set",), "EVERY": ("r_set",), "DECADE": ("r_decade",), "VAGUE": ("r_vague",),
        "#": ("r_clock", "r_explicit", "r_numeric", "r_year", "r_duration"),
    }
    def run(self) -> list[Match]:
        out: list[Match] = []
        i = 0
        its = self.it
        n = self.n
        while i < n:
            plan = its[i].plan
            if not plan:
                i += 1
                continue
            best: Match | None = None
            for rule in plan:
                m = rule(self, i)
                if m is not None and m.j > m.i and (best is None or m.j > best.j):
                    best = m
                    if m.j >= n:
                        break  # up to the end of the sentence: no later rule can be longer
            if best is None:
                i += 1
                continue
            out.append(best)
            i = best.j
        return self._join(out) if len(out) > 1 else out

    def _join(self, ms: list[Match]) -> list[Match]:
        """Ranges ("من 2010 إلى 2015") and day + clock ("مساء أمس ... الساعة التاسعة")."""
        it = self.it
        out: list[Match] = []
        for m in ms:
            if out:
                prev = out[-1]
                # range: [من|بين] A (إلى|حتى|و|-) B
                if (
                    m.i == prev.j + 1
                    and it[prev.j].cats.get("RTO") is not None
                    and prev.type == m.type == "DATE"
                    and prev.value and m.value
                    and (
                        it[prev.i - 1].cats.get("RFROM") is not None or it[prev.j].w == "-"
                        or (self.standalone and prev.i == 0)
                        or (
                            it[prev.i - 2].cats.get("RFROM") is not None
                            and ("year_before" in it[prev.i - 1].lists)
                        )
                    )
                    and "/" not in prev.value and "/" not in m.value
                ):
                    out[-1] = Match(prev.i, m.j, "DATE", f"{prev.value}/{m.value}",
                                    warnings=prev.warnings + m.warnings)
                    continue
                # day then a bare clock time
                if (
                    m.clock is not None and prev.day is not None and prev.type in ("DATE", "TIME")
                    and (m.i == prev.j or (m.i == prev.j + 1 and it[prev.j].w in (",", "في")))
                ):
                    h, mi = m.clock
                    out[-1] = Match(prev.i, m.j, "TIME", f"{prev.day.isoformat()}T{h:02d}:{mi:02d}",
                                    day=prev.day, warnings=prev.warnings + m.warnings)
                    continue
            out.append(m)
        return out


_PADS = [PAD] * PADDING
_START_CATS = frozenset(Parser.START)
_PLANS: dict[tuple[int, bool], tuple[Cats, tuple[Any, ...]]] = {}


def _planner(cats: Cats, number: bool) -> tuple[Any, ...]:
    """The rule functions (unbound) that can start at an item with ``cats``, in RULES order.
    Keyed by the identity of the category dict (it belongs to a lexicon), which the entry keeps."""
    key = (id(cats), number)
    got = _PLANS.get(key)
    if got is None or got[0] is not cats:
        names: set[str] = set()
        for c in tuple(cats) + (("#",) if number else ()):
            names.update(Parser.START.get(c, ()))
        got = _PLANS[key] = (cats, tuple(getattr(Parser, r) for r in Parser.RULES if r in names))
    return got[1]
