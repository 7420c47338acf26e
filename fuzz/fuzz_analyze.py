"""Coverage-guided fuzzing of the analyse path with atheris (long runs; not part of `make test`).

    pip install atheris
    python fuzz/fuzz_analyze.py -atheris_runs=200000 -max_len=4096 fuzz/corpus

The pipeline is the current default one (arabic, times, entities, quotes, events, counts, themes,
brief); the stage names are printed at start-up so that a run's log records what was fuzzed.

Each input is decoded the way `marsad analyze` decodes a file (UTF-8, cp1256, ISO-8859-6 or an
input error), HTML goes through extraction, and the default pipeline runs with a publication date
taken from the input's first bytes. Any exception other than a MarsadError is a finding, and so is
a span whose text does not equal text[start:end]. Findings are written by libFuzzer as crash-* files.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from marsad.ingest.article import document_from_input
    from marsad.errors import MarsadError
    from marsad.ingest.decode import decode
    from marsad.pipeline import default_pipeline, registry

    registry()  # import every stage module here, so that all of them are instrumented

PIPE = default_pipeline()
print("fuzzing stages:", ", ".join(stage.spec.name for stage in PIPE.stages), file=sys.stderr)
DATES = ["2025-12-20", "2015-07-21", "2024-02-29", None, "1999-01-01"]


def one_input(data: bytes) -> None:
    if not data:
        return
    published = DATES[data[0] % len(DATES)]
    try:
        text = decode(data[1:], source="fuzz")
        doc = document_from_input(text, source="fuzz", published=published, outlet=None, url=None)
        doc = PIPE(doc)
    except MarsadError:
        return
    problems = doc.check_spans()
    if problems:
        raise AssertionError(problems[:3])


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
