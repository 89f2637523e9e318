"""``qa``: the command line (``qa --help``). The library is imported inside the commands, so ``qa --help`` never
loads torch; every QAError ends as one red line on stderr and exit code 1 (``base.command``)."""

from __future__ import annotations

import sys

from qa.app import commands, tool_commands  # noqa: F401  (importing them registers their commands on ``app``)
from qa.app.base import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="qa")


if __name__ == "__main__":
    sys.exit(main())
