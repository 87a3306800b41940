"""Done means: exports stream in constant memory. The peak of Python memory allocated while a
full export is produced and read (tracemalloc) is the same for 1,000 and 10,000 projects.

bench/export_memory.py measures the process's peak RSS against any database (100,000 projects).
"""

import gc
import tracemalloc

import pytest

from tests.factories import make_minimal_projects

pytestmark = pytest.mark.django_db

SLACK = 1.25  # a quarter more, at most: a growing export would take about ten times more


def peak_while_exporting(client, url):
    """(peak bytes allocated, bytes sent) while the whole streamed response is produced and read."""
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get(url)
        assert response.status_code == 200 and response.streaming
        sent = 0
        for chunk in response.streaming_content:  # the test client closes the response at the end
            sent += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sent


URLS = ("/projets/export.csv", "/projets/export.geojson", "/projets/faits.csv")


# With the row cache in Redis (production) and without it: a cache in the process's own memory
# grows with what it keeps, up to its bound, whatever the export.
@pytest.mark.parametrize("exports_cache", ["off", "redis"], indirect=True)
def test_export_peak_memory_does_not_grow_with_the_number_of_projects(client, catalogue, exports_cache):
    make_minimal_projects(1_000)
    for url in URLS:
        client.get(url)  # warm-up: URL resolvers, translations, prepared statements
    small = {url: peak_while_exporting(client, url) for url in URLS}
    make_minimal_projects(9_000)
    large = {url: peak_while_exporting(client, url) for url in URLS}
    for url in URLS:
        (peak_1k, sent_1k), (peak_10k, sent_10k) = small[url], large[url]
        print(
            f"{url}: peak {peak_1k / 1e6:.1f} MB for 1,000 projects ({sent_1k / 1e6:.1f} MB sent), "
            f"{peak_10k / 1e6:.1f} MB for 10,000 ({sent_10k / 1e6:.1f} MB sent)"
        )
        assert sent_10k > 9 * sent_1k * 0.9  # ten times the data went through…
        assert peak_10k <= peak_1k * SLACK, f"{url}: peak {peak_1k:,} B for 1,000 projects, {peak_10k:,} B for 10,000"
