"""Generated gRPC stubs. Produced by scripts/generate_stubs.py from protos/; never edit by hand."""
