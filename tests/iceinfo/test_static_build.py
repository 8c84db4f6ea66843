"""The front-end build is shippable: collectstatic with the manifest storage passes."""

import json
from pathlib import Path


def test_collectstatic_with_hashed_compressed_storage(collected_static):
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    for name in ("dist/css/site.css", "dist/uswds/js/uswds.min.js", "dist/uswds/js/uswds-init.min.js", "js/site.js",
                 "dist/vendor/jquery-ui/jquery-ui.min.js"):
        assert name in manifest, name
        hashed = collected_static / manifest[name]
        assert hashed.exists()
        assert Path(str(hashed) + ".gz").exists()
        assert Path(str(hashed) + ".br").exists()
    assert not (collected_static / "src").exists(), "build inputs must not ship"
    # Source maps ship for developer tools, uncompressed (WHITENOISE_SKIP_COMPRESS_EXTENSIONS).
    maps = list(collected_static.rglob("*.map"))
    assert any(path.name.startswith("uswds.min.js") for path in maps), maps
    assert not [path for path in collected_static.rglob("*.map.*") if path.suffix in (".gz", ".br")]
    css = (collected_static / manifest["dist/css/site.css"]).read_text()
    assert "googleapis" not in css and "//cdn" not in css
