"""Fails when a Python module of the project is longer than a reader can hold in mind.

Limit: MAX_LINES lines per module (docs/architecture.md). Migrations and generated data are
excepted. Usage: python scripts/check_module_size.py [--max N]
"""

import argparse
import subprocess
import sys
from pathlib import Path

MAX_LINES = 400
ROOT = Path(__file__).resolve().parents[1]
EXCEPTED_PARTS = {"migrations", "node_modules", ".venv", "vendor"}


def tracked_python_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in listed:
        path = ROOT / name
        if path.exists() and not EXCEPTED_PARTS.intersection(path.relative_to(ROOT).parts):
            yield path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=MAX_LINES)
    limit = parser.parse_args().max
    too_long = []
    for path in tracked_python_files():
        lines = sum(1 for _line in path.open(encoding="utf-8"))
        if lines > limit:
            too_long.append((lines, path.relative_to(ROOT)))
    for lines, path in sorted(too_long, reverse=True):
        print(f"{path}: {lines} lines (limit {limit})")
    if too_long:
        print(f"{len(too_long)} module(s) over {limit} lines: split them by concern.")
        return 1
    print(f"Every module is at most {limit} lines.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
