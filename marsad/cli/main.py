"""The ``marsad`` command: a typer app whose commands live in small modules of this package."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="marsad",
    help="marsad (مرصد): Arabic news -> entities, times, quotes and CAMEO/PLOVER events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module registers its commands on ``app`` when imported.
COMMAND_MODULES: tuple[str, ...] = (
    "marsad.cli.analyze",
    "marsad.cli.evaluate",
    "marsad.cli.corpus",
    "marsad.cli.serve",
    "marsad.cli.batch",
)


def _load() -> None:
    for mod in COMMAND_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def main() -> None:
    _load()
    app()


if __name__ == "__main__":
    main()
