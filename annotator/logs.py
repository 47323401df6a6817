"""The app's log file: warnings and errors go to a rotating file in the user's log folder, so
that a problem a user hit can be looked at afterwards. Qt-free."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

LOG_NAME = "annotator.log"
MAX_BYTES = 1 << 20
BACKUPS = 3


def log_folder() -> Path:
    """$ANNOTATOR_LOG_DIR (tests, portable setups) or the platform's user log folder."""
    return Path(os.environ.get("ANNOTATOR_LOG_DIR") or platformdirs.user_log_dir("Annotator", "annotator"))


def log_path() -> Path:
    return log_folder() / LOG_NAME


def setup_logging() -> Path | None:
    """Send the package's log records (INFO and up) to the rotating log file, once; returns
    its path, or None when the folder cannot be written (the app then runs without one)."""
    logger = logging.getLogger("annotator")
    path = log_path()
    for handler in logger.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == path.resolve():
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
