"""Media storage follows DJANGO_MEDIA_STORAGE, and the CSP's img-src follows the media origin."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "from csp.utils import build_policy; "
    "print(json.dumps([s.STORAGES['default'], s.MEDIA_URL, build_policy()]))"
)


def _settings(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**base, **env, "DJANGO_SETTINGS_MODULE": "iceinfo.settings"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _directive(policy, name):
    """One directive's sources: django-csp writes the directives in no fixed order."""
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives[name]


def test_local_media_are_served_from_this_origin():
    storage, url, policy = _settings()
    assert storage["BACKEND"].endswith("FileSystemStorage") and url == "/media/"
    assert _directive(policy, "img-src") == "'self' data:"


def test_object_storage_media_and_their_origin_in_the_csp():
    storage, url, policy = _settings(
        DJANGO_MEDIA_STORAGE="s3", DJANGO_MEDIA_BUCKET="iceinfo-media",
        DJANGO_MEDIA_URL="https://media.example.gov/uploads", DJANGO_MEDIA_ENDPOINT_URL="https://s3.example.gov",
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "iceinfo-media"
    assert storage["OPTIONS"]["custom_domain"] == "media.example.gov/uploads"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.gov"
    assert url == "https://media.example.gov/uploads/"
    assert _directive(policy, "img-src") == "'self' data: https://media.example.gov"
