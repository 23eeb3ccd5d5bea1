"""Shared by the benchmarks: the machine's description, latency percentiles and the JSON result file."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

import numpy as np


def machine() -> dict:
    """Return what the figures depend on: CPU model and count, memory, OS, load average when measured."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                             if line.startswith("MemTotal:")))
    except (OSError, StopIteration, ValueError):
        memory_kb = 0
    return {"cpu": model, "cores": len(os.sched_getaffinity(0)), "memory_gb": round(memory_kb / 2**20, 1),
            "system": f"{platform.system()} {platform.release()}", "load_average": [round(v, 2) for v in os.getloadavg()]}


def percentiles(seconds: list[float]) -> dict:
    """Return n, p50, p95, p99 and max of latencies in seconds (None when nothing succeeded)."""
    if not seconds:
        return {"ok": 0, "p50": None, "p95": None, "p99": None, "max": None}
    values = np.asarray(seconds)
    return {"ok": len(seconds), **{f"p{q}": round(float(np.percentile(values, q)), 4) for q in (50, 95, 99)},
            "max": round(float(values.max()), 4)}


def write_json(path: Path, result: dict) -> None:
    """Write a benchmark's result with the time it was measured, and say where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"measured_at": datetime.now(UTC).isoformat(timespec="seconds"), **result},
                               indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {path}")
