"""Vocabulary and weights of the generated projects (names, mixes, phases)."""

import random
from collections.abc import Mapping
from typing import TypeVar

from ..models import (
    ParticipatoryFamily,
    Phase,
    PublicationStatus,
    TenureCategory,
)

T = TypeVar("T")

PREFIX = "gen-"
BATCH = 2000
FIRST_YEAR, LAST_YEAR = 1985, 2030
PHOTO_DIR = "photos/generated"

NAME_HEADS = (
    "Les Jardins",
    "Le Hameau",
    "La Ruche",
    "L'Écrin",
    "Les Colibris",
    "La Maison",
    "Les Toits",
    "Le Clos",
    "L'Îlot",
    "Les Voisins",
    "La Cour",
    "Le Village",
    "Les Terrasses",
    "L'Arbre",
    "La Fabrique",
    "Le Nid",
    "Les Passerelles",
    "La Canopée",
    "Le Chêne",
    "Les Ateliers",
    "La Grange",
    "Les Hirondelles",
    "Le Patio",
    "Habiter",
    "Vivre",
    "L'Oasis",
    "La Coursive",
    "Les Coquelicots",
)
NAME_TAILS = (
    "partagés",
    "du Parc",
    "des Tilleuls",
    "de la Gare",
    "du Moulin",
    "des Lilas",
    "solidaire",
    "en commun",
    "du Canal",
    "des Vignes",
    "Saint-Jean",
    "du Lavoir",
    "des Possibles",
    "des Sources",
    "de l'Orée",
    "du Marché",
    "des Saules",
    "ensemble",
    "du Verger",
    "des Tanneurs",
    "du Belvédère",
    "des Quais",
)
NEIGHBOURHOODS = ("centre-ville", "ZAC des Rives", "quartier de la Gare", "écoquartier des Prés", "faubourg", "")
COMMON_SPACES = ("Salle commune", "Buanderie partagée", "Chambre d'amis", "Jardin partagé", "Atelier de bricolage")
ESH_WORDS = ("Logis", "Foyer", "Résidences", "Toit", "Habitat", "Cité")
AMO_NAMES = (
    "Atelier Habiter Ensemble",
    "Coopérer pour habiter",
    "Toits en devenir",
    "Les Habiteurs",
    "Ville en partage",
    "Regards d'habitants",
    "Le Fil du projet",
    "Habitat choisi",
    "Terre de liens urbains",
    "Concertation & Co",
)
QUOTES = (
    "Nous avons dessiné la salle commune ensemble, c'est elle qui a soudé le groupe.",
    "Le bailleur nous a laissé du temps : deux ans d'ateliers avant le permis.",
    "Les futurs locataires ont choisi les matériaux des espaces partagés.",
    "La commission d'attribution a validé les candidatures comme pour tout logement social.",
)
# Chances (weights) of each publication status, family, intervention mode.
STATUS_WEIGHTS = {
    PublicationStatus.PUBLISHED: 90,
    PublicationStatus.DRAFT: 6,
    PublicationStatus.SUBMITTED: 3,
    PublicationStatus.ARCHIVED: 1,
}
FAMILY_WEIGHTS = {
    ParticipatoryFamily.SOCIAL_HOUSING: 70,
    ParticipatoryFamily.HOUSING_COOPERATIVE: 12,
    ParticipatoryFamily.AUTOPROMOTION: 18,
}
# Tenure mixes by family: (status codes or category, relative weight of homes).
TENURE_MIXES = {
    ParticipatoryFamily.SOCIAL_HOUSING: (
        (("plus", 6), ("plai", 3)),
        (("plus", 5), ("plai", 2), ("psla", 3)),
        (("psla", 1),),
        (("brs", 3), ("plus", 2)),
        (("plus", 4), ("pls", 1), ("accession-libre", 2)),
        (("sciapp", 1),),
        (("vefa", 2), ("plai", 1)),
        ((TenureCategory.SOCIAL_RENTAL, 1),),
        ((TenureCategory.SOCIAL_OWNERSHIP, 1), ("plus", 1)),
    ),
    ParticipatoryFamily.HOUSING_COOPERATIVE: (
        (("cooperative-habitants", 1),),
        (("cooperative-habitants", 3), ("plai", 1)),
        ((TenureCategory.COOPERATIVE, 1),),
    ),
    ParticipatoryFamily.AUTOPROMOTION: (
        (("accession-libre", 1),),
        (("accession-libre", 3), ("psla", 1)),
        (("accession-libre", 2), ("brs", 1)),
        ((TenureCategory.OWNERSHIP_UNSPECIFIED, 1),),
        (("location-libre", 1), ("accession-libre", 2)),
    ),
}
PHASES_BEFORE_DELIVERY = (Phase.GROUP_FORMING, Phase.LIFE_PROJECT, Phase.CO_DESIGN, Phase.BUILDING_PERMIT, Phase.WORKS)
SEASONS = ("printemps", "été", "automne", "hiver", "début", "fin", "mi-")


def _weighted(rng: random.Random, weights: Mapping[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
