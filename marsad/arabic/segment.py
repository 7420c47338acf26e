"""Paragraphs, sentences, datelines and quoted spans of an Arabic news article.

- Paragraphs are non-empty lines. A short line without sentence-final punctuation is a
  ``headline`` (a ``title`` when it opens the article or equals the known title); a very short last
  line is a ``byline`` (outlet or author name).
- A dateline opening a body paragraph ("الرياض - واس:", "(د ب أ) -", "القاهرة – «الشرق الأوسط»:")
  becomes a sentence of kind ``dateline``.
- Sentences end at . ! ? ؟ … (with any closing quotes or brackets) followed by space or the end of
  the paragraph -- never inside an open «…» “…” "…" quote (up to a length limit, so one stray quote
  cannot swallow a paragraph), never after an abbreviation ("د.") or between digits.
- ``quoted_spans`` finds «…», “…” and "…" pairs.

All offsets are into the original text; the punctuation knowledge is ``data/arabic/punctuation.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import DATA, norm
from marsad.document import Paragraph, Region, Sentence

MAX_QUOTE = 600  # code points: an open quote longer than this is treated as stray


@dataclass(frozen=True, slots=True)
class PunctData:
    finals: frozenset[str]
    closers: frozenset[str]
    quotes: dict[str, str]
    abbreviations: frozenset[str]
    dateline_max: int
    agencies: tuple[str, ...]
    dateline_re: re.Pattern[str]


@lru_cache(maxsize=1)
def punct() -> PunctData:
    with (DATA / "punctuation.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    agencies = tuple(raw["datelines"]["agencies"])
    # CITY - AGENCY: / CITY: / (AGENCY) - / CITY – «OUTLET»:
    dl = re.compile(
        r"^\s*(?:\((?P<ag1>[^()\n]{1,30})\)\s*[-–—:]?"
        r"|(?P<city>[\u0600-\u06FF][\u0600-\u06FF\s]{0,30}?)\s*(?:\((?P<ag2>[^()\n]{1,30})\))?\s*[-–—]\s*"
        r"(?:[«\"“](?P<ag3>[^»\"”\n]{1,30})[»\"”]|(?P<ag4>[\u0600-\u06FF ]{1,20}?))?\s*[:：]"
        r")\s*"
    )
    return PunctData(
        finals=frozenset(raw["sentence_final"]),
        closers=frozenset(raw["closers"]),
        quotes=dict(raw["quotes"]),
        abbreviations=frozenset(norm(a) for a in raw["abbreviations"]["words"]),
        dateline_max=int(raw["datelines"]["max_chars"]),
        agencies=tuple(norm(a) for a in agencies),
        dateline_re=dl,
    )


_LINE_RE = re.compile(r"[^\n\r\u2028\u2029]+")
_WORD_RE = re.compile(r"\S+")


def paragraphs(text: str, *, title: str | None = None) -> list[Paragraph]:
    """Non-empty lines of ``text`` with their kind."""
    pd = punct()
    found: list[tuple[int, int]] = []
    for m in _LINE_RE.finditer(text):
        s, e = m.span()
        seg = m.group()
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            found.append((s + ls, s + rs))
    out: list[Paragraph] = []
    ntitle = norm(title).strip() if title else None
    for i, (s, e) in enumerate(found):
        seg = text[s:e]
        words = len(_WORD_RE.findall(seg))
        stripped = seg.rstrip("".join(pd.closers) + " ")
        ends_sentence = bool(stripped) and stripped[-1] in pd.finals
        kind = "body"
        if ntitle and norm(seg).strip() == ntitle:
            kind = "title"
        elif i == 0 and len(found) > 1 and words <= 25 and not (ends_sentence and stripped[-1] == "."):
            kind = "title"
        elif words <= 12 and not ends_sentence:
            kind = "byline" if (i == len(found) - 1 and words <= 4 and len(found) > 2) else "headline"
        out.append(Paragraph(start=s, end=e, kind=kind))
    return out


def dateline(text: str, start: int, end: int) -> int:
    """End offset of a dateline opening ``text[start:end]``, or ``start`` if there is none."""
    pd = punct()
    head = text[start : min(end, start + pd.dateline_max + 10)]
    m = pd.dateline_re.match(head)
    if not m or m.end() > pd.dateline_max or m.end() >= end - start:
        return start
    agency = next((m.group(g) for g in ("ag1", "ag2", "ag3", "ag4") if m.group(g)), None)
    if m.group("ag1") is not None:
        # "(د ب أ)" must name an agency, or it is just a parenthesis
        if norm(m.group("ag1")).strip() not in pd.agencies:
            return start
    elif agency is None:
        # "CITY -  :" without an agency: accept only a short city name followed by a colon/dash
        city = m.group("city") or ""
        if len(city.split()) > 3:
            return start
    return start + m.end()


def _is_abbreviation(text: str, dot: int, lo: int) -> bool:
    """The period at ``dot`` closes a one- or two-letter abbreviation ("د." "أ.د.")."""
    j = dot
    while j > lo and not text[j - 1].isspace() and text[j - 1] not in ".":
        j -= 1
    word = norm(text[j:dot]).lower()
    return bool(word) and word in punct().abbreviations


@lru_cache(maxsize=1)
def _marks_re() -> re.Pattern[str]:
    """Quote marks (openers and closers) and sentence-final characters: the only characters at
    which :func:`sentences_of` does anything but step on."""
    pd = punct()
    chars = sorted(set(pd.quotes) | set(pd.quotes.values()) | pd.finals)
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def sentences_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence boundaries inside ``text[start:end]`` (one paragraph)."""
    pd = punct()
    out: list[tuple[int, int]] = []
    s = start
    i = start
    stack: list[tuple[str, int]] = []  # (expected closer, opened at)
    search = _marks_re().search
    while i < end:
        m = search(text, i, end)  # skip to the next quote mark or sentence-final character
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if stack and ch == stack[-1][0]:
            stack.pop()
        elif ch in pd.quotes and not (ch == '"' and stack and stack[-1][0] == '"'):
            stack.append((pd.quotes[ch], i))
        elif ch in pd.finals:
            if stack and i - stack[-1][1] > MAX_QUOTE:
                stack.clear()  # stray quote
            j = i + 1
            while j < end and (text[j] in pd.finals or text[j] in pd.closers):
                if stack and text[j] == stack[-1][0]:
                    stack.pop()
                j += 1
            at_break = j >= end or text[j].isspace()
            if (
                at_break
                and not stack
                and not (ch == "." and _is_abbreviation(text, i, s))
                and not (ch == "." and i > start and text[i - 1].isdigit() and j < end and text[j + 1 : j + 2].isdigit())
            ):
                out.append((s, j))
                k = j
                while k < end and text[k].isspace():
                    k += 1
                s = k
                i = k
                continue
            i = j
            continue
        i += 1
    if s < end:
        tail = text[s:end].rstrip()
        if tail:
            out.append((s, s + len(tail)))
    return out


def segment(text: str, *, title: str | None = None) -> tuple[list[Paragraph], list[Sentence]]:
    """Paragraphs and sentences of an article."""
    paras = paragraphs(text, title=title)
    sents: list[Sentence] = []
    for pi, p in enumerate(paras):
        if p.kind != "body":
            sents.append(Sentence(start=p.start, end=p.end, paragraph=pi, kind=p.kind))
            continue
        body_start = dateline(text, p.start, p.end)
        if body_start > p.start:
            dl_end = body_start
            while dl_end > p.start and text[dl_end - 1].isspace():
                dl_end -= 1
            sents.append(Sentence(start=p.start, end=dl_end, paragraph=pi, kind="dateline"))
        for s, e in sentences_of(text, body_start, p.end):
            sents.append(Sentence(start=s, end=e, paragraph=pi, kind="body"))
    return paras, sents


def quoted_spans(text: str, start: int = 0, end: int | None = None) -> list[Region]:
    """Regions inside «…», “…” and "…" (the quote marks excluded), outermost pairs only."""
    pd = punct()
    end = len(text) if end is None else end
    out: list[Region] = []
    i = start
    openers = _openers_re().search
    while i < end:
        mo = openers(text, i, end)  # skip to the next opening quote mark
        if mo is None:
            break
        i = mo.start()
        ch = text[i]
        closer = pd.quotes[ch]
        depth_open = ch
        depth = 0
        found = -1
        # only the closer, the opener and a newline matter inside: jump from one to the next
        inner = _inner_re(ch, closer).search
        stop = min(end, i + MAX_QUOTE + 1)
        j = i + 1
        while j < stop:
            mi = inner(text, j, stop)
            if mi is None:
                break
            j = mi.start()
            c = text[j]
            if c == closer and depth == 0:
                found = j
                break
            if c == depth_open and depth_open != closer:
                depth += 1
            elif c == closer:
                depth -= 1
            elif c == "\n":
                break
            j += 1
        if found > i + 1:
            out.append(Region(start=i + 1, end=found))
            i = found + 1
        else:
            i += 1
    return out


@lru_cache(maxsize=1)
def _openers_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(punct().quotes)) + "]")


@lru_cache(maxsize=16)
def _inner_re(opener: str, closer: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted({opener, closer, "\n"})) + "]")
