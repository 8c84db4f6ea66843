"""Leader photos: image types only, size and dimension limits, safe names, alt text required."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from directorates.models import Leader, photo_path, validate_photo
from tests.factories import DirectorateFactory


def _image(size=(200, 200), fmt="PNG", name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_a_valid_photo_passes():
    validate_photo(_image())


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: SimpleUploadedFile("x.png", b"<script>alert(1)</script>"), id="not-an-image"),
        pytest.param(lambda: _image(size=(50, 50)), id="too-small"),
        pytest.param(lambda: _image(size=(4001, 200)), id="too-wide"),
        pytest.param(lambda: _image(fmt="GIF", name="x.gif"), id="gif"),
        pytest.param(lambda: SimpleUploadedFile("big.png", b"0" * (2 * 1024 * 1024 + 1)), id="too-large"),
    ],
)
def test_bad_photos_are_refused(upload):
    with pytest.raises(ValidationError):
        validate_photo(upload())


def test_photo_gets_a_safe_unguessable_name():
    name = photo_path(None, "../../etc/My Photo.PHP.png")
    assert name.startswith("leaders/") and name.endswith(".png") and ".." not in name and " " not in name
    assert photo_path(None, "evil.php").endswith(".jpg")


def test_photo_needs_alt_text(db):
    leader = Leader(name="A", slug="a", title_en="Director", photo="leaders/x.png")
    with pytest.raises(ValidationError) as info:
        leader.clean()
    assert "photo_alt" in info.value.message_dict


def test_directorate_url_and_str(db):
    directorate = DirectorateFactory(slug_en="ero", name_en="Enforcement and Removal Operations")
    assert directorate.get_absolute_url() == "/about-ice/ero/"
    assert str(directorate) == "Enforcement and Removal Operations"
