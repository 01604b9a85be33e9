"""The `doover` command: a thin shell over pydoover's clients and bridges."""
