"""Glossary entries: tenure statuses and organisations."""

from django.utils.translation import gettext_lazy as _

from .entry import GlossaryEntry

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
            "Un logement social au loyer un peu plus élevé que le PLUS, pour des ménages aux revenus moyens. "
            "Ses plafonds de ressources sont ceux du PLUS majorés de 30 % : il accueille les ménages qui dépassent "
            "un peu le plafond du PLUS, et aussi ceux qui sont en dessous."
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
            "et a la jouissance de son logement contre une redevance ; ses parts ne se revendent pas avec un "
            "bénéfice."
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
        _("Un organisme Hlm constitué en société privée. Ses bénéfices servent à sa mission de logement social."),
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
        _(
            "La confédération qui réunit les fédérations d'organismes Hlm (offices publics, entreprises sociales "
            "pour l'habitat, coopératives…) et les représente au niveau national."
        ),
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
]
