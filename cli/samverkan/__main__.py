"""``python -m samverkan`` runs the command line (its fast paths first, as the script does)."""

from .entry import main

main(prog_name="samverkan")
