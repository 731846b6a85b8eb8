"""Quality pages: the four-eyes review, the indicators and visitations.

Each view: parse → access (quality/access.py) → service → render/redirect.
A coordinator reads a plan's content only here, in a review, and that reading
is logged against the participant.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.core.charts import Bar, funnel_svg
from regie.core.errors import refusal_caught, refusals_to, refusals_to_messages
from regie.core.paging import page_of
from regie.core.policy import actor_for
from regie.core.stale import stale_status
from regie.crisiscard import diff, fit
from regie.crisiscard.models import Card
from regie.crisiscard.selectors.cards import previous_issued_card
from regie.crisiscard.services.cards import (
    REVIEW_BASIS_PANELS,
    REVIEW_BASIS_VERSION,
    review_basis,
)
from regie.people.access import access_region_as_coordinator
from regie.people.models import Region, Role

from ..access import coordinated_region_ids
from . import access as acc
from . import selectors as sel
from . import services
from .forms import (
    FindingsForm,
    PeriodForm,
    ReviewDecisionForm,
    VisitationActionForm,
    VisitationForm,
)
from .models import QualityReview, ReviewStatus, Visitation
from .pdf import evidence_pack_pdf

# --- reviews ------------------------------------------------------------------------


@login_required
@require_POST
def review_request(request: HttpRequest, card_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    card = acc.access_card_for_review_request(actor, card_uuid)
    with refusals_to_messages(request):
        services.review_request(actor=actor, card=card)
        messages.success(
            request,
            _(
                "A review is asked for. A coordinator or another HBO consultant will check the card."
            ),
        )
    return redirect("crisiscard:card_edit", request_uuid=card.request.uuid)


@login_required
@require_POST
def review_withdraw(request: HttpRequest, review_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    review = acc.access_review_for_withdraw(actor, review_uuid)
    with refusals_to_messages(request):
        services.review_withdraw(actor=actor, review=review)
        messages.success(
            request,
            _("The review request is withdrawn. Change the card, then ask for a review again."),
        )
    return redirect("crisiscard:card_edit", request_uuid=review.card.request.uuid)


@login_required
@require_GET
def review_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = acc.access_review_region(actor, region_slug)
    is_coordinator = region.pk in coordinated_region_ids(actor)
    queue = page_of(request, sel.review_queue(actor, region))
    # The queue names participants: one logged reading each, in one write.
    record_many(
        actor=actor,
        action=Action.READ,
        purpose="coordination:review_list",
        object_type=ObjectType.QUALITY_REVIEW,
        items=[(str(review.uuid), review.card.request.participant) for review in queue.object_list],
        role=Role.COORDINATOR if is_coordinator else Role.CONSULTANT,
        part="review_queue",
        request=request,
    )
    return render(
        request,
        "coordination/quality/review_list.html",
        {
            "region": region,
            "queue": queue,
            "recent": sel.recent_reviews(region) if is_coordinator else [],
            "is_coordinator": is_coordinator,
        },
    )


def _decision_form(card: Card, data: QueryDict | None = None) -> ReviewDecisionForm:
    """The decision form, carrying the card on the screen: its hash and version now."""
    basis = review_basis(card)
    seen = {
        "seen_panels": basis[REVIEW_BASIS_PANELS],
        "seen_version": str(basis[REVIEW_BASIS_VERSION]),
    }
    if data is None:
        return ReviewDecisionForm(initial=seen)
    data = data.copy()
    data.update(seen)  # typed comments and ticks stay; the hidden values follow the card
    return ReviewDecisionForm(data)


def _english_side(card: Card) -> list[fit.LaidOutPanel]:
    """The card's English panels, laid out: the review covers both languages."""
    side = fit.second_side(card.panels, card.panels_en)
    return fit.layout(side) if side is not None else []


def _review_page(request: HttpRequest, review: QualityReview, error: str = "") -> HttpResponse:
    actor = actor_for(request)
    card = review.card
    form = _decision_form(card, request.POST if request.method == "POST" else None)
    parties = sel.parties_of(card.request)
    names = {str(p.uuid): p.name for p in parties}
    previous = previous_issued_card(card)
    services.log_plan_read(actor, review, request=request)
    return render(
        request,
        "coordination/quality/review_detail.html",
        {
            "review": review,
            "card": card,
            "card_request": card.request,
            "items": services.checklist_for(card),
            "content": diff.readable(card.version.content, party_names=names),
            "laid_out": fit.layout(card.panels),
            "laid_out_en": _english_side(card),
            # A re-issue: what changed compared with the card issued before.
            "previous": previous,
            "changes": diff.diff_contents(
                previous.version.content, card.version.content, party_names=names
            )
            if previous is not None
            else None,
            "form": form,
            "error": error,
            "open": review.status == ReviewStatus.REQUESTED,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def review_detail(request: HttpRequest, review_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    review = acc.access_review(actor, review_uuid, purpose="coordination:review_detail")
    return _review_page(request, review)


def _review_decide(request: HttpRequest, review_uuid: uuid.UUID, *, passed: bool) -> HttpResponse:
    """Pass the card or send it back: the one way both buttons decide."""
    actor = actor_for(request)
    review = acc.access_review_to_decide(actor, review_uuid)
    if review is None:
        return _review_gone(request)
    form = ReviewDecisionForm(request.POST)
    if not form.is_valid():
        return _review_page(request, review, _("Not saved yet: please check the following"))
    data = form.cleaned_data
    seen_version = data["seen_version"]
    with refusal_caught() as refused:
        services.review_decide(
            actor=actor,
            review=review,
            passed=passed,
            own_words=data["own_words"],
            seen_panels_hash=data["seen_panels"],
            seen_version_id=int(seen_version) if seen_version.isdigit() else None,
            missing_signatures_reason=data["missing_signatures_reason"],
            comments=data["comments"],
        )
        messages.success(
            request,
            _("The card passed its review. The consultant can issue it.")
            if passed
            else _("The card is sent back to the consultant with your comments."),
        )
        return redirect("coordination:review_list", region_slug=review.card.request.region.slug)
    review.card.refresh_from_db(fields=["panels", "version"])  # the card as it is now
    return _review_page(request, review, refused.message)


@login_required
@require_POST
def review_pass(request: HttpRequest, review_uuid: uuid.UUID) -> HttpResponse:
    return _review_decide(request, review_uuid, passed=True)


@login_required
@require_POST
def review_send_back(request: HttpRequest, review_uuid: uuid.UUID) -> HttpResponse:
    return _review_decide(request, review_uuid, passed=False)


def _review_gone(request: HttpRequest) -> HttpResponse:
    """The review was withdrawn while the reviewer wrote: nothing saved, their words handed back."""
    return render(
        request,
        "coordination/quality/review_gone.html",
        {
            "comments": request.POST.get("comments", ""),
            "missing_signatures_reason": request.POST.get("missing_signatures_reason", ""),
        },
        status=410,
    )


# --- indicators ---------------------------------------------------------------------


@login_required
@require_GET
def quality(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = PeriodForm(request.GET or None)
    period = sel.Period()
    if form.is_bound and form.is_valid():
        period = sel.Period(form.cleaned_data["start"], form.cleaned_data["end"])
    indicators = sel.region_indicators(region, period)
    steps = [
        (_("Started (consultant matched)"), indicators.started),
        (_("At least one conversation"), indicators.had_conversation),
        (_("Plan established"), indicators.plan_established),
        (_("Card issued"), indicators.with_card),
    ]
    return render(
        request,
        "coordination/quality/indicators.html",
        {
            "region": region,
            "form": form,
            "period": period,
            "indicators": indicators,
            "steps": steps,
            "funnel": funnel_svg(
                [Bar(str(label), value) for label, value in steps],
                title=_("From start to card"),
            )
            if indicators.started
            else "",
            "rows": sel.consultant_indicators(region, period),
        },
    )


# --- visitations --------------------------------------------------------------------


@login_required
@require_GET
def visitation_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    return render(
        request,
        "coordination/quality/visitation_list.html",
        {"region": region, "visitations": page_of(request, sel.visitations(region))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visitation_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = VisitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            visitation = services.visitation_create(actor=actor, region=region, **form.cleaned_data)
            messages.success(request, _("The visitation is saved."))
            return redirect(
                "coordination:visitation_detail",
                region_slug=region.slug,
                visitation_uuid=visitation.uuid,
            )
    return render(
        request, "coordination/quality/visitation_add.html", {"region": region, "form": form}
    )


def _owners(region_id: int):
    return sel.region_staff(region_id)


def _visitation_page(
    request: HttpRequest,
    region: Region,
    visitation: Visitation,
    *,
    findings_form: FindingsForm | None = None,
    action_form: VisitationActionForm | None = None,
) -> HttpResponse:
    """The visitation with its findings and actions; a form with errors is shown as it was sent."""
    invalid = any(f is not None and f.errors for f in (findings_form, action_form))
    findings_form = findings_form or FindingsForm(
        initial={"findings": visitation.findings},
        seen=services.FINDINGS.fingerprint(visitation),
    )
    status = stale_status(findings_form)
    return render(
        request,
        "coordination/quality/visitation_detail.html",
        {
            "region": region,
            "visitation": visitation,
            "actions": list(visitation.actions.select_related("owner")),
            "findings_form": findings_form,
            "action_form": action_form or VisitationActionForm(owners=_owners(region.pk)),
        },
        status=status if status != 200 else (400 if invalid else 200),
    )


@login_required
@require_GET
def visitation_detail(
    request: HttpRequest, region_slug: str, visitation_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    visitation = acc.access_visitation(actor, region, visitation_uuid)
    return _visitation_page(request, region, visitation)


@login_required
@require_POST
def visitation_findings(
    request: HttpRequest, region_slug: str, visitation_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    visitation = acc.access_visitation(actor, region, visitation_uuid)
    form = FindingsForm(request.POST, seen=services.FINDINGS.fingerprint(visitation))
    if form.is_valid():
        # A stale save stays on the form: their text kept, the diff shown, 409.
        with refusals_to(form):
            services.visitation_update_findings(
                actor=actor, visitation=visitation, **form.cleaned_data
            )
            messages.success(request, _("The findings are saved."))
            return _to_visitation(region, visitation)
    return _visitation_page(request, region, visitation, findings_form=form)


@login_required
@require_POST
def visitation_action_add(
    request: HttpRequest, region_slug: str, visitation_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    visitation = acc.access_visitation(actor, region, visitation_uuid)
    form = VisitationActionForm(request.POST, owners=_owners(region.pk))
    if form.is_valid():
        with refusals_to(form):
            services.visitation_action_add(actor=actor, visitation=visitation, **form.cleaned_data)
            messages.success(request, _("The action is added."))
            return _to_visitation(region, visitation)
    return _visitation_page(request, region, visitation, action_form=form)


def _action_done(
    request: HttpRequest,
    region_slug: str,
    visitation_uuid: uuid.UUID,
    action_id: int,
    *,
    done: bool,
) -> HttpResponse:
    """Mark a follow-up action done or open again: the one way both buttons do it."""
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    visitation = acc.access_visitation(actor, region, visitation_uuid)
    action = acc.access_visitation_action(visitation, str(action_id))
    with refusals_to_messages(request):
        services.visitation_action_done(actor=actor, action=action, done=done)
        messages.success(
            request, _("The action is marked done.") if done else _("The action is open again.")
        )
    return _to_visitation(region, visitation)


@login_required
@require_POST
def visitation_action_done(
    request: HttpRequest, region_slug: str, visitation_uuid: uuid.UUID, action_id: int
) -> HttpResponse:
    return _action_done(request, region_slug, visitation_uuid, action_id, done=True)


@login_required
@require_POST
def visitation_action_reopen(
    request: HttpRequest, region_slug: str, visitation_uuid: uuid.UUID, action_id: int
) -> HttpResponse:
    return _action_done(request, region_slug, visitation_uuid, action_id, done=False)


def _to_visitation(region: Region, visitation: Visitation) -> HttpResponse:
    return redirect(
        "coordination:visitation_detail", region_slug=region.slug, visitation_uuid=visitation.uuid
    )


@login_required
@require_GET
def visitation_pack(
    request: HttpRequest, region_slug: str, visitation_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    visitation = acc.access_visitation(actor, region, visitation_uuid)
    period = sel.Period(visitation.period_start, visitation.period_end)
    content = evidence_pack_pdf(
        visitation, sel.region_indicators(region, period), sel.review_counts(region, period)
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="visitation-{region.slug}-{visitation.visited_on:%Y-%m-%d}.pdf"'
    )
    return response
