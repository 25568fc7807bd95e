"""``python -m rlct …`` runs the command-line interface (the same as the ``rlct`` script)."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
