"""newsdossier: a sourced, deduplicated, queryable record of who did what to whom, when, and who said so.

    >>> import newsdossier
    >>> dossier = newsdossier.open("newsdossier.db")
    >>> report = dossier.ingest(["articles/"])
    >>> for article in dossier.articles():
    ...     print(article["title"], article["published"])
"""

from __future__ import annotations

import logging

from newsdossier.dossier import Dossier, IngestReport, open
from newsdossier.errors import InputRejected, NewsdossierError, StoreError
from newsdossier.models import ActorFilter, FactFilter

__all__ = ["ActorFilter", "Dossier", "FactFilter", "IngestReport", "InputRejected", "NewsdossierError", "StoreError",
           "__version__", "open"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
