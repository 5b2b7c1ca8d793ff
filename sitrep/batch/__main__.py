"""``python -m sitrep.batch ARGS`` = ``sitrep batch --engine spark ARGS``; also the driver
script ``spark-submit`` takes (docs/batch.md, "On a cluster")."""
from __future__ import annotations

import sys

from sitrep.cli import main

if __name__ == "__main__":
    sys.exit(main(["batch", "--engine", "spark", *sys.argv[1:]]))
