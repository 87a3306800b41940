"""gunicorn settings for one instance of the catalogue (docs/deployment.md).

gunicorn -c deploy/gunicorn.conf.py catalogue.wsgi            # GUNICORN_BIND=127.0.0.1:8001 …
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: pages are CPU and database bound, not waiting on slow clients (nginx buffers them).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # long streamed exports
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory fragmentation), not all at once.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front sets X-Forwarded-*: trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 27 opens a control socket at one path per user: several instances on a host need their own.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", f"/run/catalogue/gunicorn-{bind.rsplit(':', 1)[-1]}.ctl")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# The access log masks secret and personal query parameters (the eligibility helper's income).
logger_class = "catalogue.gunicorn_logging.RedactingLogger"
errorlog = "-"
