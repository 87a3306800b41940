"""Names of the helper's parameters that describe a household: masked in every log line
(catalogue/logging.py, read before Django's apps are loaded, hence this model-free module), and the
income never put in a shareable link."""

PRIVATE_PARAMETERS = ("revenu", "adultes", "enfants", "age_1", "age_2", "handicap")
SHARED_PARAMETERS = ("adultes", "enfants", "age_1", "age_2", "handicap", "lieu", "insee", "annee")
