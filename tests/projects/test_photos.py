"""Photo uploads: hostile files are refused with a clear message; accepted ones are re-encoded.

Every file here is real, made by Pillow (tests/projects/images.py), and goes through the
form that the admin uses (``PhotoForm``) or the checker itself (``prepare_photo``).
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backoffice.forms import PhotoForm
from projects.models import Photo, Project, PublicationStatus
from projects.photos import prepare_photo
from tests.factories import ProjectFactory

from . import images

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo_form(project, data, name="photo.jpg", content_type="image/jpeg", **fields):
    values = {"alt_text": "Façade sur rue", "credit": "Jeanne Martin", "licence": "CC BY 4.0", "position": 0, **fields}
    return PhotoForm(data=values, files={"image": upload(data, name, content_type)}, instance=Photo(project=project))


def refusal(data, name="photo.jpg", content_type="image/jpeg"):
    with pytest.raises(ValidationError) as caught:
        prepare_photo(upload(data, name, content_type))
    return caught.value


HOSTILE = {
    "png_bomb_10000x10000": (images.png_bomb, "too_many_pixels", "mégapixels"),
    "png_49_megapixels": (lambda: images.png_bomb(7000, 7000), "too_many_pixels", "7000 × 7000"),
    "png_side_over_limit": (lambda: images.png_bomb(12_000, 100), "too_large_side", "12000 × 100"),
    "svg_with_script": (lambda: images.SVG, "svg", "SVG"),
    "html_named_jpg": (lambda: images.HTML, "markup", "HTML"),
    "script_named_jpg": (lambda: images.SCRIPT, "markup", "script"),
    "jpeg_html_polyglot": (images.polyglot_jpeg, "polyglot", "script"),
    "gif": (images.gif, "gif", "GIF"),
    "animated_png": (images.animated_png, "animated", "animées"),
    "animated_webp": (images.animated_webp, "animated", "animées"),
    "truncated_jpeg": (images.truncated_jpeg, "corrupt", "tronqué"),
    "pdf": (lambda: images.PDF, "pdf", "PDF"),
    "plain_text": (lambda: b"pas une image", "not_an_image", "JPEG, PNG ou WebP"),
    "empty": (lambda: b"", "empty", "vide"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_by_the_checker_with_its_reason(name):
    make, code, words = HOSTILE[name]
    error = refusal(make())
    assert error.code == code
    assert words in " ".join(error.messages)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_a_form_error_on_the_image_field_and_nothing_is_stored(name, project, media_root):
    make, _code, words = HOSTILE[name]
    form = photo_form(project, make())
    assert not form.is_valid()
    assert words in " ".join(form.errors["image"])
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_decision_comes_from_the_content_not_the_name_or_content_type():
    assert refusal(images.HTML, name="photo.png", content_type="image/png").code == "markup"
    prepared = prepare_photo(upload(images.png(), name="photo.gif", content_type="image/gif"))
    assert (prepared.width, prepared.height) == (800, 600)


def test_a_file_over_the_byte_limit_is_refused_before_decoding(settings):
    data = images.jpeg(400, 300) + b"\0" * settings.PHOTO_MAX_BYTES  # a real JPEG, padded past 10 MB
    error = refusal(data)
    assert error.code == "too_big"
    assert "la limite est de 10,0" in error.messages[0]


def test_the_limits_follow_the_settings(settings):
    settings.PHOTO_MAX_PIXELS = 100_000
    assert refusal(images.jpeg(400, 300)).code == "too_many_pixels"
    settings.PHOTO_MAX_PIXELS, settings.PHOTO_MAX_SIDE = 40_000_000, 300
    assert refusal(images.jpeg(400, 300)).code == "too_large_side"


@pytest.mark.parametrize("make", [images.jpeg, images.png, images.webp], ids=["jpeg", "png", "webp"])
def test_jpeg_png_and_webp_are_accepted(make):
    prepared = prepare_photo(upload(make()))
    assert (prepared.width, prepared.height) == (800, 600)


def open_image(content):
    content.seek(0)
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


def test_gps_exif_is_removed_and_orientation_applied():
    original = images.jpeg_with_gps_rotated(2000, 1500)
    assert b"Exif" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(images.GPS_IFD)
    prepared = prepare_photo(upload(original))

    master = open_image(prepared.master)
    assert master.format == "JPEG"
    assert master.size == (1500, 2000)  # turned upright: 90° clockwise
    assert dict(master.getexif()) == {}
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(master.info)
    prepared.master.seek(0)
    raw = prepared.master.read()
    assert b"Exif" not in raw and b"xmpmeta" not in raw and b"Appareil de test" not in raw
    # The red quarter, top-left when stored, is top-right once upright.
    assert master.getpixel((master.width - 10, 10))[0] > 200
    assert master.getpixel((10, 10))[2] > 200


def test_renditions_are_webp_at_320_640_1280_pixels_wide_without_metadata():
    prepared = prepare_photo(upload(images.jpeg_with_gps_rotated(2000, 1500)))
    sizes = {rendition.name: (rendition.width, rendition.height) for rendition in prepared.renditions}
    assert sizes == {"thumbnail": (320, 427), "card": (640, 853), "large": (1280, 1707)}
    for rendition in prepared.renditions:
        image = open_image(rendition.content)
        assert image.format == "WEBP"
        assert image.size == (rendition.width, rendition.height)
        assert dict(image.getexif()) == {}
        rendition.content.seek(0)
        assert b"EXIF" not in rendition.content.read()


def test_the_master_is_capped_and_small_images_are_never_enlarged():
    large = prepare_photo(upload(images.jpeg(4000, 3000)))
    assert (large.width, large.height) == (2560, 1920)
    small = prepare_photo(upload(images.png(300, 200)))
    assert (small.width, small.height) == (300, 200)
    assert {(r.width, r.height) for r in small.renditions} == {(300, 200)}


def test_transparent_png_is_flattened_on_white():
    image = Image.new("RGBA", (100, 80), (0, 0, 0, 0))
    prepared = prepare_photo(upload(images.encode(image, "PNG"), name="logo.png"))
    assert open_image(prepared.master).getpixel((50, 40)) == (255, 255, 255)


def test_a_valid_form_saves_master_and_sizes_under_random_names(project, media_root):
    form = photo_form(project, images.jpeg_with_gps_rotated(), name="IMG_0001 mon nom.jpg")
    assert form.is_valid(), form.errors
    photo = form.save()
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (1500, 2000)
    assert (photo.large_width, photo.large_height) == (1280, 1707)
    names = [file.name for file in photo.files()]
    assert len(names) == 4
    for name in names:
        assert name.startswith(f"photos/{project.pk}/")
        assert "IMG_0001" not in name and " " not in name
        assert default_storage.exists(name)
    assert photo.image.name.endswith(".jpg")
    assert all(name.endswith(".webp") for name in names[1:])
    assert default_storage.open(photo.image.name).read() != images.jpeg_with_gps_rotated()


@pytest.mark.parametrize("field", ["alt_text", "credit", "licence"])
def test_alt_text_credit_and_licence_are_required_by_the_form(project, field):
    form = photo_form(project, images.jpeg(), **{field: "  "})
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.parametrize("field", ["alt_text", "credit", "licence"])
def test_alt_text_credit_and_licence_are_required_by_the_database(project, field):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(
            project=project, image="photos/x.jpg", **{"alt_text": "a", "credit": "b", "licence": "c", field: ""}
        )


def test_deleting_a_photo_deletes_its_files_once_committed(project, django_capture_on_commit_callbacks):
    photo = saved_photo(project)
    names = [file.name for file in photo.files()]
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_deleting_a_project_deletes_its_photos_files(commune_project, django_capture_on_commit_callbacks):
    names = [file.name for file in saved_photo(commune_project).files()]
    with django_capture_on_commit_callbacks(execute=True):
        commune_project.delete()
    assert not any(default_storage.exists(name) for name in names)


def edit(photo, files=None, **data):
    """The photo's form submitted again with ``data`` (and new ``files``), saved once committed."""
    values = {"alt_text": photo.alt_text, "credit": photo.credit, "licence": photo.licence, "position": 0, **data}
    return PhotoForm(data=values, files=files or {}, instance=photo)


def saved_photo(project):
    form = photo_form(project, images.jpeg())
    assert form.is_valid(), form.errors
    return form.save()


def test_replacing_the_image_deletes_the_old_files(project, django_capture_on_commit_callbacks):
    photo = saved_photo(project)
    old = [file.name for file in photo.files()]
    form = edit(photo, {"image": upload(images.png(), "autre.png", "image/png")}, alt_text="Autre vue")
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        form.save()
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(file.name) for file in photo.files())


def test_editing_the_caption_keeps_the_files(project, django_capture_on_commit_callbacks):
    photo = saved_photo(project)
    names = [file.name for file in photo.files()]
    form = edit(photo, caption="Nouvelle")
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        form.save()
    assert [file.name for file in photo.files()] == names
    assert all(default_storage.exists(name) for name in names)


@pytest.fixture
def commune_project(db):
    return ProjectFactory()


# --- Public pages ------------------------------------------------------------------------


def test_project_page_serves_photos_with_srcset_sizes_and_dimensions(client, project):
    form = photo_form(project, images.jpeg_with_gps_rotated(), caption="La façade")
    assert form.is_valid()
    photo = form.save()
    html = client.get(project.get_absolute_url()).content.decode()
    assert f'srcset="{photo.thumbnail.url} 320w, {photo.card.url} 640w, {photo.large.url} 1280w"' in html
    assert 'sizes="(min-width: 72em)' in html
    assert f'<img src="{photo.image.url}" alt="Façade sur rue" width="1500" height="2000"' in html
    assert "© Jeanne Martin — CC BY 4.0" in html


def test_cards_show_the_first_photo_without_extra_queries_per_card(client, project, django_assert_max_num_queries):
    photo = saved_photo(project)
    with django_assert_max_num_queries(30) as small:
        client.get("/projets/?par_page=12")
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/projets/?par_page=96").content.decode()
    # An 800 px photo: its "large" size is not enlarged to 1280 px, and says so.
    assert f'srcset="{photo.thumbnail.url} 320w, {photo.card.url} 640w, {photo.large.url} 800w"' in html
    assert f'<img src="{photo.image.url}" alt="Façade sur rue" width="800" height="600"' in html


def test_media_are_served_locally_with_hardening_headers(client, project, settings):
    assert settings.SERVE_MEDIA
    photo = saved_photo(project)
    response = client.get(photo.card.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    b"".join(response.streaming_content)


def test_media_serving_stays_inside_media_root(client, media_root):
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "note.html").write_text("<script>alert(1)</script>")
    for path in ("/media/../catalogue/settings.py", "/media/%2e%2e/manage.py", "/media/..%2fmanage.py"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
    assert client.get("/media/").status_code == 404
    response = client.get("/media/note.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    response.close()


def test_unpublished_projects_photos_do_not_appear_on_public_pages(client, project):
    photo = saved_photo(project)
    Project.objects.filter(pk=project.pk).update(status=PublicationStatus.DRAFT)
    assert photo.card.url not in client.get("/projets/?par_page=96").content.decode()
    assert client.get(project.get_absolute_url()).status_code == 404


def test_deleting_a_generated_project_keeps_the_files_other_photos_share(django_capture_on_commit_callbacks):
    """The generator makes every generated photo point to the same few files: deleting one
    project through the ORM removes its rows, not the files the other projects still show."""
    from django.core.management import call_command

    call_command("generate_projects", 60, seed=1, verbosity=0)
    photos = list(Photo.objects.filter(image__startswith="photos/generated").select_related("project"))
    shared = {}
    for photo in photos:
        shared.setdefault(photo.image.name, []).append(photo)
    victim, survivor = next(rows for rows in shared.values() if len(rows) > 1)[:2]
    with django_capture_on_commit_callbacks(execute=True):
        victim.project.delete()
    assert all(default_storage.exists(file.name) for file in survivor.files())
    # The last photo that uses a file takes it along.
    remaining = Photo.objects.filter(image=survivor.image.name)
    names = [file.name for file in survivor.files()]
    with django_capture_on_commit_callbacks(execute=True):
        for photo in remaining:
            photo.delete()
    if not Photo.objects.filter(image__in=names).exists():
        assert not any(default_storage.exists(name) for name in names)
