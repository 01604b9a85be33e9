"""One module per command group; each exposes a typer app named `app`."""
