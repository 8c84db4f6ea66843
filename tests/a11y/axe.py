"""axe-core for the browser tests: the release pinned in package.json (npm), run through
axe-playwright-python's runner and report.

The wheel bundles an older axe-core (4.12.1 in 0.1.8); the npm release is the one we choose and
update, and 4.14's color-contrast rule, which is most of each run, takes about half the time.
`make test` runs `npm ci` first, so node_modules/axe-core is there."""

import json
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

ROOT = Path(__file__).resolve().parents[2]
PINNED_VERSION = json.loads((ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
if not AXE_JS.exists():
    raise RuntimeError(f"{AXE_JS} is missing: run `make install` (npm ci installs axe-core)")

AXE = Axe.from_file(AXE_JS)
AXE_SCRIPT = AXE.axe_script

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every violation is reported in full; the rules that pass are counted, not listed node by node.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
