#!/usr/bin/env bash
# `make serve`: the production stack on this machine (gunicorn, WhiteNoise,
# production settings, PostgreSQL). For trying it out, not for real data:
# whatever production setting is missing gets a local, throwaway value here,
# and the script says which. Real deployments set every variable themselves
# (docs/deploy.md) and never run this script.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
LOCAL=var/serve
mkdir -p "$LOCAL"
export DJANGO_SETTINGS_MODULE=regie.settings.production

note() { echo "make serve: $*" >&2; }

# A secret kept in var/serve/ (ignored by git) so sessions and the access
# log's seals survive a restart of the local stack.
local_secret() {
    local file="$LOCAL/$1"
    if [ ! -s "$file" ]; then
        (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$file")
    fi
    cat "$file"
}

if [ -z "${DJANGO_SECRET_KEY:-}" ] && [ -z "${DJANGO_SECRET_KEY_FILE:-}" ]; then
    export DJANGO_SECRET_KEY_FILE="$LOCAL/secret-key"
    local_secret secret-key >/dev/null
    note "DJANGO_SECRET_KEY unset: using a throwaway local key in $DJANGO_SECRET_KEY_FILE (local use only)."
fi
if [ -z "${REGIE_AUDIT_KEYS:-}" ]; then
    export REGIE_AUDIT_KEYS="local:$(local_secret audit-key)"
    note "REGIE_AUDIT_KEYS unset: using a throwaway local access-log key from $LOCAL/audit-key (local use only)."
fi
if [ -z "${DATABASE_URL:-}" ]; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/regie_serve"
    if ! psql "postgres://postgres@127.0.0.1:5432/postgres" -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'regie_serve'" | grep -q 1; then
        createdb -h 127.0.0.1 -p 5432 -U postgres regie_serve
        note "created the local database regie_serve on 127.0.0.1."
    fi
    note "DATABASE_URL unset: using the local database regie_serve on 127.0.0.1."
fi
defaults=(
    "DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1"
    "REGIE_PUBLIC_BASE_URL=https://localhost:$PORT"
    "EMAIL_URL=console://"
    "REGIE_AUDIT_CHECKPOINT_DIR=$PWD/$LOCAL/audit-checkpoints"
    "REGIE_MEDIA_ROOT=$PWD/$LOCAL/media"
    # No TLS in front of the local stack: no redirect to https (browsers accept
    # the Secure __Host- cookies from http://localhost).
    "DJANGO_SECURE_SSL_REDIRECT=false"
    "GUNICORN_WORKERS=2"
)
for pair in "${defaults[@]}"; do
    name=${pair%%=*}
    if [ -z "${!name:-}" ]; then
        export "$pair"
        note "$name unset: local value ${pair#*=}"
    fi
done

"$PY" manage.py migrate --no-input
"$PY" manage.py collectstatic --no-input --verbosity 0
note "Regie (production settings) runs at http://localhost:$PORT  (stop with Ctrl+C)"
note "probes: http://localhost:$PORT/healthz and /readyz"
exec "$(dirname "$PY")/gunicorn" -c regie/gunicorn.conf.py --bind "$HOST:$PORT" regie.wsgi:application
