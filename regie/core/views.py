from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .home import attention_sections
from .policy import actor_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    return render(request, "core/home.html", {"sections": attention_sections(actor)})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke the request may break them too.
    template = loader.get_template("errors/500.html")
    return HttpResponseServerError(template.render({}))
