"""``marsad serve``: the REST API and the dashboard (uvicorn)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import typer

from marsad.cli.common import fail, handle_errors
from marsad.cli.main import app
from marsad.errors import InputError


def _shown_url(url: str) -> str:
    """The database URL without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _token(path: Path | None, option: str) -> str | None:
    if path is None:
        return None
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError(f"cannot read the token file: {exc.strerror}", source=str(path)) from exc
    if not token:
        raise InputError(f"{option}: the token file is empty", source=str(path))
    return token


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
    write_token_file: Path = typer.Option(
        None, "--write-token-file", help="file holding the write token (instead of the environment)"
    ),
    read_token_file: Path = typer.Option(
        None, "--read-token-file", help="file holding the read token (instead of the environment)"
    ),
    max_body: int = typer.Option(2 * 1024 * 1024, "--max-body", help="largest request body in bytes"),
    timeout: float = typer.Option(60.0, "--timeout", help="time limit of one request in seconds"),
    rate_limit: float = typer.Option(
        50.0, "--rate-limit", help="API requests per second per client address (0: no limit)"
    ),
    burst: int = typer.Option(200, "--burst", min=1, help="API requests a client may make at once"),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="server processes (uvicorn workers); the rate limit is per process",
    ),
    keep_alive: float = typer.Option(
        75.0,
        "--keep-alive",
        min=1.0,
        help="seconds an idle HTTP connection stays open (a client that reuses one the server is "
        "just closing gets a reset)",
    ),
) -> None:
    """Serve the REST API under /api/, the dashboard at / and the API docs at /docs."""
    import uvicorn

    from marsad.api.app import create_app
    from marsad.store.db import default_url

    if not 0 < port < 65536:
        fail(f"--port must be between 1 and 65535 (got {port})")
    url = db or default_url()
    write_token = _token(write_token_file, "--write-token-file") or os.environ.get(write_token_env) or ""
    read_token = _token(read_token_file, "--read-token-file") or os.environ.get(read_token_env) or ""
    application = create_app(
        db=url,
        write_token=write_token,
        read_token=read_token,
        max_body=max_body,
        timeout=timeout,
        rate=rate_limit,
        burst=burst,
    )
    del write_token, read_token
    _check_port(host, port)
    if not application.state.tokens.reads_open:
        typer.echo("marsad: reads need the read token")
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    shown = f"[{shown}]" if ":" in shown else shown
    typer.echo(f"marsad: serving {_shown_url(url)}")
    typer.echo(f"marsad: dashboard at http://{shown}:{port}/  (API: /api/, docs: /docs; Ctrl-C stops)")
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning", timeout_keep_alive=keep_alive)
        return
    # several processes: each worker builds its own app from the options (tokens as digests only);
    # the store is already opened and migrated above, once
    from marsad.api.app import WORKER_CONFIG_ENV, worker_config

    os.environ[WORKER_CONFIG_ENV] = worker_config(
        db=url, tokens=application.state.tokens, max_body=max_body, timeout=timeout, rate=rate_limit, burst=burst
    )
    application.state.store.close()
    del application
    typer.echo(f"marsad: {workers} worker processes")
    uvicorn.run(
        "marsad.api.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        timeout_keep_alive=keep_alive,
    )
