"""The README's promises: two set-up commands that exist, and commands that run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path


def _readme(root: Path) -> str:
    return (root / "README.md").read_text(encoding="utf-8")


def test_two_setup_commands(root: Path) -> None:
    text = _readme(root)
    block = text.split("## Set up", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [ln.split("#")[0].strip() for ln in block.strip().splitlines() if ln.strip()]
    assert commands == ["make run", "make test"]
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    ci = (root / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_readme_marsad_commands_exist(root: Path) -> None:
    text = _readme(root)
    used = set(re.findall(r"(?:\.venv/bin/)?marsad ([a-z][a-z-]+)", text))
    help_text = subprocess.run(
        [sys.executable, "-m", "marsad", "--help"], capture_output=True, text=True, timeout=120
    ).stdout
    for cmd in used:
        assert cmd in help_text, f"README uses `marsad {cmd}` which `marsad --help` does not list"


def test_readme_analyze_example_runs(root: Path) -> None:
    text = _readme(root)
    line = next(ln for ln in text.splitlines() if "marsad analyze samples/" in ln)
    args = line.split("marsad ", 1)[1].split()
    r = subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True, timeout=300, cwd=root)
    assert r.returncode == 0, r.stderr.decode()
    assert b'"schema_version": "1"' in r.stdout


def test_docs_benchmarks_name_their_commands(root: Path) -> None:
    doc = (root / "docs/benchmarks.md").read_text(encoding="utf-8")
    for script in re.findall(r"python (benchmarks/[\w/]+\.py)", doc):
        assert (root / script).exists(), f"docs/benchmarks.md cites missing {script}"


def test_readme_counts_the_sample_articles(root: Path) -> None:
    """What `make run` loads: the README's numbers are the files' (one article per JSON line or .txt)."""
    text = " ".join(_readme(root).split("## Set up", 1)[1].split("## Use", 1)[0].split())
    lines = (root / "samples/demo-articles.jsonl").read_text(encoding="utf-8").splitlines()
    demo = [json.loads(x) for x in lines if x.strip()]
    en_lines = (root / "samples/demo-articles-en.jsonl").read_text(encoding="utf-8").splitlines()
    en = [json.loads(x) for x in en_lines if x.strip()]
    texts = list((root / "samples").glob("*.txt"))
    assert f"{len(demo)} short Arabic reports" in text and f"{len(en)} short English reports" in text
    assert f"{len(demo) + len(en) + len(texts)} articles in all" in text
    assert all(d["url"].startswith("https://samples.marsad.invalid/") for d in en)
    outlets = {d["outlet"] for d in demo}
    assert len(outlets) == 4 and all(o.startswith("sample-") for o in outlets)
    assert all(d["url"].startswith("https://samples.marsad.invalid/") for d in demo)
