"""Exit codes of every `doover` command (documented in `doover help exit-codes`)."""

OK = 0
FAILED = 1  # the operation ran and failed (the bridge refused, a check did not pass)
USAGE = 2  # bad arguments or input; nothing was done
UNREACHABLE = 3  # a bridge could not be reached
TIMEOUT = 4  # a deadline or --timeout passed before the operation completed
INTERRUPTED = 130  # Ctrl-C

TABLE = [
    (OK, "success"),
    (FAILED, "the operation failed (for example, the bridge refused the request)"),
    (USAGE, "usage error: bad option, argument or input; nothing was done"),
    (UNREACHABLE, "a bridge could not be reached at its URI"),
    (TIMEOUT, "a deadline or --timeout passed before the operation completed"),
    (INTERRUPTED, "interrupted with Ctrl-C"),
]
