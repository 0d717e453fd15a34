"""factcheck: find dates and numbers that disagree between articles about the same event."""

__version__ = "0.1.0"
