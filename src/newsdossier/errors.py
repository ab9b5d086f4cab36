"""Exceptions raised by newsdossier.

    NewsdossierError            base of everything the library raises on purpose
    ├── InputRejected           one input cannot become an article (recorded in ``rejects``, the run goes on)
    ├── StoreError              the database cannot be opened or has an unknown schema
    ├── ExportError             an export cannot be written in the format asked for
    ├── EngineUnavailable       the engine asked for cannot run here (unknown name, Ray not installed)
    ├── ModelMissing            no English spaCy pipeline is installed
    ├── DataError               a packaged data file is malformed (also a ValueError)
    └── SettingsError           an unknown setting, or a value of the wrong type (also a ValueError)

Messages say what to do about the problem, because they end up verbatim in front of users.
"""

from __future__ import annotations


class NewsdossierError(Exception):
    """Base class for errors raised on purpose by newsdossier."""


class InputRejected(NewsdossierError, ValueError):
    """An input file or JSONL line that cannot become an article; ``reason`` is one readable line."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StoreError(NewsdossierError):
    """The database cannot be used (bad URL, newer schema, missing driver)."""


class ExportError(NewsdossierError):
    """An export cannot be written in the format asked for (the message says which to use instead)."""


class EngineUnavailable(NewsdossierError):
    """The engine asked for cannot be used here (unknown name, Ray not installed, a bad address)."""


class ModelMissing(NewsdossierError):
    """No English spaCy pipeline is installed; the message names the package to install."""


class DataError(NewsdossierError, ValueError):
    """A data file under ``data/`` is malformed (the message names the file and line)."""


class SettingsError(NewsdossierError, ValueError):
    """A setting that does not exist, or a value of the wrong type (the message names which and where)."""
