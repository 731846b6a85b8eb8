"""Home-page sections for crisis-card work: the participant's request, the
consultant's requests and follow-ups, and the coordinator's queue."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.home import Item, Section, register
from regie.core.policy import Actor
from regie.people.models import IntervisionSession, Role, RoleAssignment

from .models import CardRequest, PrintItem, RequestState, Urgency
from .selectors import requests as sel
from .services.evaluations import open_evaluations_for
from .services.transitions import OPEN_STATES

FOLLOW_UP_DAYS = sel.FOLLOW_UP_DAYS
EVALUATIONS_ON_HOME = 5

# What each state means for the participant, in plain words (B1).
PLAIN_STATE = {
    RequestState.APPLIED: _(
        "We have your application. A coordinator is looking for a consultant for you."
    ),
    RequestState.MATCHED: _("A consultant has been chosen for you. They will contact you soon."),
    RequestState.IN_CONVERSATION: _("You are talking with your consultant about your crisis plan."),
    RequestState.PLAN_DRAFTED: _(
        "You are writing your crisis plan with your consultant, in your own words."
    ),
    RequestState.AWAITING_SIGNATURES: _(
        "Your plan is ready. The people in your plan are asked to sign their agreements."
    ),
    RequestState.CARD_ISSUED: _("Your crisis card is ready. Keep it with you."),
    RequestState.EVALUATION_DUE: _(
        "It is time to look back at your crisis card with your consultant."
    ),
    RequestState.EVALUATED: _("Your crisis card has been looked at again this year."),
    RequestState.WITHDRAWN: _("You stopped your application. You can apply again at any time."),
    RequestState.CLOSED: _("Your crisis-card trajectory has ended."),
}


def _where(assignment: RoleAssignment, what: str) -> str:
    return f"{what} · {assignment.region}" if assignment.region else what


def _list_url(state: str = "", **narrow: str) -> str:
    """The request list, filtered to exactly what a counter counted."""
    url = reverse("crisiscard:request_list")
    query = {"state": state} if state else {}
    query.update({key: value for key, value in narrow.items() if value})
    return f"{url}?{urlencode(query)}" if query else url


def _region(assignment: RoleAssignment) -> str:
    return assignment.region.slug if assignment.region_id else ""  # type: ignore[union-attr]


@register(Role.PARTICIPANT)
def participant_section(actor: Actor, assignment: RoleAssignment) -> Section:
    section = Section(
        role=assignment.role,
        title=_("Your crisis card"),
        empty_text=_(
            "You do not have a crisis plan yet. Your consultant will help you write one, "
            "in your own words. You stay in charge of what is in it."
        ),
    )
    if actor.person is None:
        return section
    own = CardRequest.objects.filter(participant=actor.person)
    if assignment.region_id is not None:
        own = own.filter(region=assignment.region)
    latest = own.order_by("-applied_at", "-pk").first()
    if latest is None:
        return section
    try:
        url = reverse("crisiscard:portal_home")
    except NoReverseMatch:
        url = ""
    section.items.append(Item(text=PLAIN_STATE[RequestState(latest.state)], url=url))
    if url:
        section.actions.append(Item(text=_("Open my crisis card and plan"), url=url))
    return section


@register(Role.CONSULTANT)
def consultant_section(actor: Actor, assignment: RoleAssignment) -> Section:
    """My open requests by state, follow-ups due within a week, and requests
    waiting for my first conversation."""
    today = timezone.localdate()
    section = Section(
        role=assignment.role,
        title=_where(assignment, str(_("Crisis-card consultant"))),
        empty_text=_(
            "No applicants have been matched to you yet. When the coordinator matches "
            "someone to you, they appear here."
        ),
    )
    person = actor.person
    if person is not None:
        mine = CardRequest.objects.filter(consultant=person, region=assignment.region)
        counts = sel.state_counts(mine.filter(state__in=OPEN_STATES))
        waiting = counts.get(RequestState.MATCHED, 0)
        region = _region(assignment)
        if waiting:
            section.items.append(
                Item(
                    text=_("Waiting for your first conversation"),
                    url=_list_url(RequestState.MATCHED, mine="on", region=region),
                    count=waiting,
                )
            )
        # Counted per request, as the list shows them (several follow-ups, one row).
        due = sel.request_queue(
            mine,
            state=sel.OPEN,
            follow_up_by=sel.follow_up_until(today),
        )
        # A few by name; the counter "Your open requests: Evaluation due" below
        # counts them all and links to the list of them.
        evaluations = list(
            open_evaluations_for(person).filter(card__request__region=assignment.region)[
                :EVALUATIONS_ON_HOME
            ]
        )
        for evaluation in evaluations:
            section.items.append(
                Item(
                    text=_("Yearly evaluation due for %(name)s (%(date)s)")
                    % {
                        "name": evaluation.card.request.participant,
                        "date": evaluation.due_on.strftime("%d-%m-%Y"),
                    },
                    url=reverse(
                        "crisiscard:evaluation_edit",
                        args=[evaluation.card.request.uuid, evaluation.pk],
                    ),
                )
            )
        due_count = due.count()
        if due_count:
            section.items.append(
                Item(
                    text=_("Follow-ups due within a week"),
                    url=_list_url(sel.OPEN, mine="on", follow_up="on", region=region),
                    count=due_count,
                )
            )
        for state in RequestState:
            if state in counts:
                section.items.append(
                    Item(
                        text=_("Your open requests: %(state)s") % {"state": state.label},
                        url=_list_url(state, mine="on", region=region),
                        count=counts[state],
                    )
                )
    upcoming = (
        IntervisionSession.objects.filter(region=assignment.region, held_on__gte=today)
        .order_by("held_on")
        .first()
    )
    if upcoming is not None:
        section.items.append(
            Item(
                text=_("Next intervision: %(topic)s on %(date)s")
                % {"topic": upcoming.topic, "date": upcoming.held_on.strftime("%d-%m-%Y")}
            )
        )
    return section


@register(Role.CONSULTANT)
def consultant_questions_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """Questions card holders asked me (task 7), each linking to its request, until I
    mark them answered there. No section when none are waiting (one query)."""
    if actor.person is None:
        return None
    questions = list(
        sel.open_questions(actor.person, assignment.region_id)[: sel.QUESTIONS_ON_HOME + 1]
    )
    if not questions:
        return None
    section = Section(
        role=assignment.role,
        title=_where(assignment, str(_("Questions from card holders to answer"))),
    )
    for question in questions[: sel.QUESTIONS_ON_HOME]:
        section.items.append(
            Item(
                text=_("%(name)s asked on %(asked)s; answer by %(due)s")
                % {
                    "name": question.request.participant.full_name,
                    "asked": question.occurred_on.strftime("%d-%m-%Y"),
                    "due": question.follow_up_on.strftime("%d-%m-%Y")
                    if question.follow_up_on
                    else "",
                },
                url=reverse("crisiscard:request_detail", args=[question.request.uuid])
                + "#conversations-title",
            )
        )
    if len(questions) > sel.QUESTIONS_ON_HOME:
        section.actions.append(
            Item(text=_("More questions are waiting: see your requests"), url=_list_url())
        )
    return section


@register(Role.COORDINATOR)
def coordinator_requests_section(actor: Actor, assignment: RoleAssignment) -> Section:
    """The region's queue: waiting for a consultant, urgent, weight not confirmed."""
    section = Section(
        role=assignment.role,
        title=_where(assignment, str(_("Card requests"))),
        empty_text=_("No open card requests in this region right now."),
        actions=[
            Item(text=_("All card requests"), url=_list_url()),
            Item(
                text=_("Register an application taken by phone"),
                url=reverse("crisiscard:request_register"),
            ),
        ],
    )
    open_requests = CardRequest.objects.filter(region=assignment.region, state__in=OPEN_STATES)
    waiting = sel.state_counts(open_requests).get(RequestState.APPLIED, 0)
    urgent = open_requests.filter(
        urgency=Urgency.URGENT, state__in=sel.NOT_YET_IN_CONVERSATION
    ).count()
    unconfirmed = open_requests.filter(weight_confirmed=False).count()
    region = _region(assignment)
    if waiting:
        section.items.append(
            Item(
                text=_("Waiting for a consultant"),
                url=_list_url(RequestState.APPLIED, region=region),
                count=waiting,
            )
        )
    if urgent:
        section.items.append(
            Item(
                text=_("Urgent and not yet in conversation"),
                url=_list_url(sel.OPEN, urgent="on", region=region),
                count=urgent,
            )
        )
    if unconfirmed:
        section.items.append(
            Item(
                text=_("Weight not yet confirmed"),
                url=_list_url(sel.OPEN, unconfirmed="on", region=region),
                count=unconfirmed,
            )
        )
    return section


@register(Role.COORDINATOR)
def coordinator_print_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """The region's print queue (the licence holder's print work): how many items wait."""
    if assignment.region_id is None:
        return None
    url = reverse("crisiscard:print_queue", args=[assignment.region.slug])  # type: ignore[union-attr]  # a regional role: region is set
    section = Section(
        role=assignment.role,
        title=_where(assignment, str(_("Print queue"))),
        empty_text=_("Nothing to print."),
        actions=[Item(text=_("Open the print queue"), url=url)],
    )
    waiting = PrintItem.objects.filter(region=assignment.region, printed_at__isnull=True).count()
    if waiting:
        section.items.append(Item(text=_("Cards and letters to print"), url=url, count=waiting))
    return section
