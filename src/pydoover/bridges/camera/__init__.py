"""The local Camera bridge: simulated and PyAV-decoded cameras as JPEG snapshots and streams."""
