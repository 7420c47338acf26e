"""The language knowledge of the quotes stage, read from ``marsad/data/quotes/*.toml``.

``lexicon()`` loads ``cues.toml`` (speech verbs and their participles, complementizers, nominal
attributions), ``speakers.toml`` (unnamed-source heads, titles, honorifics, media outlets,
adverbials) and ``channels.toml`` (statement channels) once, with every word in matching-
normalized spelling so that look-ups compare ``Token.norm`` directly.

Verb forms are derived from the 3rd-person citation forms of each entry (see the header of
``cues.toml``); weak verbs list their forms explicitly.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import norm
from marsad.errors import DataFileError

QUOTES_DATA = Path(__file__).resolve().parent.parent / "data" / "quotes"

PAST_SUFFIXES: tuple[str, ...] = ("", "ت", "وا", "ا", "تا")
PRESENT_PREFIXES: tuple[str, ...] = ("ي", "ت", "ن", "ا")
PRESENT_SUFFIXES: tuple[str, ...] = ("", "ون", "ان", "ن")


@dataclass(frozen=True, slots=True)
class Cue:
    """One speech cue form: its verb lemma, English gloss and kind."""

    lemma: str
    en: str
    kind: str  # "verb" | "participle"
    relay: bool = False
    strict: bool = False  # an ambiguous form: content must follow closely, no comma between
    governs: frozenset[str] = frozenset()  # prepositions that may introduce a verbal-noun content
    not_with: frozenset[str] = frozenset()  # words in the subject region that cancel the cue


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    version: str
    cues: dict[str, Cue]
    complements: frozenset[str]
    comp_preps: frozenset[str]
    comp_not_after: frozenset[str]
    not_content: frozenset[str]
    impersonal: frozenset[str]
    max_gap: int
    strict_gap: int
    speech_nouns: frozenset[str]
    background_after: frozenset[str]
    background_before: frozenset[str]
    nominal_en: str
    nominal_triggers: frozenset[str]
    nominal_fillers: frozenset[str]
    nominal_filler_verbs: frozenset[str]
    anonymous: frozenset[str]
    documents: frozenset[str]
    organizations: frozenset[str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    outlet_heads: frozenset[str]
    outlet_names: frozenset[str]
    prepositions: frozenset[str]
    time_words: frozenset[str]
    clause_openers: frozenset[str]
    relatives: frozenset[str]
    channels: tuple[tuple[str, ...], ...]
    channel_index: dict[str, tuple[tuple[str, ...], ...]]  # channels by first word
    hot: frozenset[str]  # every token norm that may open a cue or a nominal attribution


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise DataFileError("quotes data file not found", value=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"quotes data file is not valid TOML: {exc}", value=str(path)) from exc


def _words(raw: dict[str, Any], key: str, path: Path) -> frozenset[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise DataFileError(f"{key!r} must be a list of strings", value=str(path))
    return frozenset(n for n in (norm(w).strip() for w in value) if n)


def verb_forms(entry: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(finite forms, participles) of one ``[[verb]]`` entry, normalized."""
    past = entry.get("past_forms")
    if past is None:
        stem = norm(entry["past"])
        past = [stem + s for s in PAST_SUFFIXES]
    present = entry.get("present_forms")
    if present is None:
        stem = norm(entry["present"])
        # 3rd persons (ي، ت) take every suffix; 1st persons (أ، ن) only the bare form -- "ألفتن"
        # is no verb, and would read "الفتن" (the seditions) as a cue
        present = [p + stem[1:] + s for p in PRESENT_PREFIXES for s in PRESENT_SUFFIXES if p in "يت" or not s]
    finite = [norm(f) for f in [*past, *present]]
    parts = [norm(p) for p in entry.get("participles", [])]
    return finite, parts


def _cues(raw: dict[str, Any], path: Path) -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    for entry in raw.get("verb", []):
        try:
            lemma = str(entry["lemma"])
            en = str(entry["en"])
            finite, parts = verb_forms(entry)
        except (KeyError, TypeError) as exc:
            raise DataFileError(f"bad [[verb]] entry: {exc}", value=str(path)) from exc
        relay = bool(entry.get("relay", False))
        strict = bool(entry.get("strict", False))
        governs = frozenset(norm(g) for g in entry.get("governs", []))
        not_with = frozenset(norm(g) for g in entry.get("not_with", []))
        verb = Cue(
            lemma=lemma, en=en, kind="verb", relay=relay, strict=strict, governs=governs, not_with=not_with
        )
        part = dataclasses.replace(verb, kind="participle", strict=False)
        for form in finite:
            out.setdefault(form, verb)
        for form in parts:
            # a participle form that is also a finite form ("طالبا": dual perfect of طالب, or the
            # participle) is read as the participle, by far the commoner reading in news prose
            out[form] = part
    for form in _words(raw.get("exclude", {}), "forms", path):
        out.pop(form, None)
    return out


def load_lexicon(folder: Path = QUOTES_DATA) -> QuoteLexicon:
    cues_path = folder / "cues.toml"
    spk_path = folder / "speakers.toml"
    ch_path = folder / "channels.toml"
    cues = _load(cues_path)
    spk = _load(spk_path)
    ch = _load(ch_path)
    comp = cues.get("complement", {})
    nominal = cues.get("nominal", {})
    background = cues.get("background", {})
    anon = spk.get("anonymous", {})
    titles = spk.get("titles", {})
    outlets = spk.get("outlets", {})
    adv = spk.get("adverbials", {})
    openers = ch.get("openers", [])
    if not isinstance(openers, list):
        raise DataFileError("'openers' must be a list of strings", value=str(ch_path))
    cue_forms = _cues(cues, cues_path)
    triggers = _words(nominal, "triggers", cues_path)
    hot = {c + f for f in (*cue_forms, *triggers) for c in ("", "و", "ف")}
    hot |= {c + "ب" + f for f in triggers for c in ("", "و", "ف")}
    channels = tuple(tuple(norm(o).split()) for o in openers if isinstance(o, str) and o.strip())
    index: dict[str, list[tuple[str, ...]]] = {}
    for ch_words in channels:
        index.setdefault(ch_words[0], []).append(ch_words)
    versions = "/".join(str(r.get("version", "?")) for r in (cues, spk, ch))
    return QuoteLexicon(
        version=versions,
        cues=cue_forms,
        complements=_words(comp, "words", cues_path),
        comp_preps=_words(comp, "prepositions", cues_path),
        comp_not_after=_words(comp, "not_after", cues_path),
        not_content=_words(cues.get("not_content", {}), "words", cues_path),
        impersonal=_words(cues.get("impersonal", {}), "forms", cues_path),
        max_gap=int(comp.get("max_gap", 30)),
        strict_gap=int(comp.get("strict_gap", 6)),
        speech_nouns=_words(cues.get("speech_nouns", {}), "words", cues_path),
        background_after=_words(background, "after", cues_path),
        background_before=_words(background, "before", cues_path),
        nominal_en=str(nominal.get("en", "according to")),
        nominal_triggers=triggers,
        nominal_fillers=_words(nominal, "fillers", cues_path),
        nominal_filler_verbs=_words(nominal, "filler_verbs", cues_path),
        anonymous=_words(anon, "heads", spk_path),
        documents=_words(spk.get("documents", {}), "heads", spk_path),
        organizations=_words(spk.get("organizations", {}), "heads", spk_path),
        titles=_words(titles, "words", spk_path),
        honorifics=_words(titles, "honorifics", spk_path),
        outlet_heads=_words(outlets, "heads", spk_path),
        outlet_names=_words(outlets, "names", spk_path),
        prepositions=_words(adv, "prepositions", spk_path),
        time_words=_words(adv, "time_words", spk_path),
        clause_openers=_words(adv, "clause_openers", spk_path),
        relatives=_words(adv, "relatives", spk_path),
        channels=channels,
        channel_index={k: tuple(v) for k, v in index.items()},
        hot=frozenset(hot),
    )


@lru_cache(maxsize=4)
def lexicon(folder: str | None = None) -> QuoteLexicon:
    """The quotes lexicon of ``folder`` (default ``marsad/data/quotes``), loaded once."""
    return load_lexicon(Path(folder) if folder else QUOTES_DATA)
