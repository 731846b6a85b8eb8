"""Communication materials: the library, one material with its versions, adding,
uploading a new version, downloading a file, archiving and restoring.

Each view: parse → access (materials/access.py) → service → render/redirect.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.core import uploads
from regie.core.errors import refusal_caught, refusals_to, refusals_to_messages
from regie.core.paging import page_of
from regie.core.policy import actor_for
from regie.people.access import access_region_as_coordinator

from . import access as acc
from . import selectors as sel
from . import services as svc
from .forms import MaterialForm, MaterialVersionForm


@login_required
@require_GET
def material_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    materials = page_of(request, sel.library(acc.visible_materials(actor)))
    # Coordinators also see what they archived, to restore it.
    archived = page_of(
        request, sel.archived_library(acc.archived_materials(actor)), param="archived"
    )
    return render(
        request,
        "coordination/materials/list.html",
        {
            "materials": materials,
            "archived": archived,
            "regions": actor.regions_for("coordinator"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def material_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            material = svc.material_create(
                actor=actor,
                region=region,
                title=data["title"],
                kind=data["kind"],
                audience=data["audience"],
                description=data["description"],
                all_regions=data["all_regions"],
                file=data["file"],
                note=data["note"],
            )
            messages.success(request, _("The material is added."))
            return redirect("coordination:material_detail", material_uuid=material.uuid)
    return render(request, "coordination/materials/add.html", {"region": region, "form": form})


@login_required
@require_GET
def material_detail(request: HttpRequest, material_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    material = acc.access_material(actor, material_uuid)
    versions = sel.versions_of(material)
    return render(
        request,
        "coordination/materials/detail.html",
        {
            "material": material,
            "versions": versions,
            "may_manage": acc.may_manage_material(actor, material),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def material_upload(request: HttpRequest, material_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    material = acc.access_material_to_manage(actor, material_uuid)
    form = MaterialVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            version = svc.material_version_add(
                actor=actor,
                material=material,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request, _("Version %(number)s is added.") % {"number": version.number}
            )
            return redirect("coordination:material_detail", material_uuid=material.uuid)
    return render(
        request, "coordination/materials/upload.html", {"material": material, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def material_archive(request: HttpRequest, material_uuid: uuid.UUID) -> HttpResponse:
    """GET asks first; POST archives."""
    actor = actor_for(request)
    material = acc.access_material_to_manage(actor, material_uuid)
    error = ""
    if request.method == "POST":
        with refusal_caught() as refused:
            svc.material_archive(actor=actor, material=material)
            messages.success(
                request,
                _("“%(title)s” is archived. You can restore it from the archived materials.")
                % {"title": material.title},
            )
            return redirect("coordination:material_list")
        error = refused.message
    return render(
        request,
        "coordination/materials/archive.html",
        {"material": material, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def material_restore(request: HttpRequest, material_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    material = acc.access_material_to_manage(actor, material_uuid)
    with refusals_to_messages(request):
        svc.material_restore(actor=actor, material=material)
        messages.success(
            request, _("“%(title)s” is back in the library.") % {"title": material.title}
        )
    return redirect("coordination:material_detail", material_uuid=material.uuid)


@login_required
@require_GET
def material_download(request: HttpRequest, material_uuid: uuid.UUID, number: int) -> FileResponse:
    actor = actor_for(request)
    material = acc.access_material(actor, material_uuid)
    version = sel.version_of(material, number)
    if version is None or not version.file or not version.file.name:
        raise Http404
    try:
        handle = version.file.storage.open(version.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return uploads.attachment(
        handle,
        filename=version.original_name or f"material-v{version.number}",
        kind=uploads.kind_for_content_type(version.content_type),
    )
