"""Synthetic corpora for the benchmark: the real reports renamed to other councils, every figure redrawn.

Scale is what they measure (150 councils' reports), so each needs its own council name and figures but may share
the real report's wording; place names come from places.txt beside this module.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from qa.errors import QAError
from qa.ingest.report import parse_file

PLACES = tuple(line.strip() for line in Path(__file__).with_name("places.txt").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#"))
NAMES = tuple(f"{prefix}{place}" for prefix in ("", "North ", "South ", "East ", "West ") for place in PLACES)


def synthetic_report(text: str, place: str, name: str, seed: int) -> str:
    """The report as if about ``name``: whole-word ``place`` replaced (a longer name that contains it is kept), every figure redrawn.

    Each run of digits becomes random digits of the same length (a leading digit stays non-zero), and a lone
    1-4 stays within 1-4 so scores still parse. The same seed gives the same text.

        >>> synthetic_report("Leeds and Leedsshire: 2 of 317", "Leeds", "Luton", seed=1)  # doctest: +SKIP
        'Luton and Leedsshire: 2 of 241'
    """
    rng = random.Random(seed)

    def redraw(m: re.Match) -> str:
        digits = m.group(0)
        if len(digits) == 1 and digits in "1234":
            return str(rng.randint(1, 4))
        return "".join(str(rng.randint(1 if i == 0 and d != "0" else 0, 9)) for i, d in enumerate(digits))

    return re.sub(rf"\b{re.escape(place)}\b", name, re.sub(r"\d+", redraw, text))


def write_synthetic_corpus(sources: list[Path], n: int, folder: Path) -> None:
    """``n`` synthetic reports in ``folder``, made in turn from each source report, each with its own council."""
    if n > len(NAMES):
        raise QAError(f"at most {len(NAMES)} synthetic reports can be named; ask for fewer (got {n})")
    folder.mkdir(parents=True)
    for i in range(n):
        source = parse_file(sources[i % len(sources)])
        council = source.council or source.title
        place = re.sub(r"\s+(?:(?:Metropolitan\s+)?Borough|City|County|District)?\s*Council$", "", council).strip()
        path = folder / f"{re.sub(r'[^a-z]+', '-', NAMES[i].lower())}-council.md"
        path.write_text(synthetic_report(source.text, place, NAMES[i], seed=i), encoding="utf-8")
