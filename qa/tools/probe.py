"""What a benchmark figure needs beside the figure: the machine it came from, and a fresh process's cost.

A one-shot process is timed by a small wrapper so that its peak memory is its own: started from the benchmark
(which has torch loaded), ru_maxrss would carry our high-water mark across exec.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from qa import __version__

WRAPPER = ("import json, resource, subprocess, sys, time\nt = time.perf_counter()\ncode = subprocess.call(sys.argv[2:])\n"
           "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
           "open(sys.argv[1], 'w').write(json.dumps([time.perf_counter() - t, usage.ru_maxrss, code]))")


def machine() -> dict:
    """Where the figures come from: date, platform, CPUs, memory, load, versions, BLAS thread settings."""
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "memory_mb": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20,
            "load_average_start": list(os.getloadavg()), "qa": __version__,
            **{p: _version(p) for p in ("torch", "sentence-transformers", "faiss-cpu", "numpy")},
            **{k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "PYTHONDONTWRITEBYTECODE")
               if k in os.environ}}


def child(argv: list[str], cwd: Path) -> dict:
    """Wall time and peak memory of one process, taken by a small wrapper: started from here, its ru_maxrss
    would include our own peak (torch is loaded here), as Linux carries the high-water mark across exec."""
    # Compiled bytecode is cached as on a user's machine, under ``cwd`` (not in the checkout), even where the
    # environment says not to write it: compiling qa's modules anew in every process added 0.2-0.3 s to each one.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(cwd) / ".pycache")
    with tempfile.TemporaryDirectory() as d:
        usage, err = Path(d) / "usage.json", Path(d) / "stderr"
        with open(err, "wb") as e:
            subprocess.run([sys.executable, "-c", WRAPPER, str(usage), *argv], cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=e, stdin=subprocess.DEVNULL, env=env)
        seconds, kib, code = json.loads(usage.read_text())
        lines = err.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return {"seconds": seconds, "peak_mb": kib / 1024, "returncode": code,
            "error": (lines[-1][:200] if lines else f"exit {code}") if code else None}


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None
