"""The local Platform bridge: a simulated Doover controller's digital and analog I/O over gRPC."""
