"""Glossary entries: roles and procedures, surfaces and prices, town planning, habitat participatif."""

from django.utils.translation import gettext_lazy as _

from .entry import GlossaryEntry

ENTRIES = [
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
            "budget, animation des réunions. Aux rencontres de 2017, certains la jugeaient nécessaire pour créer le "
            "lien entre l'organisme Hlm et les habitants ; d'autres y voyaient, externalisée, un abandon du cœur de "
            "métier de l'organisme."
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
            "La commission de l'organisme Hlm qui décide à qui louer chaque logement social ; depuis 2018, elle "
            "s'appelle CALEOL (commission d'attribution des logements et d'examen de l'occupation des logements). "
            "Les futurs locataires d'un projet participatif doivent remplir les mêmes conditions, notamment les "
            "plafonds de ressources : « l'habitat participatif ne doit pas être un moyen de couper la file "
            "d'attente » (actes de 2017). Des arrangements existent pourtant : une « pré-CAL » et des locataires "
            "« fléchés » à Locus Solus (Bordeaux), une convention qui « permet d'orienter les attributions » pour "
            "Oasis."
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
        _("La surface où l'on vit vraiment dans un logement, sans les murs, les escaliers ni les pièces trop basses."),
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
            "La loi ALUR l'a défini à l'article L. 200-1 du code de la construction et de l'habitation : "
            "« une démarche citoyenne qui permet à des personnes physiques de s'associer, le cas échéant avec des "
            "personnes morales, afin de participer à la définition et à la conception de leurs logements et des "
            "espaces destinés à un usage commun, de construire ou d'acquérir un ou plusieurs immeubles destinés à "
            "leur habitation et, le cas échéant, d'assurer la gestion ultérieure des immeubles construits ou "
            "acquis ». La plaquette de la Fédération des Coop Hlm le reformule : une « démarche citoyenne qui "
            "permet à des personnes physiques de s'associer, potentiellement avec des personnes morales, afin de "
            "prendre part à la définition et à la conception de leurs logements et des espaces destinés à un usage "
            "commun ». En clair : les futurs habitants conçoivent ensemble leurs logements et des espaces qu'ils "
            "partagent."
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
