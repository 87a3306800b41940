"""CPU per uncached request of the pages that list project cards (issue 19): the part caches
warm (facet counts, page figures, cards, filter panel), the whole-page cache off. For each page:
``time.process_time()`` per request over ``--n`` requests, then the queries and their wall time
and each template's exclusive CPU (its time minus the templates it includes) over ``--n``/4 more.

    PAGE_CACHE_SECONDS=0 CACHE_URL=redis://127.0.0.1:6379/N DJANGO_DEBUG=false SECRET_KEY=… \
      SECURE_SSL_REDIRECT=false DATABASE_URL=postgres://…/scale_bench .venv/bin/python bench/page_profile.py --n 100

``--quick``: CPU only; ``--cprofile URL``: cProfile of ``--n`` requests of one page; ``--save DIR``:
the HTML of every address (CSRF tokens and CSP nonces normalised), to compare before/after a change;
``--nowarm``: no first visits (cold part caches).
"""

import argparse
import cProfile
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, os.environ.get("PAGE_PROFILE_ROOT") or str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
import django

django.setup()

from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402

URLS = [
    "/projets/",
    "/projets/?page=2",
    "/projets/?tri=-logements",
    "/projets/?region=auvergne-rhone-alpes&statut=psla&q=jardins",
    "/projets/?region=occitanie&famille_hlm=OPH&statut=plus",
    "/en/projets/",
    "/en/projets/?region=occitanie&famille_hlm=OPH&statut=plus",
    "/organismes/gen-cooperer-pour-habiter/",
    "/territoires/departements/haut-rhin/",
    "/territoires/regions/grand-est/",
    "/territoires/regions/grand-est/?page=2",
    "/territoires/carte/",
    "/territoires/carte/?statut=psla",
    "/en/territoires/carte/",
    "/",
    # the rest of the page shell's surfaces, both languages (issue 19: --save compares them too)
    "/projets/groupe-du-4-mars/",
    "/en/projets/groupe-du-4-mars/",
    "/statistiques/",
    "/en/statistiques/",
    "/en/organismes/gen-cooperer-pour-habiter/",
    "/en/territoires/departements/haut-rhin/",
    "/en/territoires/regions/grand-est/",
    "/en/",
    "/organismes/",
    "/territoires/",
    "/glossaire/",
    "/en/glossaire/",
    "/a-propos/",
    "/donnees/",
    "/contact/",
]
PROFILED = [
    "/projets/",
    "/projets/?region=auvergne-rhone-alpes&statut=psla&q=jardins",
    "/projets/?region=occitanie&famille_hlm=OPH&statut=plus",
    "/organismes/gen-cooperer-pour-habiter/",
    "/territoires/departements/haut-rhin/",
    "/territoires/regions/grand-est/",
    "/territoires/carte/",
    "/projets/groupe-du-4-mars/",
    "/statistiques/",
]

NORMALISE = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"'), b'name="csrfmiddlewaretoken" value="X"'),
    (re.compile(rb'nonce="[^"]+"'), b'nonce="X"'),
]


class SqlTimer:
    def __init__(self):
        self.cpu = self.wall = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        c, w = time.process_time(), time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.cpu += time.process_time() - c
            self.wall += time.perf_counter() - w
            self.count += 1


class TemplateTimer:
    """Exclusive CPU time per template (nested renders subtracted)."""

    def __init__(self):
        self.exclusive = defaultdict(float)
        self.calls = defaultdict(int)
        self.stack = []
        self.original = template_base.Template._render

    def install(self):
        timer = self

        def _render(template, context):
            name = template.origin.template_name if template.origin else "?"
            start = time.process_time()
            timer.stack.append(0.0)
            try:
                return timer.original(template, context)
            finally:
                elapsed = time.process_time() - start
                children = timer.stack.pop()
                timer.exclusive[name] += elapsed - children
                timer.calls[name] += 1
                if timer.stack:
                    timer.stack[-1] += elapsed

        template_base.Template._render = _render

    def uninstall(self):
        template_base.Template._render = self.original


def fetch(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return response.content


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--save")
    parser.add_argument("--cprofile")
    parser.add_argument("--only")
    parser.add_argument("--nowarm", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    client = Client()
    for url in [] if args.nowarm else URLS:  # warm the part caches
        fetch(client, url)
        fetch(client, url)
    if args.save:
        out = Path(args.save)
        out.mkdir(parents=True, exist_ok=True)
        for index, url in enumerate(URLS):
            body = fetch(client, url)
            for pattern, repl in NORMALISE:
                body = pattern.sub(repl, body)
            (out / f"{index:02d}.html").write_bytes(body)
            (out / f"{index:02d}.url").write_text(url)
        # the "next" link of page 1 (keyset cursor)
        page1 = fetch(client, "/projets/")
        nxt = re.search(rb'href="([^"]*apres=[^"]*)" rel="next"', page1).group(1).decode().replace("&amp;", "&")
        body = fetch(client, "/projets/" + nxt)
        (out / "99.html").write_bytes(body)
        (out / "99.url").write_text("/projets/" + nxt)
        print("saved", len(URLS) + 1)
    if args.cprofile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.n):
            fetch(client, args.cprofile)
        profile.disable()
        stats = pstats.Stats(profile)
        if os.environ.get("PAGE_PROFILE_DUMP"):  # for pstats' callers and callees
            stats.dump_stats(os.environ["PAGE_PROFILE_DUMP"])
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        return
    urls = [args.only] if args.only else PROFILED
    print(f"{'url':62} {'CPU ms/req':>10} {'SQL ms(wall)':>12} {'queries':>7}")
    details = {}
    for url in urls:
        start = time.process_time()
        wall = time.perf_counter()
        for _ in range(args.n):
            fetch(client, url)
        cpu = (time.process_time() - start) / args.n * 1000
        wall = (time.perf_counter() - wall) / args.n * 1000
        if args.quick:
            print(f"{url:62} {cpu:10.1f}  wall {wall:.1f}", flush=True)
            continue
        sql = SqlTimer()
        templates = TemplateTimer()
        templates.install()
        m = max(args.n // 4, 1)
        with connection.execute_wrapper(sql):
            for _ in range(m):
                fetch(client, url)
        templates.uninstall()
        templates.m = m
        per_request = (
            f"{sql.wall / m * 1000:12.1f} {sql.count / m:7.1f}  wall {wall:.1f}  sql-cpu {sql.cpu / m * 1000:.1f}"
        )
        print(f"{url:62} {cpu:10.1f} {per_request}", flush=True)
        details[url] = templates
    for url, templates in details.items():
        print("\n", url)
        for name, total in sorted(templates.exclusive.items(), key=lambda item: -item[1])[:12]:
            print(f"   {name:55} {total / templates.m * 1000:7.2f} ms  x{templates.calls[name] / templates.m:.0f}")


if __name__ == "__main__":
    main()
