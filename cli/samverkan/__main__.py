"""``python -m samverkan`` runs the command line."""

from .cli import main

main(prog_name="samverkan")
