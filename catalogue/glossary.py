"""The glossary: every acronym and term the catalogue uses, explained in plain words.

Data, not a model: the list changes with the code that uses the terms, and the
``{% abbr %}`` template tag looks entries up here. Each entry is
(key, term, expansion, definition):

- ``key``: what templates pass to ``{% abbr %}`` ("PSLA", "Coop Hlm"); its slug is
  the entry's anchor on the glossary page (``/glossaire/#psla``);
- ``term``: the heading shown on the glossary page;
- ``expansion``: the long form of an acronym (the ``<abbr title>``), empty for words;
- ``definition``: one to three plain sentences that anyone, including a
  76-year-old reader discovering social housing, can follow.

Facts come from the catalogue's sources (see the About page) and from the law
they cite; nothing here is a guess about a project.
"""

import unicodedata
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class GlossaryEntry(NamedTuple):
    key: str
    term: str | Promise
    expansion: str | Promise
    definition: str | Promise

    @property
    def anchor(self):
        return slugify(self.key)

    @property
    def sort_key(self):
        return _fold(str(self.term))

    @property
    def letter(self):
        return self.sort_key[:1].upper()


def _fold(text):
    """Lower-case, accents stripped: "Écoquartier" sorts with the E's."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


ENTRIES = [
    # --- Tenure statuses (statuts d'occupation) ------------------------------------------
    GlossaryEntry(
        "PLUS",
        "PLUS",
        _("Prêt locatif à usage social"),
        _(
            "Le logement social « classique ». Le loyer est modéré et réservé aux ménages dont les revenus "
            "ne dépassent pas un plafond fixé par l'État."
        ),
    ),
    GlossaryEntry(
        "PLAI",
        "PLAI",
        _("Prêt locatif aidé d'intégration"),
        _(
            "Le logement social aux loyers les plus bas, pour les ménages aux revenus très modestes. "
            "Les plafonds de revenus sont plus bas que pour le PLUS."
        ),
    ),
    GlossaryEntry(
        "PLAI-ALH",
        "PLAI-ALH",
        _("Variante du prêt locatif aidé d'intégration"),
        _(
            "Une variante du PLAI, écrite ainsi dans les sources. Comme le PLAI, elle finance des logements "
            "sociaux aux loyers très bas ; le catalogue la range avec le PLAI."
        ),
    ),
    GlossaryEntry(
        "PLS",
        "PLS",
        _("Prêt locatif social"),
        _(
            "Un logement social au loyer un peu plus élevé que le PLUS. Il s'adresse aux ménages aux revenus "
            "moyens, trop élevés pour le PLUS mais trop bas pour le marché privé."
        ),
    ),
    GlossaryEntry(
        "PSLA",
        "PSLA",
        _("Prêt social location-accession"),
        _(
            "On entre d'abord comme locataire, puis on peut acheter son logement à un prix encadré. "
            "Des garanties protègent l'acheteur : rachat du logement et relogement en cas de difficulté."
        ),
    ),
    GlossaryEntry(
        "BRS",
        "BRS",
        _("Bail réel solidaire"),
        _(
            "On achète son logement mais pas le terrain, qui reste la propriété d'un organisme foncier "
            "solidaire. Le prix est donc plus bas, et il reste encadré quand on revend."
        ),
    ),
    GlossaryEntry(
        "VEFA",
        "VEFA",
        _("Vente en l'état futur d'achèvement"),
        _(
            "L'achat « sur plan » d'un logement qui n'est pas encore construit. Dans le catalogue, il s'agit "
            "de ventes à prix maîtrisé par un organisme Hlm, pour des ménages aux revenus modestes."
        ),
    ),
    GlossaryEntry(
        "SCIAPP",
        "SCIAPP",
        _("Société civile immobilière d'accession progressive à la propriété"),
        _(
            "On devient propriétaire peu à peu : on paie un loyer et on achète, au fil des années, des parts "
            "de la société qui possède le logement. Cela permet d'accéder à la propriété sans prêt bancaire."
        ),
    ),
    GlossaryEntry(
        "accession sociale",
        _("Accession sociale"),
        "",
        _(
            "Devenir propriétaire de son logement à un prix inférieur au marché, sous conditions de revenus. "
            "Le PSLA, le BRS, la VEFA sociale et la SCIAPP en sont des formes."
        ),
    ),
    GlossaryEntry(
        "accession libre",
        _("Accession libre"),
        "",
        _("L'achat d'un logement au prix du marché, sans plafond de revenus."),
    ),
    GlossaryEntry(
        "location-accession",
        _("Location-accession"),
        "",
        _(
            "Une formule où l'on est d'abord locataire avant de devenir propriétaire du même logement. "
            "Le PSLA est la location-accession aidée par l'État."
        ),
    ),
    GlossaryEntry(
        "coopérative d'habitants",
        _("Coopérative d'habitants"),
        "",
        _(
            "Les habitants possèdent ensemble leur immeuble par une société coopérative. Chacun en est associé "
            "et locataire de son logement ; on ne peut pas le revendre pour faire un bénéfice."
        ),
    ),
    # --- Organisations ---------------------------------------------------------------------
    GlossaryEntry(
        "Hlm",
        "Hlm",
        _("Habitation à loyer modéré"),
        _(
            "Le nom courant du logement social. Les organismes Hlm (ou bailleurs sociaux) construisent, louent "
            "et parfois vendent ces logements, avec l'aide de l'État."
        ),
    ),
    GlossaryEntry(
        "OPH",
        "OPH",
        _("Office public de l'habitat"),
        _(
            "Un organisme Hlm public, rattaché à une collectivité (ville, métropole, département). "
            "Par exemple Lille Métropole Habitat."
        ),
    ),
    GlossaryEntry(
        "ESH",
        "ESH",
        _("Entreprise sociale pour l'habitat"),
        _(
            "Un organisme Hlm constitué en société privée. Ses bénéfices servent à sa mission de logement "
            "social."
        ),
    ),
    GlossaryEntry(
        "Coop Hlm",
        "Coop Hlm",
        _("Société coopérative d'Hlm"),
        _(
            "Un organisme Hlm organisé en coopérative, spécialisé dans l'accession sociale sécurisée à la "
            "propriété. Elle peut aussi louer des logements sociaux et gérer des copropriétés comme syndic."
        ),
    ),
    GlossaryEntry(
        "USH",
        "USH",
        _("Union sociale pour l'habitat"),
        _("La fédération nationale qui regroupe les organismes Hlm de France."),
    ),
    GlossaryEntry(
        "RNCHP",
        "RNCHP",
        _("Réseau national des collectivités pour l'habitat participatif"),
        _(
            "Un réseau créé en 2010 par des villes, intercommunalités et régions qui soutiennent l'habitat "
            "participatif. Elles y partagent leurs expériences."
        ),
    ),
    GlossaryEntry(
        "SEM",
        "SEM",
        _("Société d'économie mixte"),
        _(
            "Une entreprise dont le capital appartient surtout à des collectivités, avec des partenaires privés. "
            "Certaines aménagent des quartiers ou construisent des logements."
        ),
    ),
    GlossaryEntry(
        "SCCV",
        "SCCV",
        _("Société civile de construction-vente"),
        _(
            "Une société créée pour construire un immeuble puis en vendre les logements. Dans certains projets, "
            "le groupe d'habitants et l'organisme Hlm en sont associés ensemble."
        ),
    ),
    # --- Roles and procedures --------------------------------------------------------------
    GlossaryEntry(
        "maîtrise d'ouvrage",
        _("Maîtrise d'ouvrage"),
        "",
        _(
            "Le maître d'ouvrage est celui qui fait construire et paie la construction : il commande les "
            "travaux et en est responsable. Dans le catalogue, c'est souvent l'organisme Hlm."
        ),
    ),
    GlossaryEntry(
        "maîtrise d'usage",
        _("Maîtrise d'usage"),
        "",
        _(
            "Le savoir des futurs habitants sur leur façon de vivre. En habitat participatif, on en tient "
            "compte pour concevoir les logements et les espaces partagés."
        ),
    ),
    GlossaryEntry(
        "AMO",
        "AMO",
        _("Assistance à maîtrise d'ouvrage"),
        _(
            "Un professionnel qui conseille le maître d'ouvrage ou le groupe d'habitants : montage du projet, "
            "budget, animation des réunions."
        ),
    ),
    GlossaryEntry(
        "AMU",
        "AMU",
        _("Assistance à maîtrise d'usage"),
        _(
            "Un professionnel qui accompagne le groupe d'habitants : il aide à se connaître, à écrire le projet "
            "de vie et à dialoguer avec l'organisme Hlm et l'architecte."
        ),
    ),
    GlossaryEntry(
        "CAL",
        "CAL",
        _("Commission d'attribution des logements"),
        _(
            "La commission de l'organisme Hlm qui décide à qui louer chaque logement social. Les membres d'un "
            "projet participatif ne passent pas avant les autres demandeurs : ils doivent remplir les mêmes "
            "conditions, notamment de revenus."
        ),
    ),
    GlossaryEntry(
        "PC",
        "PC",
        _("Permis de construire"),
        _(
            "L'autorisation donnée par la mairie avant de construire. Son dépôt puis son obtention sont des "
            "étapes importantes du calendrier d'un projet."
        ),
    ),
    GlossaryEntry(
        "parcours résidentiel",
        _("Parcours résidentiel"),
        "",
        _(
            "Le chemin d'un ménage d'un logement à l'autre au fil de sa vie : par exemple, passer de la "
            "location sociale à l'achat de son logement."
        ),
    ),
    # --- Surfaces and prices ---------------------------------------------------------------
    GlossaryEntry(
        "SHAB",
        "SHAB",
        _("Surface habitable"),
        _(
            "La surface où l'on vit vraiment dans un logement, sans les murs, les escaliers ni les pièces "
            "trop basses."
        ),
    ),
    GlossaryEntry(
        "SU",
        "SU",
        _("Surface utile"),
        _(
            "La surface habitable plus une partie des annexes (caves, balcons, loggias). Elle sert notamment à "
            "calculer certains loyers sociaux."
        ),
    ),
    GlossaryEntry(
        "SP",
        "SP",
        _("Surface de plancher"),
        _(
            "La surface de tous les étages d'un bâtiment, mesurée à l'intérieur des murs. C'est elle que "
            "retient le permis de construire."
        ),
    ),
    GlossaryEntry(
        "HT",
        "HT",
        _("Hors taxes"),
        _("Un prix sans la TVA."),
    ),
    GlossaryEntry(
        "TTC",
        "TTC",
        _("Toutes taxes comprises"),
        _("Un prix TVA comprise : ce que l'acheteur paie réellement."),
    ),
    GlossaryEntry(
        "RT 2012",
        "RT 2012",
        _("Réglementation thermique 2012"),
        _(
            "Les règles d'isolation et de consommation d'énergie imposées aux bâtiments neufs à partir de "
            "2012 (2013 pour les logements)."
        ),
    ),
    # --- Town planning ---------------------------------------------------------------------
    GlossaryEntry(
        "QPV",
        "QPV",
        _("Quartier prioritaire de la politique de la ville"),
        _(
            "Un quartier où les habitants ont en moyenne des revenus bas, et qui reçoit pour cela des aides "
            "publiques particulières."
        ),
    ),
    GlossaryEntry(
        "ZAC",
        "ZAC",
        _("Zone d'aménagement concerté"),
        _(
            "Un quartier neuf ou rénové dont une collectivité organise l'aménagement : voirie, équipements et "
            "terrains à bâtir, qu'elle confie ensuite à des constructeurs."
        ),
    ),
    GlossaryEntry(
        "PLH",
        "PLH",
        _("Programme local de l'habitat"),
        _(
            "Le plan d'une intercommunalité pour le logement sur six ans : combien de logements construire, "
            "pour qui et où. Certains PLH soutiennent l'habitat participatif."
        ),
    ),
    GlossaryEntry(
        "écoquartier",
        _("Écoquartier"),
        "",
        _(
            "Un quartier conçu pour respecter l'environnement : économies d'énergie, nature en ville, "
            "déplacements à pied, à vélo ou en transports en commun."
        ),
    ),
    GlossaryEntry(
        "ALUR",
        _("Loi ALUR"),
        _("Loi pour l'accès au logement et un urbanisme rénové"),
        _(
            "Une loi du 24 mars 2014. Elle a donné pour la première fois une définition légale de l'habitat "
            "participatif et créé des sociétés adaptées (coopératives d'habitants, sociétés d'attribution et "
            "d'autopromotion)."
        ),
    ),
    # --- Habitat participatif --------------------------------------------------------------
    GlossaryEntry(
        "habitat participatif",
        _("Habitat participatif"),
        "",
        _(
            "Selon la loi ALUR, une « démarche citoyenne qui permet à des personnes physiques de s'associer, "
            "potentiellement avec des personnes morales, afin de prendre part à la définition et à la conception "
            "de leurs logements et des espaces destinés à un usage commun ». En clair : les futurs habitants "
            "conçoivent ensemble leurs logements et des espaces qu'ils partagent."
        ),
    ),
    GlossaryEntry(
        "autopromotion",
        _("Autopromotion"),
        "",
        _(
            "Le groupe d'habitants fait construire lui-même son immeuble : il est son propre maître d'ouvrage. "
            "Il peut se faire aider par des professionnels pour des tâches précises."
        ),
    ),
    GlossaryEntry(
        "espaces partagés",
        _("Espaces partagés"),
        "",
        _(
            "Les lieux que les habitants utilisent ensemble : salle commune, buanderie, chambre d'amis, jardin, "
            "atelier, terrasse. Ils sont au cœur de l'habitat participatif."
        ),
    ),
    GlossaryEntry(
        "projet de vie",
        _("Projet de vie"),
        "",
        _(
            "Le texte (souvent appelé charte) où le groupe écrit ce qu'il veut vivre ensemble : valeurs, "
            "entraide, règles communes, usage des espaces partagés."
        ),
    ),
    GlossaryEntry(
        "syndic",
        _("Syndic"),
        "",
        _(
            "Celui qui gère un immeuble en copropriété pour le compte des propriétaires : entretien, charges, "
            "assemblées générales. Une Coop Hlm peut jouer ce rôle après la livraison."
        ),
    ),
]

_BY_KEY = {entry.key: entry for entry in ENTRIES}
_BY_FOLDED_KEY = {_fold(entry.key): entry for entry in ENTRIES}


def get_entry(key):
    """The entry for ``key`` ("PSLA", "psla", "Écoquartier"), or None."""
    if key is None:
        return None
    key = str(key).strip()
    return _BY_KEY.get(key) or _BY_FOLDED_KEY.get(_fold(key))


def sorted_entries():
    return sorted(ENTRIES, key=lambda entry: entry.sort_key)


def entries_by_letter():
    """[(letter, [entries…]), …] in alphabetical order, for the page and its letter index."""
    groups = {}
    for entry in sorted_entries():
        groups.setdefault(entry.letter, []).append(entry)
    return list(groups.items())
