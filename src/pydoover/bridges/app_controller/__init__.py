"""The local App Controller: which apps run, their state and recent logs, and start/stop/restart
requests forwarded to the supervisor (`doover run`) that runs them."""
