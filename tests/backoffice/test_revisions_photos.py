"""Photos in a change to a published project: uploaded to the working copy through the admin (checked
and re-encoded as usual), invisible until approved, then on the published project with their files."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from projects.models import Photo, Project
from projects.revisions import services
from tests.factories import ProjectFactory
from tests.projects import images

from .test_photo_upload import post_photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_a_photo_uploaded_to_a_change_goes_public_only_with_its_approval(client_for, users, organism_a):
    live = ProjectFactory(developer=organism_a, published=True)
    editor = client_for("editor_a")
    editor.post(reverse("admin:projects_project_revise", args=[live.pk]))
    twin = Project.objects.get(revision_of=live)

    response = post_photo(editor, twin, images.jpeg(1600, 1200), name="chantier.jpg", caption="Le chantier")
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get(project=twin)
    assert photo.large_width == 1280 and default_storage.exists(photo.image.name)
    public = Client()
    assert photo.large.url not in public.get(live.get_absolute_url()).content.decode()
    assert services.state_of(twin) == services.State.PENDING

    services.approve(twin, users["moderator"])

    moved = Photo.objects.get(pk=photo.pk)
    assert moved.project_id == live.pk and default_storage.exists(moved.image.name)
    assert "Le chantier" in public.get(live.get_absolute_url()).content.decode()


def test_a_photo_removed_in_a_change_stays_public_until_approval_and_a_withdrawn_change_keeps_the_files(
    users, organism_a, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    live = ProjectFactory(developer=organism_a, published=True)
    name = default_storage.save(f"photos/{live.pk}/0123456789abcdef0123456789abcdef.jpg", ContentFile(images.jpeg()))
    Photo.objects.create(project=live, image=name, alt_text="Façade", credit="X", licence="CC BY 4.0")
    twin = services.start(live, users["editor_a"])
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(twin, users["editor_a"])  # the copy's photo row goes, the shared file stays
    assert default_storage.exists(name) and live.photos.count() == 1

    twin = services.start(live, users["editor_a"])
    with django_capture_on_commit_callbacks(execute=True):
        twin.photos.get().delete()
    assert default_storage.exists(name) and live.photos.count() == 1  # still public until approval
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(twin, users["moderator"])
    assert live.photos.count() == 0 and not default_storage.exists(name)  # approved: the file goes too
