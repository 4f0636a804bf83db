#!/usr/bin/env python3
"""Build or check the ASCN Knowledge Hub: `python build.py [build|check] ...` (see hub/cli.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
