"""Photos uploaded through the project page of the admin, over HTTP, as an editor's browser would."""

import io
import random

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from projects.models import Photo
from tests.projects import images

from .helpers import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def post_photo(client, project, data, name="photo.jpg", content_type="image/jpeg", **fields):
    url = reverse("admin:projects_project_change", args=[project.pk])
    values = form_data(client.get(url), "project_form")
    index = int(values["photos-TOTAL_FORMS"][0])
    values["photos-TOTAL_FORMS"] = [str(index + 1)]
    photo = {"alt_text": "Façade sur rue", "credit": "Jeanne Martin", "licence": "CC BY 4.0", "position": "0", **fields}
    for key, value in photo.items():
        values[f"photos-{index}-{key}"] = [value]
    values[f"photos-{index}-image"] = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(url, values)


def test_a_camera_photo_is_stored_upright_without_metadata(superuser_client, project):
    response = post_photo(superuser_client, project, images.jpeg_with_gps_rotated(2000, 1500), name="DSC_0042.JPG")
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get(project=project)
    assert (photo.width, photo.height) == (1500, 2000)
    assert [(photo.thumbnail_width, photo.card_width, photo.large_width)] == [(320, 640, 1280)]
    with default_storage.open(photo.image.name) as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {} and b"Exif" not in stored
    assert "DSC_0042" not in photo.image.name
    page = superuser_client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert photo.thumbnail.url in page  # preview in the inline


def test_a_noisy_three_megabyte_phone_photo_is_accepted(superuser_client, project):
    """Compressed pixels are near-random bytes: ``<a `` followed by a space turns up in them
    by chance (four times in this one). Only metadata and what follows the image are read."""
    rng = random.Random("admin-1")
    data = images.encode(images.camera_like(2400, 1800, rng), "JPEG", quality=95, exif=images.camera_exif(rng))
    assert len(data) > 3 * 1024 * 1024
    response = post_photo(superuser_client, project, data, name="IMG_20260621_1432.jpg")
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get(project=project)
    assert {(photo.width, photo.height), (photo.height, photo.width)} == {(2400, 1800), (1800, 2400)}


HOSTILE = {
    "png bomb": (images.png_bomb, "photo.png", "image/png", "mégapixels"),
    "svg": (lambda: images.SVG, "photo.svg", "image/svg+xml", "Les images SVG ne sont pas acceptées"),
    "html saved as .jpg": (lambda: images.HTML, "photo.jpg", "image/jpeg", "pas une image"),
    "polyglot": (images.polyglot_jpeg, "photo.jpg", "image/jpeg", "script caché"),
    "gif": (images.gif, "photo.gif", "image/gif", "Les images GIF ne sont pas acceptées"),
    "truncated jpeg": (images.truncated_jpeg, "photo.jpg", "image/jpeg", "tronqué ou endommagé"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_upload_is_a_form_error_and_nothing_is_saved(superuser_client, project, media_root, kind):
    make, name, content_type, message = HOSTILE[kind]
    response = post_photo(superuser_client, project, make(), name=name, content_type=content_type)
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "errornote" in html
    assert message in html
    assert not Photo.objects.filter(project=project).exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_file_over_ten_megabytes_is_refused_with_its_size(superuser_client, project, settings):
    data = images.jpeg(400, 300) + b"\0" * settings.PHOTO_MAX_BYTES
    response = post_photo(superuser_client, project, data)
    assert response.status_code == 200
    assert "la limite est de 10,0" in response.content.decode()
    assert not Photo.objects.filter(project=project).exists()


@pytest.mark.parametrize("field", ["alt_text", "credit", "licence"])
def test_alt_text_credit_and_licence_are_required_in_the_admin(superuser_client, project, field):
    response = post_photo(superuser_client, project, images.jpeg(), **{field: ""})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Photo.objects.filter(project=project).exists()


def test_the_upload_field_advertises_the_accepted_types(superuser_client, project):
    page = superuser_client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in page
