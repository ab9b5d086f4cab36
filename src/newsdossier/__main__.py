"""``python -m newsdossier`` runs the command line."""

from .cli import main

main()
