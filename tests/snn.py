"""SaudiNewsNet text referenced by the test fixtures and the gold articles, read at run time.

SaudiNewsNet (CC BY-NC-SA 4.0) may be used for testing but its text is not shipped: the fixtures in
``tests/fixtures/*.jsonl`` hold a reference instead of the sentence, snippet or title::

    "snn": {"field": "text", "url": "...", "day": "2015-07-21", "start": 120, "end": 311, "sha256": "..."}

``field`` is the record key the text goes to, ``day`` the zip of ``../shared/data/news/saudinewsnet/
dataset`` holding the article, ``start``/``end`` code-point offsets into its ``content`` (or, with
``"of": "title"``, the whole ``title``), ``sha256`` the hash of the UTF-8 text. :func:`resolved`
writes a copy of a fixture with the texts filled in (under ``test-output/snn-fixtures/``, git-ignored)
and returns its path, so scorers that read a path work unchanged; :func:`fixture` does the same in
a test and skips it when the shared data is absent. Override the location with ``MARSAD_SHARED``.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.errors import DataFileError

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
NEWS = SHARED / "data" / "news" / "saudinewsnet" / "dataset"
OUT = ROOT / "test-output" / "snn-fixtures"
MISSING = f"SaudiNewsNet text is not shipped; it is read from {NEWS}, which is absent (set MARSAD_SHARED)"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=32)
def day_articles(news: Path, day: str) -> tuple[dict[str, Any], ...]:
    """The articles of one day zip (``DAY.zip`` holding ``DAY.json``), in file order."""
    zpath = news / f"{day}.zip"
    if not zpath.is_file():
        raise DataFileError("SaudiNewsNet day zip not found", value=str(zpath))
    with zipfile.ZipFile(zpath) as zf:
        return tuple(a for name in zf.namelist() for a in json.load(zf.open(name)))


def article(url: str, day: str, *, news: Path = NEWS) -> dict[str, Any]:
    for art in day_articles(news, day):
        if art.get("url") == url:
            return art
    raise DataFileError(f"no SaudiNewsNet article with this url in {day}.zip", value=url)


def ref_text(ref: dict[str, Any], *, news: Path = NEWS) -> str:
    """The text a reference points at, checked against its sha256."""
    art = article(ref["url"], ref["day"], news=news)
    whole = (art.get("title") or "") if ref.get("of") == "title" else (art.get("content") or "")
    text = whole[ref["start"] : ref["end"]] if "start" in ref else whole
    if sha256(text) != ref["sha256"]:
        raise DataFileError("SaudiNewsNet text does not match the reference's sha256", value=ref)
    return text


def make_ref(text: str, *, field: str, url: str, day: str, news: Path = NEWS) -> dict[str, Any]:
    """A reference to ``text`` (a part of the article's content, or its title) for a new fixture line."""
    art = article(url, day, news=news)
    if (art.get("title") or "") == text:
        return {"field": field, "url": url, "day": day, "of": "title", "sha256": sha256(text)}
    start = (art.get("content") or "").find(text)
    if start < 0:
        raise DataFileError("text is not in the article's content or title", value=text)
    end = start + len(text)
    return {"field": field, "url": url, "day": day, "start": start, "end": end, "sha256": sha256(text)}


def resolve_record(rec: dict[str, Any], *, news: Path = NEWS) -> dict[str, Any]:
    if "snn" not in rec:
        return rec
    ref = rec["snn"]
    out = {ref["field"]: ref_text(ref, news=news)}
    out.update((k, v) for k, v in rec.items() if k != "snn")
    return out


def resolved(path: Path, *, news: Path = NEWS, out_dir: Path = OUT) -> Path:
    """``path`` itself when it holds no references, else a copy with the texts filled in."""
    lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    if not any("snn" in r for r in records):
        return Path(path)
    if not news.is_dir():
        raise FileNotFoundError(MISSING)
    body = "".join(json.dumps(resolve_record(r, news=news), ensure_ascii=False) + "\n" for r in records)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / Path(path).name
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, target)  # atomic: other processes may read the same copy
    return target


def fixture(path: Path) -> Path:
    """:func:`resolved` for a test: skips it (with the reason) when the shared data is absent."""
    import pytest

    if not NEWS.is_dir():
        pytest.skip(MISSING)
    return resolved(path)


def require_news() -> Path:
    """:data:`NEWS` for a script: exits with the reason when the shared data is absent."""
    import sys

    if not NEWS.is_dir():
        sys.exit(MISSING)
    return NEWS
