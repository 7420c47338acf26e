"""Ingest: sources -> records -> (dedup) -> analysis -> store, in batches, with a summary.

Every decision that depends on what is already stored (same URL and content: nothing added;
same URL, new content: a new version; same content elsewhere: an exact duplicate; MinHash
Jaccard >= 0.8 with a stored article: a near-duplicate) is made in this process, in input order.
Only the analysis (the default pipeline and the story vector) runs in ``workers`` processes, in
order, so the result does not depend on the number of workers. Duplicates are stored (linked to
their original with ``duplicate_of``) but not analysed, so they add no event reports.
Non-Arabic articles are stored with their language tag, not analysed (but with a story vector:
they join stories).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

import numpy as np

from marsad.document import Document
from marsad.errors import MarsadError
from marsad.ids import content_hash, document_id
from marsad.ingest.language import detect_language
from marsad.ingest.records import Failure, Record, clean_date
from marsad.ingest.sources import iter_sources
from marsad.ingest.web import Fetcher
from marsad.store.dedup import NearDupIndex, minhash_of, to_bytes
from marsad.store.store import Item, Store, UrlState

BATCH = 64  # records per store transaction
CHUNK = 32  # documents analysed (and embedded) together
Log = Callable[[str], None]


@dataclass(slots=True)
class Summary:
    read: int = 0
    new: int = 0
    versions: int = 0
    duplicate: int = 0  # exact: same content (same URL: nothing stored; other URL: linked copy)
    near_duplicate: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    events: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "new": self.new, "versions": self.versions, "duplicate": self.duplicate,
            "near_duplicate": self.near_duplicate, "skipped": sum(self.skipped.values()),
            "skipped_reasons": dict(self.skipped), "failed": sum(self.failed.values()),
            "failed_reasons": dict(self.failed), "events": self.events, "seconds": round(self.seconds, 2),
        }


def _reason(line: str) -> str:
    """The error code and message of a failure line, without the input name: for counting."""
    i = line.find("[E")
    text = line[i:] if i >= 0 else line
    return text.split(" (got ", 1)[0][:90]


# -- analysis (runs in workers) ---------------------------------------------------------------
@lru_cache(maxsize=2)
def _pipeline(config: str | None) -> Any:
    from marsad.pipeline import default_pipeline

    return default_pipeline(config)


def analyse(payload: tuple[dict[str, Any], str | None, bool]) -> tuple[str | None, bytes | None, str | None]:
    """Document dict -> (analysed Document JSON, story vector bytes, error line)."""
    return analyse_chunk([payload])[0]


def analyse_chunk(
    payloads: list[tuple[dict[str, Any], str | None, bool]],
) -> list[tuple[str | None, bytes | None, str | None]]:
    """Analyse a few documents, then embed the story texts of all of them in one call. The
    Documents come back as the JSON the store keeps (serialized here, in the worker)."""
    from marsad.store.store import doc_json

    out: list[tuple[str | None, bytes | None, str | None]] = []
    to_embed: list[tuple[int, str]] = []
    for data, config, vectors in payloads:
        doc = Document.from_dict(data)
        try:
            doc = _pipeline(config)(doc)
        except MarsadError as exc:
            out.append((None, None, f"{doc.url or doc.id}: {exc}"))
            continue
        except Exception as exc:  # noqa: BLE001 - a stage bug must not stop the batch: logged, skipped
            out.append((None, None, f"{doc.url or doc.id}: [E200] analysis failed: {type(exc).__name__}: {exc}"))
            continue
        if vectors:
            from marsad.store.stories import story_text

            to_embed.append((len(out), story_text(doc.title, doc.text)))
        out.append((doc_json(doc), None, None))
    if to_embed:
        from marsad.store.stories import embed

        vecs = embed([t for _, t in to_embed])
        for (i, _), vec in zip(to_embed, vecs, strict=True):
            out[i] = (out[i][0], vec.tobytes(), None)
    return out


# -- the run ------------------------------------------------------------------------------------
@dataclass(slots=True)
class Ingest:
    store: Store
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    workers: int = 1
    limit: int | None = None
    config: str | None = None
    stories: bool = True
    fetcher: Fetcher | None = None  # for URLs and feeds (default: polite defaults of marsad.ingest.web)
    log: Log = field(default=lambda line: None)
    summary: Summary = field(default_factory=Summary)
    _near: NearDupIndex | None = field(default=None, init=False)
    _urls: dict[str, UrlState] = field(default_factory=dict, init=False)
    _hashes: dict[str, str] = field(default_factory=dict, init=False)
    _seen: int = field(default=-1, init=False)  # articles in the store after our last batch
    _given: dict[str, dict[str, Any]] = field(default_factory=dict, init=False)  # id -> analysed elsewhere

    def _records(self, recs: Iterable[Record | Failure]) -> Iterator[Record]:
        pub = clean_date(self.published, source="--published") if self.published else None
        n = 0
        for rec in recs:
            if isinstance(rec, Failure):
                (self.summary.skipped if rec.kind == "skipped" else self.summary.failed)[_reason(rec.reason)] += 1
                self.log(f"{rec.reason} ({rec.kind})")
                continue
            if self.limit is not None and n >= self.limit:
                return
            n += 1
            rec.published = pub or rec.published
            rec.outlet = self.outlet or rec.outlet
            rec.url = self.url or rec.url
            yield rec

    def _classify(self, rec: Record) -> Item | None:
        """Decide what a record is; ``None`` when it is already stored as it is."""
        text = rec.text
        h = content_hash(text)
        url = rec.url.strip() if rec.url else None
        base = document_id(text, url=url)
        version, supersedes = 1, None
        state = self._urls.get(url) if url else None
        if state is not None:
            if state.content_hash == h:
                self.summary.duplicate += 1
                return None
            version, supersedes, base = state.version + 1, state.article_id, state.base_id
        elif url is None and h in self._hashes:
            self.summary.duplicate += 1
            return None
        doc_id = base if version == 1 else f"{base}-v{version}"
        doc = Document(text=text, id=doc_id, title=rec.title, published=rec.published, outlet=rec.outlet, url=url)
        doc.language = detect_language(text)
        mh = minhash_of(f"{rec.title or ''} {text}")
        item = Item(doc=doc, content_hash=h, base_id=base, version=version, supersedes=supersedes,
                    author=rec.author, source=rec.source, minhash=to_bytes(mh))
        if url:
            self._urls[url] = UrlState(doc_id, base, version, h)
        owner = self._hashes.get(h)
        assert self._near is not None
        if owner is not None and owner != supersedes:
            item.status, item.duplicate_of, item.similarity = "duplicate", owner, 1.0
            self.summary.duplicate += 1
            return item
        self._hashes.setdefault(h, doc_id)
        near = self._near.best(mh, base=base if version > 1 else None)
        if near is not None:
            item.status, item.duplicate_of, item.similarity = "near_duplicate", near[0], round(near[1], 4)
            self.summary.near_duplicate += 1
            return item
        self._near.add(doc_id, mh)
        if doc.language != "ar":
            item.status = "skipped"
            item.skip_reason = f"language {doc.language}: only Arabic is analysed"
            self.summary.skipped[item.skip_reason] += 1
            self.log(f"{rec.source}: {item.skip_reason} (stored, not analysed)")
            return item
        if version > 1:
            self.summary.versions += 1
        else:
            self.summary.new += 1
        if rec.analysed is not None:
            self._given[doc_id] = rec.analysed
        return item

    def _prefetch(self, batch: list[Record]) -> None:
        urls = [r.url.strip() for r in batch if r.url and r.url.strip() not in self._urls]
        if urls:
            self._urls.update(self.store.url_states(urls))
        hashes = [content_hash(r.text) for r in batch]
        missing = [h for h in hashes if h not in self._hashes]
        if missing:
            self._hashes.update(self.store.hash_owners(missing))

    def run(self, sources: Iterable[str], *, progress: Callable[[int], None] | None = None) -> Summary:
        return self.run_records(iter_sources(sources, fetcher=self.fetcher), progress=progress)

    def run_records(
        self, recs: Iterable[Record | Failure], *, progress: Callable[[int], None] | None = None
    ) -> Summary:
        """Ingest records (a record may carry its analysed Document: ``Record.analysed``)."""
        started = time.perf_counter()
        self._near = self.store.near_dup_index()
        pool = None
        if self.workers > 1:
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
            pool = ctx.Pool(self.workers)
        try:
            records = self._records(recs)
            while True:
                batch = list(islice(records, BATCH))
                if not batch:
                    break
                self.summary.read += len(batch)
                # one batch at a time across processes: another ingest may share this store
                with self.store.write_lock():
                    stored = self.store.article_count()
                    if stored != self._seen:  # someone else wrote: what we cached may be stale
                        self.store.refresh(self._near)
                        self._urls.clear()
                        self._hashes.clear()
                    self._prefetch(batch)
                    items = [it for it in (self._classify(r) for r in batch) if it is not None]
                    self._analyse(items, pool)
                    self.store.write(items)
                    self._seen = stored + len(items)
                if progress:
                    progress(len(batch))
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _take_analysed(self, items: list[Item]) -> None:
        """Items whose record came analysed (``marsad batch``): its Document under the id decided
        here, and the story vector, embedded here."""
        texts = []
        for it in items:
            data = dict(self._given.pop(it.doc.id), id=it.doc.id)
            it.doc = Document.from_dict(data)
            self.summary.events += len(it.doc.events)
            if self.stories:
                from marsad.store.stories import story_text

                texts.append(story_text(it.doc.title, it.doc.text))
        if texts:
            from marsad.store.stories import embed

            for i in range(0, len(items), CHUNK):
                for it, vec in zip(items[i : i + CHUNK], embed(texts[i : i + CHUNK]), strict=True):
                    it.vector = vec

    def _embed_unanalysed(self, items: list[Item]) -> None:
        """Articles skipped for their language (English ...) are not analysed, but they get a
        story vector (multilingual): the store puts them in stories (``marsad.store.stories``)."""
        todo = [it for it in items if it.status == "skipped" and it.doc.language not in ("ar", "und")
                and it.vector is None]
        if not todo or not self.stories:
            return
        from marsad.store.stories import embed, story_text

        for i in range(0, len(todo), CHUNK):
            part = todo[i : i + CHUNK]
            for it, vec in zip(part, embed([story_text(it.doc.title, it.doc.text) for it in part]), strict=True):
                it.vector = vec

    def _analyse(self, items: list[Item], pool: Any) -> None:
        self._embed_unanalysed(items)
        given = [it for it in items if it.status == "analysed" and it.doc.id in self._given]
        if given:
            self._take_analysed(given)
        taken = {id(it) for it in given}
        todo = [it for it in items if it.status == "analysed" and id(it) not in taken]
        payloads = [(it.doc.to_dict(), self.config, self.stories) for it in todo]
        size = CHUNK if pool is None else max(1, min(CHUNK, -(-len(payloads) // self.workers)))
        chunks = [payloads[i : i + size] for i in range(0, len(payloads), size)]
        mapped = pool.map(analyse_chunk, chunks) if pool is not None else [analyse_chunk(c) for c in chunks]
        results = [r for chunk in mapped for r in chunk]
        for it, (data, vec, err) in zip(todo, results, strict=True):
            if err is not None or data is None:
                it.status, it.skip_reason = "skipped", err
                self.summary.failed[_reason(err or "analysis failed")] += 1
                if it.version > 1:
                    self.summary.versions -= 1
                else:
                    self.summary.new -= 1
                self.log(f"{err} (stored, not analysed)")
                continue
            it.doc = Document.from_dict(json.loads(data))
            it.doc_json = data
            it.vector = np.frombuffer(vec, dtype=np.float32) if vec else None
            self.summary.events += len(it.doc.events)
