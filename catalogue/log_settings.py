"""Logging settings, read from the environment (docs/configuration.md).

One JSON object per line on stderr, with the request id and no secrets (catalogue/logging.py).
LOG_FORMAT=plain gives readable lines for a developer's terminal.
"""

from typing import Any

import environ


def logging_settings(env: environ.Env) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "catalogue.logging.RequestContextFilter"}},
        "formatters": {
            "json": {
                "()": "catalogue.logging.JsonFormatter",
                "fmt": "{levelname}{name}{message}",
                "style": "{",
                "timestamp": "time",
                "json_ensure_ascii": False,
            },
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": env.str("LOG_FORMAT", default="json"),
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
        # django-axes logs every login at INFO; failures and lockouts are warnings.
        "loggers": {
            "axes": {"level": env.str("AXES_LOG_LEVEL", default="WARNING")},
            # runserver's access lines, through the same filter (secrets and the eligibility helper's
            # household and income masked) instead of Django's own unfiltered handler.
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
