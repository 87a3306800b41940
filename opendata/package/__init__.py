"""The data package: tables with their codebook, ``datapackage.json``, the SQLite file, releases, DCAT."""
