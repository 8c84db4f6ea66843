"""The front-end build is shippable: collectstatic with the manifest storage passes."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_collectstatic_with_hashed_compressed_storage(tmp_path):
    assert (ROOT / "static/dist/css/site.css").exists(), "run `npm run build` (make test does)"
    env = {**os.environ, "DJANGO_STATIC_ROOT": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--ignore", "src", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("dist/css/site.css", "dist/uswds/js/uswds.min.js", "dist/uswds/js/uswds-init.min.js", "js/site.js",
                 "dist/vendor/jquery-ui/jquery-ui.min.js"):
        assert name in manifest, name
        hashed = tmp_path / manifest[name]
        assert hashed.exists()
        assert Path(str(hashed) + ".gz").exists()
        assert Path(str(hashed) + ".br").exists()
    assert not (tmp_path / "src").exists(), "build inputs must not ship"
    css = (tmp_path / manifest["dist/css/site.css"]).read_text()
    assert "googleapis" not in css and "//cdn" not in css
