"""Read replica routing (``DATABASE_REPLICA_URL``, docs/deployment.md).

Only public, read-only requests read from the replica: a GET or HEAD outside the admin. Everything
else uses the primary: writes, the admin (editors must see what they just saved), a request once it
has written (read your own writes), and work outside requests (commands, migrations, shells).
A replica lags a little behind the primary: public pages may show a change a second late.
"""

from contextvars import ContextVar

PRIMARY, REPLICA = "default", "replica"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
ADMIN_PREFIX = "/admin/"

_reads_from = ContextVar("reads_from", default=PRIMARY)


def replica_allowed(request):
    return request.method in SAFE_METHODS and not request.path_info.startswith(ADMIN_PREFIX)


class ReplicaMiddleware:
    """Lets the router send this request's reads to the replica when it is a public read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from.set(REPLICA if replica_allowed(request) else PRIMARY)
        try:
            return self.get_response(request)
        finally:
            _reads_from.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reads_from.get()

    def db_for_write(self, model, **hints):
        _reads_from.set(PRIMARY)  # from now on this request reads what it wrote
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two connections

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
