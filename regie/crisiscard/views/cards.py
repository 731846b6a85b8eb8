"""Crisis-card views: the card (edit with live preview, issue, PDF, new code) and the
public emergency view behind the QR code.

Each view: parse → access (regie.crisiscard.access) → service → render/redirect.
The card is worked on by the assigned consultant and the participant; the
coordinator does not read card content here (only in a logged quality review,
regie.coordination). A card is issued after a passed four-eyes review.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.coordination.quality.models import QualityReview
from regie.core.errors import refusal_caught, refusals_to_messages
from regie.core.policy import Actor, actor_for
from regie.core.stale import StaleSave

from .. import access as acc
from .. import emergency as emergency_access
from .. import fit, qr
from ..forms.cards import (
    CardBaseForm,
    PanelForm,
    english_panel_forms,
    panel_forms,
    panels_from,
)
from ..models import Card, CardRequest, CardStatus, PlanVersion
from ..pdf import card_pdf as render_card_pdf
from ..pdf import plan_pdf as render_plan_pdf
from ..selectors import cards as sel
from ..services import cards as card_services


def _access_card(
    actor: Actor, request_uuid: uuid.UUID, card_uuid: uuid.UUID, purpose: str
) -> tuple[acc.RequestAccess, Card]:
    access = acc.access_request_for_card(actor, request_uuid, purpose=purpose)
    card = sel.card_of_request(access.request, card_uuid)
    if card is None:
        raise Http404
    return access, card


def _to_card(request_uuid: uuid.UUID) -> HttpResponse:
    return redirect("crisiscard:card_edit", request_uuid=request_uuid)


def _emergency_url(card: Card | None) -> str:
    if card is None or card.status != CardStatus.ISSUED:
        return ""
    link = sel.live_link(card)
    return qr.emergency_url(link.token, card.number) if link is not None else ""


def _panel_sections(
    forms: list[PanelForm],
    forms_en: list[PanelForm],
    laid_out: list[fit.LaidOutPanel],
    laid_out_en: list[fit.LaidOutPanel],
) -> list[tuple[PanelForm, PanelForm | None, fit.LaidOutPanel, fit.LaidOutPanel | None]]:
    """Per panel: its form, its English form, and the previews of both sides."""
    english = {panel.spec.key: panel for panel in laid_out_en}
    english_forms = {form.panel.key: form for form in forms_en}
    return [
        (form, english_forms.get(panel.spec.key), panel, english.get(panel.spec.key))
        for form, panel in zip(forms, laid_out, strict=False)
    ]


PURPOSE_CARD = "crisiscard:card_edit"


@dataclass(frozen=True)
class _CardPage:
    """What the card page knows before any form: the card, the plan's latest
    version, and whether the card can be worked on now."""

    card: Card | None
    latest: PlanVersion | None
    editable: bool
    review: QualityReview | None
    frozen: bool  # while its review waits, the card is frozen

    @classmethod
    def of(cls, card_request: CardRequest) -> _CardPage:
        card = sel.current_card(card_request)
        editable = card is not None and card.status == CardStatus.DRAFT
        review = card_services.latest_review(card) if card is not None and editable else None
        frozen = card_services.waiting_for_review(review)
        return cls(card, sel.latest_version(card_request), editable, review, frozen)


@dataclass
class _Panels:
    """The panel forms (Dutch and English), the base hash and the panels they show."""

    forms: list[PanelForm]
    forms_en: list[PanelForm]
    base_form: CardBaseForm
    preview: dict
    preview_en: dict

    @classmethod
    def saved(cls, page: _CardPage) -> _Panels:
        card, open_ = page.card, page.editable and not page.frozen
        return cls(
            panel_forms(initial=card.panels) if open_ and card else [],
            english_panel_forms(initial=card.panels_en) if open_ and card else [],
            CardBaseForm(initial={"base": card_services.card_hash(card) if card else ""}),
            card.panels if card else {},
            card.panels_en if card else {},
        )

    @classmethod
    def bound(cls, page: _CardPage, data: QueryDict) -> _Panels:
        """The typed text; its panels when all of it is valid, else the saved ones."""
        panels = cls(
            panel_forms(data),
            english_panel_forms(data),
            CardBaseForm(data),
            page.card.panels if page.card else {},
            page.card.panels_en if page.card else {},
        )
        if not page.frozen and panels.valid:
            panels.preview = panels_from(panels.forms)
            panels.preview_en = panels_from(panels.forms_en)
        return panels

    @property
    def valid(self) -> bool:
        return all(f.is_valid() for f in [*self.forms, *self.forms_en]) and (
            self.base_form.is_valid()
        )

    def typed_error(self, page: _CardPage) -> str:
        """Why the typed text cannot be used, or "": frozen (nothing is saved,
        the text stays on the screen) or too long."""
        if page.frozen:
            return str(card_services.review_freeze_message())
        if not self.valid:
            return _("Some text is too long to save. Please shorten it.")
        return ""


def _card_page(
    request: HttpRequest,
    actor: Actor,
    access: acc.RequestAccess,
    page: _CardPage,
    panels: _Panels,
    *,
    error: str = "",
    previewing: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The card page: panels with their previews, the review and issuing (logged)."""
    card, latest, editable, review, frozen = (
        page.card,
        page.latest,
        page.editable,
        page.review,
        page.frozen,
    )
    laid_out = fit.layout(panels.preview) if card else []
    side = fit.second_side(panels.preview, panels.preview_en) if card else None
    laid_out_en = fit.layout(side) if side is not None else []
    blockers = []
    if card is not None and editable:
        blockers = card_services.issue_blockers(card, latest.number if latest else None)
    review_current = card_services.review_covers(review, card) if card is not None else False
    url = _emergency_url(card)
    acc.log_read(actor, access, purpose=PURPOSE_CARD, part="card", request=request)
    return render(
        request,
        "crisiscard/cards/card_edit.html",
        {
            "access": access,
            "card_request": access.request,
            "card": card,
            "latest": latest,
            "editable": editable,
            "frozen": frozen,
            "panel_sections": _panel_sections(panels.forms, panels.forms_en, laid_out, laid_out_en)
            if editable
            else [],
            "laid_out": laid_out,
            "laid_out_en": laid_out_en,
            "base_form": panels.base_form,
            "problems": fit.check_both(panels.preview, panels.preview_en) if card else [],
            "blockers": blockers,
            "review": review,
            "review_current": review_current,
            "may_ask_review": editable
            and access.is_consultant
            and (review is None or (not frozen and not review_current)),
            "may_withdraw_review": frozen and access.is_consultant,
            "error": error,
            "previewing": previewing,
            "emergency_url": url,
            "qr_svg": qr.svg(url) if url else "",
            "licence_holder": sel.licence_holder(access.request.region) if card else None,
            "newer_version": bool(
                card is not None and latest is not None and latest.number > card.version.number
            ),
        },
        status=status,
    )


@login_required
@require_POST
def card_create(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Make the card (or a new one) from the plan's latest established version."""
    actor = actor_for(request)
    access = acc.access_request_for_card(actor, request_uuid, purpose=PURPOSE_CARD)
    latest = sel.latest_version(access.request)
    if latest is None:
        messages.error(request, _("The plan has no established version yet."))
        return _to_card(request_uuid)
    with refusals_to_messages(request):
        card_services.card_create(actor=actor, version=latest)
        messages.success(request, _("The card is made from version %(n)d.") % {"n": latest.number})
    return _to_card(request_uuid)


@login_required
@require_http_methods(["GET", "POST"])
def card_edit(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """The card page (GET); POST saves the panels of a draft card."""
    actor = actor_for(request)
    access = acc.access_request_for_card(actor, request_uuid, purpose=PURPOSE_CARD)
    page = _CardPage.of(access.request)
    if request.method != "POST" or not page.editable:
        return _card_page(request, actor, access, page, _Panels.saved(page))
    panels = _Panels.bound(page, request.POST)
    error = panels.typed_error(page)
    if not error:
        assert page.card is not None
        with refusal_caught() as refused:
            problems = card_services.card_update_panels(
                actor=actor,
                card=page.card,
                panels=panels.preview,
                panels_en=panels.preview_en,
                base_hash=panels.base_form.cleaned_data["base"],
            )
            if problems:
                messages.warning(
                    request,
                    _(
                        "Saved. Some text does not fit on the card yet; "
                        "the card can be issued once it does."
                    ),
                )
            else:
                messages.success(request, _("Saved. Everything fits on the card."))
            return _to_card(request_uuid)
        error = refused.message
        if isinstance(refused.refusal, StaleSave):
            # Their text stays; a second save, after comparing, is based on the card as it is now.
            panels.base_form = CardBaseForm(initial={"base": refused.refusal.fingerprint})
            return _card_page(request, actor, access, page, panels, error=error, status=409)
    return _card_page(request, actor, access, page, panels, error=error)


@login_required
@require_POST
def card_preview(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Show the typed panels as they would print, without saving anything."""
    actor = actor_for(request)
    access = acc.access_request_for_card(actor, request_uuid, purpose=PURPOSE_CARD)
    page = _CardPage.of(access.request)
    if not page.editable:
        return _card_page(request, actor, access, page, _Panels.saved(page))
    panels = _Panels.bound(page, request.POST)
    return _card_page(
        request, actor, access, page, panels, error=panels.typed_error(page), previewing=True
    )


@login_required
@require_POST
def card_issue(request: HttpRequest, request_uuid: uuid.UUID, card_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    _access, card = _access_card(actor, request_uuid, card_uuid, "crisiscard:card_issue")
    with refusals_to_messages(request):
        card_services.issue(actor=actor, card=card)
        messages.success(
            request,
            _("Card %(number)s is issued. Print it and give it to the card holder.")
            % {"number": card.number},
        )
    return _to_card(request_uuid)


@login_required
@require_GET
def card_pdf(request: HttpRequest, request_uuid: uuid.UUID, card_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access, card = _access_card(actor, request_uuid, card_uuid, "crisiscard:card_pdf")
    content = render_card_pdf(card)
    record(
        actor=actor,
        action=Action.PRINT,
        purpose="crisiscard:card_pdf",
        object_type=ObjectType.CARD,
        object_id=str(card.uuid),
        subject=access.request.participant,
        role=access.log_role,
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{card.number}.pdf"'
    return response


@login_required
@require_GET
def plan_pdf(request: HttpRequest, request_uuid: uuid.UUID, number: int) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_request_for_card(actor, request_uuid, purpose="crisiscard:plan_pdf")
    version = sel.version_by_number(access.request, number)
    if version is None:
        raise Http404
    content = render_plan_pdf(version)
    record(
        actor=actor,
        action=Action.PRINT,
        purpose="crisiscard:plan_pdf",
        object_type=ObjectType.PLAN_VERSION,
        object_id=f"{access.request.uuid}:{version.number}",
        subject=access.request.participant,
        role=access.log_role,
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="crisisplan-v{version.number}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def card_revoke(
    request: HttpRequest, request_uuid: uuid.UUID, card_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    access, card = _access_card(actor, request_uuid, card_uuid, "crisiscard:card_revoke")
    if card.status != CardStatus.ISSUED:
        raise Http404
    error = ""
    if request.method == "POST":
        with refusal_caught() as refused:
            card_services.revoke_link(actor=actor, card=card)
            messages.success(
                request,
                _(
                    "The old QR code no longer works. Print the card again: "
                    "it carries the new code."
                ),
            )
            return _to_card(request_uuid)
        error = refused.message
    acc.log_read(actor, access, purpose="crisiscard:card_revoke", part="card", request=request)
    return render(
        request,
        "crisiscard/cards/card_revoke.html",
        {"card_request": access.request, "card": card, "error": error},
    )


def _panels_in(request: HttpRequest, card: Card) -> dict[str, object]:
    """The card's panels in the language asked for (`?lang=en` / `?lang=nl`).

    Without a choice, a reader whose page is in English sees the English side
    when the card has one. The context feeds the first screen and the
    language switch (`partials/_language_switch.html`).
    """
    english = fit.second_side(card.panels, card.panels_en)
    asked = request.GET.get("lang", "")
    if asked not in {"nl", fit.SECOND_LANGUAGE}:
        asked = fit.SECOND_LANGUAGE if translation.get_language() == "en" else "nl"
    showing_english = english is not None and asked == fit.SECOND_LANGUAGE
    shown = english if english is not None and showing_english else card.panels
    return {
        "first": emergency_access.first_screen(card, shown),
        "panels_lang": fit.SECOND_LANGUAGE if showing_english else "nl",
        # The page's own words follow an English card side; otherwise the reader's language.
        "words_lang": fit.SECOND_LANGUAGE if showing_english else translation.get_language(),
        "has_english": english is not None,
    }


@require_GET
def emergency(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the holder's newest issued card, for whoever scans a QR code of theirs.

    No login. `?k=` names the card the code was printed on; when that is an
    older card of the holder, the page says a newer card exists.
    """
    if emergency_access.rate_limited(request):
        response = render(request, "crisiscard/cards/emergency_busy.html", status=429)
        response["Retry-After"] = str(emergency_access.RATE_WINDOW)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    held_number = request.GET.get("k", "")[:20]
    lookup = emergency_access.look_up(token, held_number)
    if lookup.holder is None:
        raise Http404
    emergency_access.log_view(request, lookup)
    if lookup.gone:
        response = render(request, "crisiscard/cards/emergency_gone.html", status=410)
    else:
        card = lookup.card
        assert card is not None
        response = render(
            request,
            "crisiscard/cards/emergency.html",
            {
                "card": card,
                "reliable": lookup.reliable,
                "newer_than_held": lookup.newer_than_held,
                "held_number": held_number if lookup.newer_than_held else "",
                **_panels_in(request, card),
            },
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


urlpatterns: list[URLPattern] = [
    path("aanvragen/<uuid:request_uuid>/kaart/", card_edit, name="card_edit"),
    path("aanvragen/<uuid:request_uuid>/kaart/maken/", card_create, name="card_create"),
    path("aanvragen/<uuid:request_uuid>/kaart/voorbeeld/", card_preview, name="card_preview"),
    path(
        "aanvragen/<uuid:request_uuid>/kaart/<uuid:card_uuid>/uitgeven/",
        card_issue,
        name="card_issue",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/kaart/<uuid:card_uuid>.pdf",
        card_pdf,
        name="card_pdf",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/kaart/<uuid:card_uuid>/intrekken/",
        card_revoke,
        name="card_revoke",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/plan/versies/<int:number>.pdf",
        plan_pdf,
        name="plan_pdf",
    ),
    path("nood/<str:token>/", emergency, name="emergency"),
]
