"""Parse the production environment: one function per variable, one clear error each.

Every function raises ImproperlyConfigured with a sentence that names the
variable and says what is expected. None of them echoes a secret back.
Kept free of Django settings so tests can call them with any mapping.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from dj_database_url import DBConfig
from django.core.exceptions import ImproperlyConfigured

Environ = Mapping[str, str]

MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}
SMTP_SCHEMES = {"smtp": {}, "smtp+tls": {"use_tls": True}, "smtps": {"use_ssl": True}}
EMAIL_URL_EXAMPLES = (
    "smtp://user:password@host:587, smtp+tls://…, smtps://…, console://, file:///path or memory://"
)


def _environ(environ: Environ | None) -> Environ:
    return os.environ if environ is None else environ


def required(name: str, what: str, environ: Environ | None = None) -> str:
    value = _environ(environ).get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Environment variable {name} is required: {what}.")
    return value


def secret_key(environ: Environ | None = None) -> str:
    """DJANGO_SECRET_KEY, or the first line of the file DJANGO_SECRET_KEY_FILE names."""
    env = _environ(environ)
    direct = env.get("DJANGO_SECRET_KEY", "").strip()
    file_name = env.get("DJANGO_SECRET_KEY_FILE", "").strip()
    if direct and file_name:
        raise ImproperlyConfigured(
            "Set only one of DJANGO_SECRET_KEY and DJANGO_SECRET_KEY_FILE, not both."
        )
    if file_name:
        try:
            direct = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"DJANGO_SECRET_KEY_FILE names a file that cannot be read ({exc.strerror})."
            ) from exc
        if not direct:
            raise ImproperlyConfigured("DJANGO_SECRET_KEY_FILE names an empty file.")
    if not direct:
        raise ImproperlyConfigured(
            "Environment variable DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is required: "
            "a random secret of at least 50 characters."
        )
    if len(direct) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be at least 50 characters long "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    return direct


def database(environ: Environ | None = None, *, conn_max_age: int = 60) -> DBConfig:
    """DATABASE_URL parsed by dj-database-url; postgres:// (or sqlite:// for checks only)."""
    url = required(
        "DATABASE_URL", "a database URL such as postgres://user:password@host:5432/regie", environ
    )
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL Regie understands (scheme {urlsplit(url).scheme!r}); "
            "use postgres://user:password@host:5432/regie."
        ) from exc
    if not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL must name a database: postgres://…/regie.")
    return config


def public_base_url(environ: Environ | None = None) -> str:
    url = required(
        "REGIE_PUBLIC_BASE_URL",
        "the public https:// address, such as https://regie.example.nl",
        environ,
    )
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ImproperlyConfigured(
            "REGIE_PUBLIC_BASE_URL must be the public https:// address, such as https://regie.example.nl."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            "REGIE_PUBLIC_BASE_URL must be an address without a path, such as https://regie.example.nl."
        )
    return url.rstrip("/")


def allowed_hosts(environ: Environ | None = None) -> list[str]:
    raw = required("DJANGO_ALLOWED_HOSTS", "a comma-separated list of host names", environ)
    hosts = [item.strip() for item in raw.split(",") if item.strip()]
    bad = [host for host in hosts if "/" in host or ":" in host.lstrip("[").split("]")[-1]]
    if not hosts or bad:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list host names without scheme or port, "
            "such as regie.example.nl,www.regie.example.nl."
        )
    return hosts


def redis_url(environ: Environ | None = None) -> str:
    """REDIS_URL is optional; when set it must be redis:// or rediss:// with a host."""
    url = _environ(environ).get("REDIS_URL", "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(
            "REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379/0 (or rediss:// for TLS)."
        )
    return url


def mailer(url: str) -> dict[str, Any]:
    """Turn EMAIL_URL into a MAILERS entry (Django 6.1: BACKEND plus that backend's OPTIONS).

    smtp://user:password@host:port (plain), smtp+tls:// (STARTTLS), smtps:// (TLS from
    the start), console://, file:///absolute/directory, memory:// (kept in memory).
    ``?timeout=N`` sets the SMTP timeout in seconds.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"EMAIL_URL is malformed; use one of {EMAIL_URL_EXAMPLES}."
        ) from exc
    scheme = parts.scheme.lower()
    if scheme in SMTP_SCHEMES:
        if not parts.hostname:
            raise ImproperlyConfigured(
                "EMAIL_URL must name the SMTP host: smtp://user:password@host:587."
            )
        options: dict[str, Any] = {"host": parts.hostname, **SMTP_SCHEMES[scheme]}
        if port is not None:
            options["port"] = port
        if parts.username:
            options["username"] = unquote(parts.username)
            options["password"] = unquote(parts.password or "")
        query = parse_qs(parts.query)
        unknown = set(query) - {"timeout"}
        if unknown:
            raise ImproperlyConfigured(
                f"EMAIL_URL accepts only ?timeout=seconds, not {', '.join(sorted(unknown))}."
            )
        if "timeout" in query:
            try:
                options["timeout"] = int(query["timeout"][0])
            except ValueError as exc:
                raise ImproperlyConfigured(
                    "EMAIL_URL's timeout must be a whole number of seconds."
                ) from exc
        return {"BACKEND": MAIL_BACKENDS["smtp"], "OPTIONS": options}
    if scheme == "file":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/") or path == "/":
            raise ImproperlyConfigured(
                "EMAIL_URL with file:// must name an absolute directory: file:///var/lib/regie/mail."
            )
        return {"BACKEND": MAIL_BACKENDS["file"], "OPTIONS": {"file_path": path}}
    if scheme in ("console", "memory"):
        if parts.netloc or parts.path.strip("/") or parts.query:
            raise ImproperlyConfigured(f"EMAIL_URL {scheme}:// takes nothing after the scheme.")
        return {"BACKEND": MAIL_BACKENDS[scheme]}
    raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme; use one of {EMAIL_URL_EXAMPLES}.")


def mailers(environ: Environ | None = None) -> dict[str, dict[str, Any]]:
    url = required("EMAIL_URL", f"where mail goes: {EMAIL_URL_EXAMPLES}", environ)
    return {"default": mailer(url)}
