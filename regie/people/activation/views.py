"""The public activation pages: type the letter's code (or follow the mail's
link), choose a password, and land logged in.

No login needed. Each step is rate-limited per client address, and a typed
code also per code (cache-based, shared by every worker). A wrong, expired,
used or replaced code all get the same answer.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from regie.core.errors import refusal_caught
from regie.core.ratelimit import hit_over_limit, key_over_limit
from regie.people.models import ActivationCode

from . import codes
from . import services as svc
from .forms import CodeForm, PasswordForm

app_name = "activation"

SESSION_KEY = "regie_activation"
WINDOW = 15 * 60
PER_ADDRESS = settings.REGIE_ACTIVATION_TRIES_PER_ADDRESS
PER_CODE = settings.REGIE_ACTIVATION_TRIES_PER_CODE
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _limited(request: HttpRequest) -> HttpResponse:
    return render(request, "people/activation/limited.html", status=429)


def _address_over_limit(request: HttpRequest) -> bool:
    return hit_over_limit(request, scope="activation", limit=PER_ADDRESS, window=WINDOW)


@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    """Step 1: the code from the letter."""
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if _address_over_limit(request):
            return _limited(request)
        if form.is_valid():
            typed = form.cleaned_data["code"]
            per_code = f"activation-code:{codes.code_digest(typed)}"
            if key_over_limit(per_code, limit=PER_CODE, window=WINDOW):
                return _limited(request)
            activation = svc.activation_find_by_code(typed)
            if activation is None:
                form.add_error("code", str(svc.DOES_NOT_WORK))
            else:
                request.session.cycle_key()
                request.session[SESSION_KEY] = str(activation.uuid)
                return redirect("activation:password")
    return render(request, "people/activation/enter.html", {"form": form})


def _choose_password(
    request: HttpRequest, activation: ActivationCode, *, action: str
) -> HttpResponse:
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with refusal_caught() as refused:
                user = svc.activation_complete(
                    activation=activation, password=form.cleaned_data["password1"]
                )
                request.session.pop(SESSION_KEY, None)
                login(request, user, backend=BACKEND)
                return redirect(svc.LANDING[activation.purpose])
        except ValidationError as error:  # the password validators' own words
            form.add_error("password1", error)
        if refused:  # the code was used or withdrawn meanwhile
            return render(
                request, "people/activation/gone.html", {"message": refused.message}, status=404
            )
    holder = activation.person.user
    return render(
        request,
        "people/activation/password.html",
        {
            "form": form,
            "action": action,
            "person": activation.person,
            "login": (holder.email or holder.login_name) if holder is not None else "",
        },
    )


@require_http_methods(["GET", "POST"])
def password(request: HttpRequest) -> HttpResponse:
    """Step 2 after a correct code: choose a password."""
    remembered = request.session.get(SESSION_KEY)
    activation = svc.activation_find_by_uuid(remembered) if remembered else None
    if activation is None:
        return redirect("activation:enter")
    if request.method == "POST" and _address_over_limit(request):
        return _limited(request)
    return _choose_password(request, activation, action=request.path)


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The mail's link: choose a password straight away."""
    if _address_over_limit(request):
        return _limited(request)
    activation = svc.activation_find_by_link(token)
    if activation is None:
        return render(
            request,
            "people/activation/gone.html",
            {"message": str(svc.DOES_NOT_WORK)},
            status=404,
        )
    return _choose_password(request, activation, action=request.path)


urlpatterns = [
    path("", enter, name="enter"),
    path("wachtwoord/", password, name="password"),
    path("link/<str:token>/", link, name="link"),
]
