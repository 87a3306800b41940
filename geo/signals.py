"""Signals of the reference geography.

``geography_changed(commune_ids=…)`` is sent after a bulk write of communes (``load_geography``),
which sends no ``post_save``: whoever keeps texts derived from commune names listens to it.
"""

from django.dispatch import Signal

geography_changed = Signal()
