"""Time one page's first view after a load and its warm rerun, with the dashboard code of any source tree.

Run by `bench_results.py` in a fresh process per page and tree, so "before" (the tree of an earlier commit, e.g.
`git archive main | tar -x -C /tmp/tera-before`) and "after" (this tree) are timed the same way in the same run:
python benchmarks/page_timer.py --root TREE --url sqlite:///STORE --page ringkasan [--agency CODE] [--runs 3]
Prints one JSON object: first_view_s, warm_rerun_s (medians).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path

SCREENS = {"ringkasan": "screens/ringkasan.py", "peringkat": "screens/peringkat.py", "instansi": "screens/instansi.py"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True, help="the source tree whose dashboard is timed")
    parser.add_argument("--url", required=True)
    parser.add_argument("--page", choices=sorted(SCREENS), required=True)
    parser.add_argument("--agency", default="", help="the profile's agency (instansi)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))  # the timed tree's packages, whatever tree this script is in
    os.environ["DATABASE_URL"] = args.url
    # The timing itself is this tree's (`common.time_page`), loaded by path so the timed tree's is never used.
    spec = importlib.util.spec_from_file_location("tera_bench_common", Path(__file__).with_name("common.py"))
    common = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(common)
    figures = common.time_page(root / "dashboard" / "app.py", SCREENS[args.page], args.runs,
                               {"kode": args.agency} if args.page == "instansi" else None)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
