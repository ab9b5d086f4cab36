"""``python -m newsdossier`` runs the command line."""

from newsdossier.surfaces.cli import main

main()
