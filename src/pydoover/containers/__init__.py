"""Building and running app images with the Docker SDK (`doover build`, `doover run --container`).

Nothing here is imported by `doover --help`: the `docker` package loads only when a command needs an engine.
"""
