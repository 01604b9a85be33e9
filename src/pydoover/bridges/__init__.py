"""Local implementations of the Doover device bridges (gRPC servers) for laptops and tests."""
