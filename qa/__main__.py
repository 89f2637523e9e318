"""``python -m qa``: the same command line as ``qa``."""

from qa.app.cli import main

main()
