"""Speed of the Arabic text layer: normalize + segment + tokenize, tokens/s on one core.

    python benchmarks/text_layer.py [--limit 5000]

Reads the SaudiNewsNet workload from ../shared/data/news. Prints, side by side in one run, the rate
of each part and of the three together (as the `arabic` stage runs them), and the rate of a
plain whitespace split as a floor for comparison.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._workload import articles  # noqa: E402
from marsad.arabic.normalize import normalize  # noqa: E402
from marsad.arabic.segment import segment  # noqa: E402
from marsad.arabic.tokenize import tokenize  # noqa: E402


def timed(fn, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=5000)
    args = ap.parse_args()
    texts = [a["content"] for a in articles(args.limit)]
    chars = sum(len(t) for t in texts)
    # warm caches (clitic analyses are memoized per word form, as in a long-running process)
    for t in texts[:200]:
        tokenize(t)
    ntok = sum(len(tokenize(t)) for t in texts)
    rows = [
        ("str.split (floor)", timed(str.split, texts)),
        ("normalize (copy + offset map)", timed(normalize, texts)),
        ("segment (paragraphs, sentences)", timed(segment, texts)),
        ("tokenize (clitics split)", timed(tokenize, texts)),
        ("normalize + segment + tokenize", timed(lambda t: (normalize(t), segment(t), tokenize(t)), texts)),
    ]
    print(f"# {len(texts)} SaudiNewsNet articles, {ntok} tokens, {chars} chars; python {platform.python_version()}, "
          f"{platform.machine()}, one process")
    print(f"{'part':<34}{'seconds':>9}{'tokens/s':>14}{'articles/s':>12}")
    for name, sec in rows:
        print(f"{name:<34}{sec:>9.2f}{ntok / sec:>14,.0f}{len(texts) / sec:>12,.0f}")


if __name__ == "__main__":
    main()
