"""Crisis-card views: signing requests, reminders and scans of paper signatures.

For the assigned consultant only (the coordinator gets 404, as on the parties' pages).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.policy import actor_for

from .. import access as acc
from .. import uploads
from ..forms.parties import ScanForm
from ..models import SignatureStatus
from ..services import signatures as sig


def _to_list(request_uuid: uuid.UUID) -> HttpResponse:
    return redirect("crisiscard:party_list", request_uuid=request_uuid)


@login_required
@require_POST
def signatures_send(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_request_for_work(actor, request_uuid, purpose="crisiscard:signatures_send")
    version = sig.latest_version(access.request)
    if version is None:
        messages.error(request, _("The participant has not established a version of the plan yet."))
        return _to_list(request_uuid)
    with refusals_to_messages(request):
        created = sig.request_signatures(actor=actor, version=version)
        asked = sum(1 for s in created if s.status == SignatureStatus.REQUESTED)
        kept = len(created) - asked
        if not created:
            messages.info(request, _("Nothing to send: every party has been asked already."))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d signing request sent.", "%(count)d signing requests sent.", asked
                )
                % {"count": asked}
                + " "
                + ngettext(
                    "%(count)d signature kept from an earlier version (agreements unchanged).",
                    "%(count)d signatures kept from an earlier version (agreements unchanged).",
                    kept,
                )
                % {"count": kept},
            )
    return _to_list(request_uuid)


@login_required
@require_POST
def signature_remind(
    request: HttpRequest, request_uuid: uuid.UUID, signature_id: int
) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_request_for_work(actor, request_uuid, purpose="crisiscard:signature_remind")
    signature = sig.signature_for(access.request, signature_id)
    with refusals_to_messages(request):
        sig.remind(actor=actor, signature=signature)
        messages.success(
            request,
            _("A reminder with a new link is sent to %(name)s.") % {"name": signature.party.name},
        )
    return _to_list(request_uuid)


@login_required
@require_http_methods(["GET", "POST"])
def signature_scan_upload(
    request: HttpRequest, request_uuid: uuid.UUID, signature_id: int
) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_request_for_work(
        actor, request_uuid, purpose="crisiscard:signature_scan_upload"
    )
    signature = sig.signature_for(access.request, signature_id)
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form, field="file"):
            sig.upload_scan(
                actor=actor, signature_or_party=signature, file=form.cleaned_data["file"]
            )
            messages.success(
                request,
                _("The signed scan of %(name)s is saved.") % {"name": signature.party.name},
            )
            return _to_list(request_uuid)
    return render(
        request,
        "crisiscard/parties/scan_upload.html",
        {"card_request": access.request, "signature": signature, "form": form},
    )


@login_required
def signature_scan(
    request: HttpRequest, request_uuid: uuid.UUID, signature_id: int
) -> FileResponse:
    actor = actor_for(request)
    access = acc.access_request_for_work(actor, request_uuid, purpose="crisiscard:signature_scan")
    signature = sig.signature_for(access.request, signature_id)
    name = signature.scan.name
    if not name:  # no scan uploaded
        raise Http404
    try:
        handle = signature.scan.storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    acc.log_read(
        actor, access, purpose="crisiscard:signature_scan", part="signature_scan", request=request
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"signature-{signature.pk}.{name.rsplit('.', 1)[-1]}",
        content_type=uploads.content_type_for(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path(
        "aanvragen/<uuid:request_uuid>/handtekeningen/versturen/",
        signatures_send,
        name="signatures_send",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/handtekeningen/<int:signature_id>/herinneren/",
        signature_remind,
        name="signature_remind",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/handtekeningen/<int:signature_id>/scan/",
        signature_scan_upload,
        name="signature_scan_upload",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/handtekeningen/<int:signature_id>/scan/bestand/",
        signature_scan,
        name="signature_scan",
    ),
]
