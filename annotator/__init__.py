"""annotator: a desktop tool for fact-checkers to mark up news articles and review each other's work."""

__version__ = "0.1.0"

import os as _os

# pydantic looks for plugins among every installed package's entry points the first time a
# model is built: 15-20 ms of start-up (it reads package metadata) for plugins this app
# never uses. Set PYDANTIC_DISABLE_PLUGINS yourself to change that.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
