"""Gunicorn settings for Regie, read from the environment (docs/deploy.md).

gunicorn -c regie/gunicorn.conf.py regie.wsgi:application
"""

import multiprocessing
import os


def positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = positive_int("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 8))
threads = positive_int("GUNICORN_THREADS", 1)
timeout = positive_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = positive_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200
# Load the application before forking: a bad setting stops the master at once
# with Django's ImproperlyConfigured sentence, instead of workers dying one by one.
preload_app = True

# JSON lines on stdout, without query strings, tokens or probes (regie/core/accesslog.py);
# gunicorn's own messages (start, worker exits) on stderr.
logger_class = "regie.core.accesslog.JsonAccessLogger"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the proxy in front may set X-Forwarded-* (see REGIE_TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket in the user's home directory; manage workers with signals
# (systemd: `systemctl reload` sends HUP).
control_socket_disable = True
