from common.spreadsheets import neutralise  # noqa: F401 — temporary shim, removed after the redesign
