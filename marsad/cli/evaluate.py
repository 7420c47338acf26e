"""``marsad evaluate GOLD_DIR``: precision, recall and F1 per kind against gold files."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from marsad.cli.common import handle_errors
from marsad.cli.main import app
from marsad.eval.score import KINDS, evaluate_dir, materialize_hint, missing_texts


@app.command()
@handle_errors
def evaluate(
    gold_dir: Path = typer.Argument(..., help="folder of NAME.txt + NAME.json gold pairs"),
    format: str = typer.Option("table", "--format", help="table or json"),
    per_file: bool = typer.Option(False, "--per-file", help="also score each file"),
) -> None:
    """Score the default pipeline against gold files and print a table."""
    total, files = evaluate_dir(gold_dir)
    missing = missing_texts(gold_dir)
    if missing:  # on stderr: stdout keeps the table / JSON of what was scored
        typer.echo(f"marsad evaluate: {len(missing)} gold file(s) not scored, their NAME.txt is missing: "
                   f"{', '.join(missing)}; {materialize_hint(gold_dir)}", err=True)
    if format == "json":
        out = total.as_dict()
        if per_file:
            out["per_file"] = {k: v.as_dict() for k, v in files.items()}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    console = Console()
    reports = [("all", total)] + ([(k, v) for k, v in files.items()] if per_file else [])
    for label, rep in reports:
        table = Table(title=f"marsad evaluate {gold_dir} — {label} ({len(rep.files)} file(s))")
        for col in ("kind", "precision", "recall", "F1", "pred", "gold", "matched"):
            table.add_column(col, justify="right" if col != "kind" else "left")
        for kind in [*KINDS, "times.span"]:
            t = rep.tallies.get(kind)
            if t is None:
                continue
            table.add_row(kind, f"{t.precision:.3f}", f"{t.recall:.3f}", f"{t.f1:.3f}", str(t.pred), str(t.gold), str(t.tp_gold))
        console.print(table)
        if rep.accuracies:
            acc = Table(title="attributes of matched items")
            for col in ("attribute", "accuracy", "correct", "total"):
                acc.add_column(col, justify="right" if col != "attribute" else "left")
            for name, a in sorted(rep.accuracies.items()):
                acc.add_row(name, f"{a.value:.3f}", str(a.correct), str(a.total))
            console.print(acc)
