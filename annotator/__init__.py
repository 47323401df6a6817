"""annotator: a desktop tool for fact-checkers to mark up news articles and review each other's work."""

__version__ = "0.1.0"
