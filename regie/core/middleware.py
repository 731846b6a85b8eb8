"""Request-wide guards: idle timeout, staff MFA enrolment, no caching."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .policy import MFA_FACTORS, actor_for

Handler = Callable[[HttpRequest], HttpResponse]

# Paths a staff member without MFA may still reach: logging in and out,
# enrolling, switching language, and static files.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/")

SESSION_LAST_SEEN = "regie_last_seen"
SESSION_STARTED = "regie_started"
# Don't rewrite the session on every click; a minute's precision is plenty.
LAST_SEEN_RESOLUTION = 60


def _expire(request: HttpRequest, message: str) -> HttpResponse:
    logout(request)
    messages.info(request, message)
    login_url = reverse("account_login")
    return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")


class IdleTimeoutMiddleware:
    """End a session that was idle too long (30 minutes for staff) or is too old."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = int(session.setdefault(SESSION_STARTED, now))
            if now - started > settings.REGIE_SESSION_MAX_HOURS * 3600:
                return _expire(request, _("Your session has ended. Please log in again."))
            last_seen = session.get(SESSION_LAST_SEEN)
            minutes = (
                settings.REGIE_STAFF_IDLE_MINUTES
                if actor_for(request).is_staff
                else settings.REGIE_IDLE_MINUTES
            )
            if last_seen is not None and now - int(last_seen) > minutes * 60:
                return _expire(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": minutes},
                )
            if last_seen is None or now - int(last_seen) >= LAST_SEEN_RESOLUTION:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


def has_mfa(user: object) -> bool:
    return Authenticator.objects.filter(user=user, type__in=MFA_FACTORS).exists()


def _has_second_factor(request: HttpRequest) -> bool:
    """What the actor's roles query read, or a query of its own without one."""
    known = actor_for(request).has_second_factor
    return known if known is not None else has_mfa(request.user)


class StaffMFAMiddleware:
    """With REGIE_STAFF_MFA on, staff enrol in MFA before any staff page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.REGIE_STAFF_MFA
            and request.user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and actor_for(request).is_staff
            and not _has_second_factor(request)
        ):
            messages.warning(
                request,
                _(
                    "Set up two-step verification first. Staff need it to protect participants' data."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreMiddleware:
    """No browser or proxy may keep a copy of a dynamic page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True)
        return response
