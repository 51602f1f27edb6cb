"""``python -m pipeline`` is the same program as ``litx``."""
from .cli import main

main(prog_name="litx")
