"""Named stages in a registry, and the pipeline that runs them.

A stage is a small callable ``Document -> Document`` registered under a name with a version, the
annotations it needs and the ones it adds::

    @register("times", version="1", needs=("sentences",), adds=("times",))
    def make_times(*, lexicon: str | None = None) -> Callable[[Document], Document]:
        ...

The registered object is a *factory*: it takes the stage's keyword-only options (from the config
file) and returns the callable. Factories that load models do it once, when the pipeline is built.

The default pipeline is described by ``marsad/data/config/default.toml`` (commented); another
file or a list of names can be given. ``marsad.analyze(text, published=..., outlet=...)`` runs the
default pipeline on one text.
"""

from __future__ import annotations

import gc
import importlib
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.errors import ConfigError, MarsadError, StageError, StageOrderError, UnknownStageError

StageFn = Callable[[Document], Document]
Factory = Callable[..., StageFn]

DEFAULT_CONFIG = Path(__file__).parent / "data" / "config" / "default.toml"

# Modules that register stages when imported. Listed here so that a config naming a stage finds
# it without the caller importing anything.
STAGE_MODULES: tuple[str, ...] = (
    "marsad.arabic.stage",
    "marsad.extract.times",
    "marsad.extract.entities",
    "marsad.extract.quotes",
    "marsad.extract.events",
    "marsad.extract.counts",
    "marsad.extract.themes",
    "marsad.extract.brief",
)


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    version: str
    factory: Factory
    needs: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()
    doc: str = ""

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"


_REGISTRY: dict[str, StageSpec] = {}
# annotations present before the first stage runs
BASE_ANNOTATIONS: tuple[str, ...] = ("text", "metadata")


def register(
    name: str,
    *,
    version: str,
    needs: Sequence[str] = (),
    adds: Sequence[str] = (),
) -> Callable[[Factory], Factory]:
    """Register a stage factory under ``name``."""

    def deco(factory: Factory) -> Factory:
        _REGISTRY[name] = StageSpec(
            name=name,
            version=version,
            factory=factory,
            needs=tuple(needs),
            adds=tuple(adds),
            doc=(factory.__doc__ or "").strip().split("\n")[0],
        )
        return factory

    return deco


def _load_stage_modules() -> None:
    for mod in STAGE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a stage module not written yet
            if exc.name != mod:
                raise


def registry() -> dict[str, StageSpec]:
    """All registered stages by name."""
    _load_stage_modules()
    return dict(_REGISTRY)


def get_stage(name: str) -> StageSpec:
    stages = registry()
    if name not in stages:
        raise UnknownStageError("no stage with this name", value=name)
    return stages[name]


@dataclass(slots=True)
class Stage:
    """A built stage: its spec and the callable made by its factory."""

    spec: StageSpec
    fn: StageFn

    def __call__(self, doc: Document) -> Document:
        try:
            doc = self.fn(doc)
        except MarsadError:
            raise
        except (RecursionError, MemoryError, Exception) as exc:  # noqa: BLE001 - one line, not a traceback
            raise StageError(
                f"stage {self.spec.tag} failed: {type(exc).__name__}: {exc}", source=doc.id or None
            ) from exc
        doc.stages.append(self.spec.tag)
        return doc


class _GcPause:
    """The cyclic garbage collector paused while documents are analysed (nested and threaded
    uses counted), restored when the last one ends.

    Analysing one article allocates ~10^5 small objects (tokens, features, spans) that live until
    the article is done; with the collector's default threshold of 700 allocations it ran dozens
    of young-generation passes per article, which cost ~10% of the pipeline's CPU time
    (docs/benchmarks.md "## Throughput and Spark"). Paused, the article's cyclic garbage (there is
    little: most objects are freed by reference counting) is collected at the next allocation
    after the article, in one pass."""

    # documents finished while others were still running (threads that overlap without pause
    # never bring the count to zero): after this many, one full collection, so cyclic garbage
    # stays bounded under sustained concurrent load
    COLLECT_EVERY = 50

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._was_enabled = False
        self._overlapped = 0

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._depth += 1

    def __exit__(self, *exc: object) -> None:
        collect = False
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                self._overlapped = 0
                if self._was_enabled:
                    gc.enable()
            elif self._was_enabled:
                self._overlapped += 1
                if self._overlapped >= self.COLLECT_EVERY:
                    self._overlapped = 0
                    collect = True
        if collect:
            gc.collect()


_GC_PAUSE = _GcPause()


@dataclass(slots=True)
class Pipeline:
    stages: list[Stage] = field(default_factory=list)
    pause_gc: bool = True  # see _GcPause

    @classmethod
    def build(
        cls,
        names: Iterable[str],
        *,
        options: dict[str, dict[str, Any]] | None = None,
    ) -> Pipeline:
        options = options or {}
        built: list[Stage] = []
        have = set(BASE_ANNOTATIONS)
        for name in names:
            spec = get_stage(name)
            missing = [n for n in spec.needs if n not in have]
            if missing:
                raise StageOrderError(
                    f"stage {name!r} needs {', '.join(missing)}, which no earlier stage adds",
                    value=name,
                )
            try:
                fn = spec.factory(**options.get(name, {}))
            except TypeError as exc:
                raise ConfigError(f"bad options for stage {name!r}: {exc}", value=options.get(name)) from exc
            built.append(Stage(spec=spec, fn=fn))
            have.update(spec.adds)
        return cls(stages=built)

    @classmethod
    def from_config(cls, path: str | Path | None = None, *, stages: Sequence[str] | None = None) -> Pipeline:
        config = load_config(path)
        names = list(stages) if stages is not None else list(config.get("pipeline", {}).get("stages", []))
        opts = {k: v for k, v in config.get("stage", {}).items() if isinstance(v, dict)}
        return cls.build(names, options=opts)

    @property
    def names(self) -> list[str]:
        return [s.spec.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        if not self.pause_gc:
            for stage in self.stages:
                doc = stage(doc)
            return doc
        with _GC_PAUSE:
            for stage in self.stages:
                doc = stage(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    p = Path(path) if path else DEFAULT_CONFIG
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError("config file not found", value=str(p)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file is not valid TOML: {exc}", value=str(p)) from exc


@lru_cache(maxsize=4)
def default_pipeline(config: str | None = None) -> Pipeline:
    """The pipeline of the default config (built once per process)."""
    return Pipeline.from_config(config)


def make_document(
    text: str,
    *,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
) -> Document:
    from marsad.ids import document_id
    from marsad.timeutil import check_date

    pub = check_date(published) if published else None
    return Document(
        text=text,
        id=doc_id or document_id(text, url=url),
        title=title,
        published=pub,
        outlet=outlet,
        url=url,
    )


def analyze(
    text: str,
    *,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Run the default pipeline (or ``pipeline``) on one article text."""
    doc = make_document(text, published=published, outlet=outlet, url=url, title=title, doc_id=doc_id)
    return (pipeline or default_pipeline())(doc)
