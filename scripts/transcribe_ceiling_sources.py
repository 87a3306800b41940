"""Cross-check script (run by hand, never shipped in the product): print, in the layout of the
legal annexes, the income ceilings that openfisca-france's parameters record for a year, so that
they can be compared with ``eligibility/data/ceilings.json`` and the committed transcriptions in
``eligibility/data/sources/``.

openfisca-france is AGPL code; only its parameter *values* (facts taken from the Journal officiel)
are read here, from a wheel downloaded beside the repository:

    pip download --no-deps openfisca-france -d /tmp/of && unzip -q /tmp/of/*.whl -d /tmp/of/x
    python scripts/transcribe_ceiling_sources.py /tmp/of/x 2026

Nothing of openfisca is imported or committed.
"""

import sys
from pathlib import Path

import yaml

SOCIAL = "openfisca_france/parameters/prestations_sociales/aides_logement/logement_social"
BRS = "openfisca_france/parameters/prestations_sociales/bail_reel_solidaire/plafonds_par_zones"
ZONES = {"1": "paris_communes_limitrophes", "2": "ile_de_france", "3": "autres_regions"}


def value_on(path, year):
    values = yaml.safe_load(path.read_text())["values"]
    dated = sorted((str(date), entry["value"]) for date, entry in values.items() if str(date) <= f"{year}-01-01")
    date, value = dated[-1]
    return value if date.startswith(str(year)) else None


def main(root, year):
    root = Path(root)
    for tenure, folder in (("PLUS", f"{SOCIAL}/plu"), ("PLAI", f"{SOCIAL}/plai/plafond_ressources")):
        print(f"# {tenure} {year}")
        for zone, name in ZONES.items():
            row = [
                value_on(root / folder / f"par_categorie_de_menage/categorie_{c}/{name}.yaml", year)
                for c in range(1, 7)
            ]
            row.append(value_on(root / folder / f"par_personne_supplementaire/{name}.yaml", year))
            print(zone, *row)
    print(f"# BRS {year}")
    for zone in ("Abis", "A", "B1", "B2", "C"):
        names = [f"nb_personnes_{n}" for n in range(1, 7)] + ["nb_personnes_supplementaires"]
        print(zone, *(value_on(root / BRS / f"zone_{zone}/{name}.yaml", year) for name in names))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
