from public.views.projects import ProjectPreviewView  # noqa: F401 — temporary shim, removed after the redesign
