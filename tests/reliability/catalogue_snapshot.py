"""What a backup must preserve, in canonical form: the public exports, the editors' export
(every project, drafts included) and the number of rows of every table.

Used in process (the test database) and as a script against another database:
    DATABASE_URL=… python -m tests.reliability.catalogue_snapshot > snapshot.json
"""

import json
import re
import sys

EXPORT_URLS = [
    "/projets/export.csv",
    "/projets/export.json",
    "/projets/export.geojson",
    "/api/v1/projets/?page_size=200",
]
# Tables whose rows are recreated by `migrate` or are transient, so not part of a backup.
NOT_BACKED_UP = {"contenttypes", "sessions", "axes"}
_GENERATED_AT = re.compile(r'"generated_at": ?"[^"]*"')


def snapshot():
    from django.apps import apps
    from django.test import Client

    from backoffice.spreadsheet import spreadsheet_csv
    from projects.models import Project

    client = Client()
    pages = {}
    for url in EXPORT_URLS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = _GENERATED_AT.sub('"generated_at": ""', body.decode("utf-8-sig"))
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in NOT_BACKED_UP and not model._meta.proxy and model._meta.managed
    }
    counts.pop("auth.Permission", None)  # recreated by migrate (the groups' permissions are compared below)
    groups = {
        group.name: sorted(group.permissions.values_list("content_type__app_label", "codename"))
        for group in apps.get_model("auth", "Group").objects.all()
    }
    return {
        "exports": pages,
        # The admin's import/export format: every project, drafts included.
        "editors_export": spreadsheet_csv(Project.objects.all()).decode("utf-8-sig"),
        "counts": counts,
        "groups": groups,
    }


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")

    django.setup()
    json.dump(snapshot(), sys.stdout, ensure_ascii=False)
