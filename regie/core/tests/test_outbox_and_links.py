"""Development mail outbox (DEBUG only) and the public address for links and QR codes."""

from __future__ import annotations

import importlib

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend
from django.test import Client
from django.urls import NoReverseMatch, clear_url_caches, reverse

from regie.core import links


def reload_urls():
    import regie.core.urls
    import regie.urls

    importlib.reload(regie.core.urls)
    importlib.reload(regie.urls)
    clear_url_caches()


@pytest.fixture
def restore_urls():
    yield
    reload_urls()


def test_without_debug_the_outbox_is_not_routed():
    with pytest.raises(NoReverseMatch):
        reverse("core:outbox")
    assert Client().get("/dev/outbox/").status_code == 404


def test_with_debug_the_outbox_lists_sent_mail_with_its_links(db, settings, tmp_path, restore_urls):
    settings.DEBUG = True
    settings.REGIE_OUTBOX_DIR = str(tmp_path)
    reload_urls()
    backend = EmailBackend(file_path=str(tmp_path))
    backend.send_messages(
        [
            EmailMessage(
                "Welkom bij Regie",
                "Kies je wachtwoord: http://127.0.0.1:8101/activeren/link/abc/",
                to=["a@regie.example"],
            )
        ]
    )
    response = Client().get(reverse("core:outbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Welkom bij Regie" in page and "a@regie.example" in page
    assert '<a href="http://127.0.0.1:8101/activeren/link/abc/"' in page


def test_the_outbox_view_refuses_without_debug_even_when_routed(
    db, settings, tmp_path, restore_urls
):
    settings.DEBUG = True
    settings.REGIE_OUTBOX_DIR = str(tmp_path)
    reload_urls()
    settings.DEBUG = False
    assert Client().get("/dev/outbox/").status_code == 404


def production_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "regie.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://regie@db.regie.example/regie")
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://mail.regie.example:587")
    monkeypatch.setenv("REGIE_PUBLIC_BASE_URL", "https://regie.example")
    monkeypatch.setenv("REGIE_AUDIT_KEYS", "prod:" + "k" * 40)
    monkeypatch.setenv("REGIE_AUDIT_CHECKPOINT_DIR", "/var/lib/regie/audit-checkpoints")
    import regie.settings.production as production

    return importlib.reload(production)


def test_production_settings_neither_debug_nor_an_outbox(monkeypatch):
    production = production_settings(monkeypatch)
    assert production.DEBUG is False
    assert production.REGIE_OUTBOX_DIR == ""
    assert "filebased" not in production.MAILERS["default"]["BACKEND"]


def test_development_settings_write_mail_to_the_outbox(monkeypatch):
    monkeypatch.delenv("REGIE_MAIL_BACKEND", raising=False)
    import regie.settings.dev as dev

    dev = importlib.reload(dev)
    assert dev.MAILERS["default"]["BACKEND"].endswith("filebased.EmailBackend")
    assert dev.MAILERS["default"]["OPTIONS"]["file_path"] == dev.REGIE_OUTBOX_DIR


def test_links_use_the_configured_public_address(settings):
    settings.REGIE_PUBLIC_BASE_URL = "https://regie.example.nl/"
    token = links.request_base_var.set("http://127.0.0.1:8101")
    try:
        assert links.absolute("/x/") == "https://regie.example.nl/x/"
    finally:
        links.request_base_var.reset(token)


def test_without_a_public_address_links_follow_the_request(settings):
    settings.REGIE_PUBLIC_BASE_URL = ""
    settings.REGIE_DEV_BASE_URL = "http://127.0.0.1:8000"
    assert links.absolute("/x/") == "http://127.0.0.1:8000/x/"
    token = links.request_base_var.set("http://127.0.0.1:8101")
    try:
        assert links.absolute("/x/") == "http://127.0.0.1:8101/x/"
    finally:
        links.request_base_var.reset(token)


def test_the_qr_code_on_a_page_points_at_the_port_the_app_runs_on(db, settings):
    from regie.crisiscard import qr

    settings.REGIE_PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    seen = {}

    def view_probe(request):
        seen["url"] = qr.emergency_url("tok")
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = links.RequestBaseMiddleware(view_probe)
    from django.test import RequestFactory

    middleware(RequestFactory().get("/", HTTP_HOST="127.0.0.1:8101"))
    assert seen["url"] == "http://127.0.0.1:8101/crisiskaart/nood/tok/"
