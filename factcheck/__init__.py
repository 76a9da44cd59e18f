"""factcheck: cross-source fact-consistency checking for news."""

__version__ = "0.1.0"
