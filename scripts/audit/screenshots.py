"""Screenshots of every public page type at 1366 px and 390 px wide (before/after a visual change).

Usage: .venv/bin/python scripts/audit/screenshots.py BASE_URL LABEL
  e.g. .venv/bin/python scripts/audit/screenshots.py http://127.0.0.1:8000 after
Writes test-artifacts/screenshots/LABEL/<page>-<width>.png (first screen and full page) for the
pages of scripts/audit/pages.json, and prints each page's HTML size and DOM node count.
"""

import json
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
PAGES = json.loads((Path(__file__).parent / "pages.json").read_text())["pages"]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def main(base_url: str, label: str) -> None:
    folder = ROOT / "test-artifacts" / "screenshots" / label
    folder.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for device, (width, height) in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1, locale="fr-FR"
            )
            page = context.new_page()
            for entry in PAGES:
                response = page.goto(base_url.rstrip("/") + entry["path"], wait_until="load")
                size = len(response.body()) if response else 0
                nodes = page.evaluate("document.getElementsByTagName('*').length")
                page.screenshot(path=str(folder / f"{entry['name']}-{width}.png"))
                if entry["name"] in ("home", "list", "project", "statistics", "map", "list-filtered"):
                    page.screenshot(path=str(folder / f"{entry['name']}-{width}-full.png"), full_page=True)
                print(f"{device:7} {entry['name']:20} {size / 1024:6.1f} KB {nodes:5} nodes")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
