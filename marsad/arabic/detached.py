"""Clitics written apart from their word, as in clitic-segmented corpora.

Some corpora (UniversalPetrarch's Arabic sample, ATB-style D3 segmentations) write every
proclitic and pronoun enclitic as its own space-separated token: "و قال مسيكا ل صحافيين",
"البدء ب إعادة", "يملك ها", "س نقوم", "إقامة هم". :func:`join_detached` turns such a run of
tokens back into one token per orthographic word, as :func:`marsad.arabic.tokenize.tokenize` gives
for the word written normally ("ب إعادة" reads as "بإعادة"):

* the token spans the original text from the first clitic to the last (offsets into the original,
  which is never changed);
* ``text`` is that original span with the whitespace between the pieces written as tatweel (U+0640,
  deleted by normalization), so it has the span's length and every offset relative to the token's
  start still points into the original;
* ``norm`` is the normalized word as it is written joined: "ل الإصلاحيين" -> "للاصلاحيين",
  "إقامة هم" -> "اقامتهم" (ta marbuta written ت before an enclitic), "على ه" -> "عليه";
* the base is the host word's own base (its own analysis by the tokenizer), so the base of
  "ب إسطنبول" is the span of "إسطنبول"; an enclitic token ends the base at the host's end; ``det``
  is the host's. The future prefix س stays in the base ("و س يلتقي" has the base "س يلتقي"), as
  the tokenizer keeps it in "وسيلتقي".

When to join. A lone ب، ل، ف or س (or وب، ول، فب، فل، وس، فس...) before an Arabic word is a
detached proclitic in any text (س only before an imperfect: سيقوم، ستبدأ، سنقوم، سأقوم). The
other lone forms are also ordinary words or letters in normal text -- و is sometimes written
apart ("و هو"), هم/هما/هن are pronouns, كما and كم are words, هـ abbreviates the hijri year, ك is a
letter -- so و، ك and the enclitics are joined only when the text is clitic-segmented: at least
``SEGMENTED_SHARE`` of its Arabic tokens are unambiguous detached clitics (a lone ب/ل/ف/س before a
word, or a lone ه/ها after a word; lone و before a word counts with them), or, with none of those,
when lone و before a word make twice that share (one in a sentence of up to 25 words: a corpus
of one sentence per document, "و من المتوقع ان يعلن ..."). Text without a lone ب/ل/ف/س/و token before a word or
a lone ه/ها is returned unchanged.

Enclitics join only a preceding Arabic word without the article (a definite noun takes no pronoun
suffix: "المستثمرتين هما" stays two words) that is not itself a pronoun, relative or particle.
"""

from __future__ import annotations

import re
import tomllib

from marsad.arabic.normalize import DATA, norm
from marsad.errors import DataFileError

TATWEEL = "\u0640"

# detached proclitics (normalized), as they can stack: conjunction, then preposition or future س
PROCLITIC_RE = re.compile(r"^[وف]?[بلكس]?$")


def _lists() -> dict[str, frozenset[str]]:
    """The ``[detached]`` table of ``data/arabic/clitics.toml``, normalized."""
    path = DATA / "clitics.toml"
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)["detached"]
        return {k: frozenset(norm(w) for w in v) for k, v in raw.items()}
    except (OSError, KeyError, AttributeError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"bad [detached] table: {exc!r}", value=str(path)) from exc


_L = _lists()
_STRONG_PREP = _L["strong_prepositions"]  # a lone ب/ل/س is a clitic in any text
ENCLITICS = _L["enclitics"]
STRONG_ENCLITICS = _L["strong_enclitics"]
NO_HOST = _L["no_host"]  # hosts that never take a detached enclitic (pronouns, relatives, particles)
_IMPERFECT = _L["imperfect_prefixes"]
_LONE = STRONG_ENCLITICS | {"و"}
_GAP_RE = re.compile(r"[ \t\u00A0]{1,3}")
SEGMENTED_SHARE = 0.02  # share of Arabic tokens that are unambiguous detached clitics
_MARKS = TATWEEL + "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"


def _gap_ok(text: str, a: int, b: int) -> bool:
    return _GAP_RE.fullmatch(text, a, b) is not None


def _is_word(t) -> bool:  # noqa: ANN001 - a Token
    return t.kind == "ar"


def _proclitic(t, *, segmented: bool) -> bool:  # noqa: ANN001
    if t.kind != "ar" or len(t.norm) > 2 or t.text != t.norm:
        return False
    n = t.norm
    if not PROCLITIC_RE.match(n):
        return False
    if segmented:
        return True
    return n[-1] in _STRONG_PREP


def _enclitic(t, text: str) -> bool:  # noqa: ANN001
    return t.kind == "ar" and t.norm in ENCLITICS and TATWEEL not in t.text


def _host_ok(t) -> bool:  # noqa: ANN001
    return t.kind == "ar" and not t.det and t.norm not in NO_HOST and t.norm not in ENCLITICS and len(t.norm) >= 2


def _strong_count(text: str, toks: list) -> tuple[int, int, int]:  # noqa: ANN001
    """(unambiguous detached clitics, lone و before a word, Arabic tokens)."""
    strong = waw = words = 0
    n = len(toks)
    for i, t in enumerate(toks):
        if t.kind != "ar":
            continue
        words += 1
        nt = t.norm
        if len(nt) > 2:
            continue
        before_word = i + 1 < n and _is_word(toks[i + 1]) and _gap_ok(text, t.end, toks[i + 1].start)
        if before_word and _proclitic(t, segmented=False):
            strong += 1
        elif before_word and t.text == "و":
            waw += 1
        elif (
            nt in STRONG_ENCLITICS
            and TATWEEL not in t.text
            and i > 0
            and _host_ok(toks[i - 1])
            and _gap_ok(text, toks[i - 1].end, t.start)
        ):
            strong += 1
    return strong, waw, words


def is_segmented(text: str, toks: list) -> bool:  # noqa: ANN001
    """True when the tokens look clitic-segmented (see the module docstring)."""
    strong, waw, words = _strong_count(text, toks)
    if strong:
        return strong + waw >= SEGMENTED_SHARE * words
    return waw >= 2 * SEGMENTED_SHARE * words  # lone و only: one in a short sentence, or many


def _join_norm(pre: str, host: str, enc: str, host_text: str) -> str:
    word = host
    if pre:
        if pre.endswith("ل") and word.startswith("ال") and len(word) > 2:
            word = pre + word[1:]  # ل + الإصلاحيين = للإصلاحيين
        else:
            word = pre + word
    if enc:
        bare = host_text.rstrip(_MARKS)
        if bare.endswith("\u0629") and word.endswith("ه"):
            word = word[:-1] + "ت"  # إقامة + هم = إقامتهم (على + ه = عليه: ى is ي already)
        word = word + enc
    return word


def join_detached(text: str, toks: list) -> list:  # noqa: ANN001
    """Tokens of ``text`` with detached clitics joined to their word (see the module docstring)."""
    # fast path: no lone proclitic that would join in any text
    if not any(
        t.kind == "ar" and len(t.norm) <= 2 and (_proclitic(t, segmented=False) or t.norm in _LONE)
        for t in toks
    ):
        return toks
    segmented = is_segmented(text, toks)
    from marsad.arabic.tokenize import Token  # local: tokenize imports this module

    out: list = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        # a chain of lone proclitics before a word
        j = i
        pre = ""
        while (
            j + 1 < n
            and _proclitic(toks[j], segmented=segmented)
            and _is_word(toks[j + 1])
            and _gap_ok(text, toks[j].end, toks[j + 1].start)
            and PROCLITIC_RE.match(pre + toks[j].norm)
        ):
            pre += toks[j].norm
            j += 1
        host = toks[j]
        if pre and (
            (len(host.norm) <= 2 and PROCLITIC_RE.match(host.norm) and host.text == host.norm)
            or (pre.endswith("س") and host.norm[:1] not in _IMPERFECT)
        ):
            pre, j = "", i  # "و و", "ف ب )" or a lone س before a non-verb: leave them
            host = toks[j]
        k = j + 1  # index after the joined token
        enc = ""
        if (
            segmented
            and k < n
            and host.norm not in ENCLITICS
            and _host_ok(host)
            and _enclitic(toks[k], text)
            and _gap_ok(text, host.end, toks[k].start)
        ):
            enc = toks[k].norm
            k += 1
        if not pre and not enc:
            out.append(t)
            i += 1
            continue
        first, last = toks[i], toks[k - 1]
        s, e = first.start, last.end
        raw = text[s:e]
        joined = "".join(TATWEEL if c.isspace() else c for c in raw)
        if pre and host.norm in ENCLITICS and not enc:
            # ل ه = له: a preposition with a pronoun, one word as written normally
            out.append(Token(s, e, joined, pre + host.norm, "ar", s, e, False))
        else:
            wnorm = _join_norm(pre, host.norm, enc, host.text)
            b0 = host.base_start
            if pre.endswith("س"):
                b0 = toks[j - 1].start  # the future prefix stays in the base, as in "سيلتقي"
            b1 = host.end if enc else host.base_end
            out.append(Token(s, e, joined, wnorm, "ar", b0, b1, host.det))
        i = k
    return out
