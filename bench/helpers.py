"""What several benchmarks share: running a management command, a free port, numbered copies of the sample articles.

Imported by the bench_*.py scripts, which are run as scripts (this folder is then first on sys.path); make bench runs
only files named bench_*.py, so this one is never run as a benchmark.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "seeds" / "articles"


def manage(env: dict, *args: str) -> str:
    """Run a management command in the project; fail loudly (exit with what it printed)."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_sample_copies(folder: Path, count: int, tag: str) -> None:
    """``count`` numbered copies of the sample articles in ``folder``, each made distinct by a last line (so that
    ingest never finds one already present)."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLES.glob("*.txt"))
    for number in range(count):
        text = samples[number % len(samples)].read_text(encoding="utf-8")
        (folder / f"{tag}{number:03d}.txt").write_text(text + f"\n\nرقم التقرير {tag}-{number}\n", encoding="utf-8")
