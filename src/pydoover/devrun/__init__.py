"""Running apps on a laptop the way a device runs them: `doover run`'s library side.

:class:`DevSession` starts (or reuses) the local bridges, seeds each app's configuration, starts
the apps as child processes with the device's environment variables, waits for their healthcheck,
streams their logs, restarts them on request or when their sources change, and stops everything.
"""
