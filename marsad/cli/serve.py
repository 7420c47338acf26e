"""``marsad serve``: the REST API and the dashboard (uvicorn)."""

from __future__ import annotations

import os
import socket

import typer

from marsad.cli.common import fail, handle_errors
from marsad.cli.main import app


def _shown_url(url: str) -> str:
    """The database URL without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _check_port(host: str, port: int) -> None:
    """Fail with one line (not uvicorn's traceback) when the address is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror} (is another server running? try --port)")


@app.command()
@handle_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8321, "--port", help="port to listen on"),
    db: str = typer.Option(None, "--db", help="database URL (sqlite:///PATH or postgresql://…)"),
    write_token_env: str = typer.Option(
        "MARSAD_WRITE_TOKEN", "--write-token-env", help="environment variable holding the write token"
    ),
    read_token_env: str = typer.Option(
        "MARSAD_READ_TOKEN",
        "--read-token-env",
        help="environment variable holding the read token (reads open if unset)",
    ),
    max_body: int = typer.Option(2 * 1024 * 1024, "--max-body", help="largest request body in bytes"),
    timeout: float = typer.Option(60.0, "--timeout", help="time limit of one request in seconds"),
) -> None:
    """Serve the REST API under /api/, the dashboard at / and the API docs at /docs."""
    import uvicorn

    from marsad.api.app import create_app
    from marsad.store.db import default_url

    if not 0 < port < 65536:
        fail(f"--port must be between 1 and 65535 (got {port})")
    url = db or default_url()
    application = create_app(
        db=url,
        write_token=os.environ.get(write_token_env) or "",
        read_token=os.environ.get(read_token_env) or "",
        max_body=max_body,
        timeout=timeout,
    )
    _check_port(host, port)
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    shown = f"[{shown}]" if ":" in shown else shown
    typer.echo(f"marsad: serving {_shown_url(url)}")
    typer.echo(f"marsad: dashboard at http://{shown}:{port}/  (API: /api/, docs: /docs; Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")
