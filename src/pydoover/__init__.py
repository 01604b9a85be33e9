"""pydoover: the SDK Doover device apps are written against, plus local bridges to run them."""

__version__ = "0.5.0.dev0"
