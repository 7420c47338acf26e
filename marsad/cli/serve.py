"""``marsad serve``: the REST API and the dashboard (uvicorn)."""

from __future__ import annotations

import os

import typer

from marsad.cli.common import fail, handle_errors
from marsad.cli.main import app


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
        "MARSAD_READ_TOKEN", "--read-token-env", help="environment variable holding the read token (reads open if unset)"
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
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    typer.echo(f"marsad: dashboard at http://{shown}:{port}/  (API: /api/, docs: /docs; Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")
