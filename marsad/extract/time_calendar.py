"""Calendar arithmetic for the time normalizer: TIMEX3 value strings, relative shifts, Hijri.

All functions are total: impossible dates give ``None`` instead of raising.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from hijridate import ummalqura

DURATION_UNITS: dict[str, tuple[str, int]] = {
    # unit -> (ISO designator, multiplier); time units go after "T"
    "S": ("S", 1), "MIN": ("M", 1), "H": ("H", 1),
    "D": ("D", 1), "W": ("W", 1), "M": ("M", 1), "Y": ("Y", 1), "DE": ("Y", 10), "CE": ("Y", 100),
}
TIME_UNITS = frozenset({"S", "MIN", "H"})
_PREFIX = {u: "PT" if u in TIME_UNITS else "P" for u in DURATION_UNITS}


_DAY = dt.timedelta(days=1)
TWO = tuple(f"{i:02d}" for i in range(100))  # "00" .. "99": zero-padded fields without formatting


def year4(y: int) -> str:
    """``y`` as a TIMEX3 year (``f"{y:04d}"``)."""
    return str(y) if 999 < y < 10000 else f"{y:04d}"


def fmt_number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration(n: float, unit: str) -> str:
    """``P3D``, ``PT36H``, ``P20Y`` (decade x 10), ``PT30M``."""
    if float(n).is_integer():
        letter, mult = DURATION_UNITS[unit]
        return _PREFIX[unit] + str(int(n * mult)) + letter
    if unit == "H" and not float(n).is_integer():
        return f"PT{fmt_number(n * 60)}M"
    if unit == "D" and not float(n).is_integer():
        return f"PT{fmt_number(n * 24)}H"
    letter, mult = DURATION_UNITS[unit]
    body = fmt_number(n * mult) + letter
    return f"PT{body}" if unit in TIME_UNITS else f"P{body}"


def make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


def add_days(day: dt.date, n: int) -> dt.date | None:
    try:
        return day + _DAY * n
    except OverflowError:
        return None


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def month_value(y: int, m: int) -> str:
    return year4(y) + "-" + TWO[m] if 0 <= m < 100 else f"{y:04d}-{m:02d}"


def week_value(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return year4(y) + "-W" + TWO[w]


def nearest_month_year(month: int, pub: dt.date) -> int:
    """Year putting ``month`` nearest to the publication month (ties go to the past)."""
    best = pub.year
    best_key = (99, 1)
    for y in (pub.year - 1, pub.year, pub.year + 1):
        d = (y * 12 + month) - (pub.year * 12 + pub.month)
        key = (abs(d), 0 if d <= 0 else 1)
        if key < best_key:
            best_key, best = key, y
    return best


def relative_month_year(month: int, pub: dt.date, rel: int) -> int:
    """Year of "<month> الماضي" (rel -1: strictly before the publication month), "المقبل" (+1),
    "الجاري" (0: this year)."""
    if rel < 0:
        return pub.year if month < pub.month else pub.year - 1
    if rel > 0:
        return pub.year if month > pub.month else pub.year + 1
    return pub.year


def nearest_day_year(month: int, day: int, pub: dt.date) -> dt.date | None:
    """The date of ``day``/``month`` nearest to ``pub`` (ties go to the past)."""
    best: dt.date | None = None
    best_key = (10**9, 1)
    for y in (pub.year - 1, pub.year, pub.year + 1):
        cand = make_date(y, month, day)
        if cand is None:
            continue
        d = (cand - pub).days
        key = (abs(d), 0 if d <= 0 else 1)
        if key < best_key:
            best_key, best = key, cand
    return best


SOON_DAYS = 31  # an unmarked date at most this far ahead is taken as upcoming


def tense_day_year(month: int, day: int, pub: dt.date, *, future: bool) -> dt.date | None:
    """``day``/``month`` without a year: the next occurrence (on or after ``pub``) when the clause
    is future or that occurrence is at most :data:`SOON_DAYS` ahead, else the last one before it."""
    cands = [c for y in (pub.year - 1, pub.year, pub.year + 1) if (c := make_date(y, month, day))]
    nxt = [c for c in cands if c >= pub]
    prev = [c for c in cands if c < pub]
    if nxt and (future or (nxt[0] - pub).days <= SOON_DAYS or not prev):
        return nxt[0]
    return prev[-1] if prev else None


def tense_month_year(month: int, pub: dt.date, *, future: bool) -> int:
    """Year of a month named without one: this year for the publication month, the next
    occurrence for a future clause or the next month, else the last occurrence."""
    if month == pub.month:
        return pub.year
    ahead = (month - pub.month) % 12
    if future or ahead == 1:
        return pub.year if month > pub.month else pub.year + 1
    return pub.year if month < pub.month else pub.year - 1


def relative_day(month: int, day: int, pub: dt.date, rel: int) -> dt.date | None:
    """``day``/``month`` with الماضي (rel < 0: the last occurrence before ``pub``) or المقبل
    (rel > 0: the next one after it)."""
    cands = [c for y in (pub.year - 1, pub.year, pub.year + 1) if (c := make_date(y, month, day))]
    if rel < 0:
        prev = [c for c in cands if c < pub]
        return prev[-1] if prev else None
    nxt = [c for c in cands if c > pub]
    return nxt[0] if nxt else None


def weekday_shift(pub: dt.date, weekday: int, *, direction: int, inclusive: bool) -> dt.date:
    """The day with ISO ``weekday`` before (direction -1) or after (+1) ``pub``; ``inclusive``
    allows ``pub`` itself."""
    diff = (pub.isoweekday() - weekday) % 7 if direction < 0 else (weekday - pub.isoweekday()) % 7
    if diff == 0 and not inclusive:
        diff = 7
    return pub + _DAY * (direction * diff)


def nearest_weekday(day: dt.date, weekday: int) -> dt.date:
    """The day with ISO ``weekday`` nearest to ``day`` (within three days; ties go back)."""
    back = (day.isoweekday() - weekday) % 7
    fwd = (weekday - day.isoweekday()) % 7
    return day - _DAY * back if back <= fwd else day + _DAY * fwd


# -- Hijri ----------------------------------------------------------------------------------
# Umm al-Qura month starts (hijridate's table, as reduced Julian days), read directly: the same
# results as ``Hijri(y, m, d).to_gregorian()`` / ``Gregorian(...).to_hijri()`` with their range
# checks, without building their objects.
_STARTS = ummalqura.MONTH_STARTS
_OFFSET = ummalqura.HIJRI_OFFSET  # Hijri months before the first one of the table
_YEARS = (ummalqura.HIJRI_RANGE[0][0], ummalqura.HIJRI_RANGE[1][0])
_G_RANGE = ummalqura.GREGORIAN_RANGE
_RJD_TO_ORDINAL = 2400000 - 1721425  # reduced Julian day -> proleptic Gregorian ordinal


def _month_index(y: int, m: int) -> int | None:
    """Index of Hijri month ``m`` of year ``y`` in the table, None outside it."""
    if not (_YEARS[0] <= y <= _YEARS[1] and 1 <= m <= 12):
        return None
    return (y - 1) * 12 + m - 1 - _OFFSET


def hijri_to_date(y: int, m: int, d: int) -> dt.date | None:
    idx = _month_index(y, m)
    if idx is None:
        return None
    start = _STARTS[idx]
    if not 1 <= d <= _STARTS[idx + 1] - start:
        return None
    return dt.date.fromordinal(start + d - 1 + _RJD_TO_ORDINAL)


def _hijri_of(day: dt.date) -> tuple[int, int] | None:
    """(Hijri year, month) of ``day``; None outside the table's range."""
    if not _G_RANGE[0] <= (day.year, day.month, day.day) <= _G_RANGE[1]:
        return None
    months = bisect_right(_STARTS, day.toordinal() - _RJD_TO_ORDINAL) - 1 + _OFFSET
    return months // 12 + 1, months % 12 + 1


def hijri_year_of(day: dt.date) -> int | None:
    hm = _hijri_of(day)
    return hm[0] if hm else None


def hijri_month_interval(y: int, m: int) -> str | None:
    idx = _month_index(y, m)
    if idx is None:
        return None
    first = dt.date.fromordinal(_STARTS[idx] + _RJD_TO_ORDINAL)
    last = dt.date.fromordinal(_STARTS[idx + 1] - 1 + _RJD_TO_ORDINAL)
    return f"{first.isoformat()}/{last.isoformat()}"


def hijri_year_interval(y: int) -> str | None:
    start = hijri_to_date(y, 1, 1)
    nxt = hijri_to_date(y + 1, 1, 1)
    if start is None or nxt is None:
        return None
    return f"{start.isoformat()}/{(nxt - dt.timedelta(days=1)).isoformat()}"


def nearest_hijri_day(month: int, day: int, pub: dt.date) -> dt.date | None:
    hy = hijri_year_of(pub)
    if hy is None:
        return None
    best: dt.date | None = None
    best_key = (10**9, 1)
    for y in (hy - 1, hy, hy + 1):
        cand = hijri_to_date(y, month, day)
        if cand is None:
            continue
        d = (cand - pub).days
        key = (abs(d), 0 if d <= 0 else 1)
        if key < best_key:
            best_key, best = key, cand
    return best


def nearest_hijri_month_year(month: int, pub: dt.date, rel: int | None = None) -> int | None:
    hy = hijri_year_of(pub)
    if hy is None:
        return None
    start = hijri_to_date(hy, month, 1)
    if start is None:
        return None
    cur = _hijri_month_of(pub)
    if rel is not None and cur is not None:
        if rel < 0:
            return hy if month < cur else hy - 1
        if rel > 0:
            return hy if month > cur else hy + 1
        return hy
    if cur is None:
        return hy
    d = month - cur
    if d > 6:
        return hy - 1
    if d < -6:
        return hy + 1
    return hy


def _hijri_month_of(day: dt.date) -> int | None:
    hm = _hijri_of(day)
    return hm[1] if hm else None
