"""factcheck: cross-source fact-consistency checking for news.

The library entry point is :func:`analyze`; the ``factcheck`` command is a thin
layer over it.
"""

__version__ = "0.1.0"

from .config import Config, default_config, load_config  # noqa: E402
from .pipeline import Analysis, analyze  # noqa: E402

__all__ = ["Analysis", "Config", "__version__", "analyze", "default_config", "load_config"]
