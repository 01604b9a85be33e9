"""The local Device Agent (DDA): channels, their aggregates and message history, over gRPC."""
