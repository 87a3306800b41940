"""gunicorn's access log with the same masking as the application's logs (catalogue/logging.py):
the request line, query string and Referer lose the values of secret and personal parameters
(the eligibility helper's household and income). Enabled in deploy/gunicorn.conf.py."""

from gunicorn.glogging import Logger

from .logging import redact

MASKED_ATOMS = ("r", "q", "f", "U")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in MASKED_ATOMS:
            if isinstance(atoms.get(name), str):
                value = atoms[name]
                # A bare query string ("revenu=1&adultes=2") is masked like one after a "?".
                atoms[name] = redact(value) if name != "q" else redact("?" + value)[1:]
        return atoms
