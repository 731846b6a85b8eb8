"""Who may see what: the participant's grid, read links, proposals and the responder route."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action, Outcome
from regie.crisiscard.models import (
    SharingChange,
    SharingGrant,
    SharingProposal,
    token_digest,
)
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.sharing import (
    StaleSharing,
    sharing_decide,
    sharing_for,
    sharing_propose,
)

from .cards_fixtures import actor, establish, issued_card, plan_content

PORTAL = "crisiscard:portal_sharing"


def key(world) -> str:
    return f"party:{world.party.uuid}"


def grid_post(world, sections: dict[str, list[str]], revision: int, notice=False) -> dict:
    data: dict = {"revision": revision}
    data.update(sections)
    if notice:
        data["notify_emergency"] = "on"
    return data


def grant(world, sections, *, capture=None) -> dict:
    """The participant ticks `sections` for the GP party; returns the new link (if any)."""
    decision = sharing_decide(
        actor=actor(world, "participant"),
        request=world.card_request,
        grid={key(world): sections},
        revision=sharing_for(world.card_request).revision,
        notify_emergency=False,
    )
    return decision.new_links[0] if decision.new_links else {}


def token_of(link: dict) -> str:
    return str(link["url"]).rstrip("/").rsplit("/", 1)[-1]


def read_url(token: str) -> str:
    return reverse("crisiscard:party_read", args=[token])


# ---- The grid ------------------------------------------------------------------------------


def test_sharing_page_lists_parties_and_responder_types_with_the_sections_ticked(world):
    client = world.client_for("participant")
    response = client.get(reverse(PORTAL))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Huisartsenpraktijk De Linde" in page
    for responder in ("Police", "Crisis service", "GP", "Hospital"):
        assert responder in page
    # The GP's two sections from the world are ticked.
    assert page.count("checked") == 2
    assert AccessEvent.objects.filter(purpose=PORTAL, action=Action.READ).exists()
    assert "no-store" in response["Cache-Control"]


def test_granting_a_party_makes_a_read_link_mails_it_and_shows_it_once(
    world, django_capture_on_commit_callbacks
):
    client = world.client_for("participant")
    sharing = sharing_for(world.card_request)
    world.party.grants.update(sections=[])  # start from nothing shared
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(PORTAL), grid_post(world, {key(world): ["medication"]}, sharing.revision)
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("crisiscard:portal_sharing_links")
    grant_row = SharingGrant.objects.get(party=world.party)
    assert grant_row.sections == ["medication"]
    assert grant_row.link_live()
    assert grant_row.link_expires_at > timezone.now() + datetime.timedelta(days=360)
    [message] = mail.outbox
    assert message.to == ["praktijk@regie.example"]
    assert world.people["participant"].full_name in message.subject  # says who shares it
    assert "Lithium" not in message.body  # no plan content in e-mail
    links = client.get(reverse("crisiscard:portal_sharing_links")).content.decode()
    assert "/crisiskaart/inzage/" in links and "Copy link" in links
    # Only the digest is stored.
    token = links.split("/crisiskaart/inzage/")[1].split("/")[0]
    assert grant_row.link_digest == token_digest(token)
    # Shown once.
    again = client.get(reverse("crisiscard:portal_sharing_links")).content.decode()
    assert "/crisiskaart/inzage/" not in again
    change = SharingChange.objects.filter(request=world.card_request).first()
    assert change.sections == ["medication"] and change.changed_by == world.people["participant"]


def test_changing_the_ticks_keeps_the_link_and_shows_the_new_sections(world):
    issued_card(world)
    link = grant(world, ["medication"])
    token = token_of(link)
    grant(world, ["about_me", "medication"])
    page = world.client_for("anonymous").get(read_url(token)).content.decode()
    assert "Lithium" in page and "Ik ben Zoë" in page


def test_withdrawing_every_tick_stops_the_link_at_once(world):
    issued_card(world)
    token = token_of(grant(world, ["medication"]))
    anonymous = world.client_for("anonymous")
    assert anonymous.get(read_url(token)).status_code == 200
    grant(world, [])
    response = anonymous.get(read_url(token))
    assert response.status_code == 410
    assert "Lithium" not in response.content.decode()
    assert "no longer works" in response.content.decode()


def test_an_unknown_read_link_is_404(world):
    assert world.client_for("anonymous").get(read_url("not-a-real-token")).status_code == 404


def test_stale_save_is_refused_and_keeps_the_users_ticks(world):
    client = world.client_for("participant")
    old = sharing_for(world.card_request).revision
    grant(world, ["approach"])  # someone else saved meanwhile
    response = client.post(
        reverse(PORTAL),
        grid_post(
            world, {key(world): ["about_me", "admission"], "responder:police": ["approach"]}, old
        ),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert SharingGrant.objects.get(party=world.party).sections == ["approach"]
    # The user's own ticks are shown again, ready to save against the new revision.
    assert page.count("checked") == 3
    assert f'name="revision" value="{old + 1}"' in page
    with pytest.raises(StaleSharing):
        sharing_decide(
            actor=actor(world, "participant"),
            request=world.card_request,
            grid={},
            revision=old,
            notify_emergency=False,
        )


def test_only_the_participant_decides(world):
    for persona in ("consultant", "coordinator"):
        with pytest.raises(CrisisCardError):
            sharing_decide(
                actor=actor(world, persona),
                request=world.card_request,
                grid={key(world): ["about_me"]},
                revision=sharing_for(world.card_request).revision,
                notify_emergency=False,
            )
    assert SharingGrant.objects.get(party=world.party).sections == ["approach", "medication"]


def test_unknown_grantees_and_sections_are_refused(world):
    for grid in ({"party:00000000-0000-0000-0000-000000000000": []}, {key(world): ["diary"]}):
        with pytest.raises(CrisisCardError):
            sharing_decide(
                actor=actor(world, "participant"),
                request=world.card_request,
                grid=grid,
                revision=sharing_for(world.card_request).revision,
                notify_emergency=False,
            )


# ---- Proposals ------------------------------------------------------------------------------


def test_consultant_proposes_and_the_participant_accepts(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("consultant").post(
            reverse("crisiscard:sharing_propose", args=[world.card_request.uuid]),
            {"revision": 0, key(world): ["about_me"], "responder:police": ["approach"]},
        )
    assert response.status_code == 302
    proposal = SharingProposal.objects.get(status=SharingProposal.Status.OPEN)
    assert proposal.grid == {key(world): ["about_me"], "responder:police": ["approach"]}
    assert SharingGrant.objects.get(party=world.party).sections == ["approach", "medication"]
    assert mail.outbox[-1].to == [world.people["participant"].email]
    client = world.client_for("participant")
    page = client.get(reverse(PORTAL)).content.decode()
    assert "Your consultant has a proposal" in page
    url = reverse("crisiscard:portal_sharing_proposal", args=[proposal.uuid])
    # The consultant cannot decide: their POST to the decision endpoint is refused.
    consultant = world.client_for("consultant")
    assert consultant.post(url, {"revision": 1, "answer": "accept"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == SharingProposal.Status.OPEN
    response = client.post(
        url, {"revision": sharing_for(world.card_request).revision, "answer": "accept"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == SharingProposal.Status.ACCEPTED
    assert SharingGrant.objects.get(party=world.party).sections == ["about_me"]
    assert SharingGrant.objects.get(responder_type="police").sections == ["approach"]
    assert SharingChange.objects.filter(via=SharingChange.Via.PROPOSAL).count() == 2


def test_declining_a_proposal_changes_nothing(world):
    proposal = sharing_propose(
        actor=actor(world, "consultant"),
        request=world.card_request,
        grid={key(world): []},
    )
    response = world.client_for("participant").post(
        reverse("crisiscard:portal_sharing_proposal", args=[proposal.uuid]),
        {"revision": 0, "answer": "decline"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == SharingProposal.Status.DECLINED
    assert SharingGrant.objects.get(party=world.party).sections == ["approach", "medication"]


def test_a_participant_cannot_propose_and_a_proposal_must_change_something(world):
    with pytest.raises(CrisisCardError):
        sharing_propose(
            actor=actor(world, "participant"), request=world.card_request, grid={key(world): []}
        )
    with pytest.raises(CrisisCardError, match="changes nothing"):
        sharing_propose(
            actor=actor(world, "consultant"),
            request=world.card_request,
            grid={key(world): ["approach", "medication"]},
        )


# ---- The party's read link ------------------------------------------------------------------


def test_read_link_shows_exactly_the_ticked_sections_of_the_current_version(world):
    issued_card(world)
    token = token_of(grant(world, ["medication"]))
    response = world.client_for("anonymous").get(read_url(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lithium" in page
    assert "Ik ben Zoë" not in page and "Parnassia" not in page and "06-12345678" not in page
    assert "noindex" in page and "no-store" in response["Cache-Control"]
    # A new established version shows automatically.
    content = plan_content()
    content["medication"] = [{"name": "Quetiapine", "dose": "50 mg", "what_to_do": "Geven."}]
    establish(world, content=content)
    page = world.client_for("anonymous").get(read_url(token)).content.decode()
    assert "Quetiapine" in page and "Lithium" not in page


def test_every_read_is_in_the_participants_own_access_log_in_words(world):
    issued_card(world)
    token = token_of(grant(world, ["medication"]))
    world.client_for("anonymous").get(read_url(token))
    event = AccessEvent.objects.filter(purpose="crisiscard:party_read").get()
    assert event.subject_uuid == world.people["participant"].uuid
    assert event.actor_organisation == "Huisartsenpraktijk De Linde"
    assert event.part == "medication" and event.action == Action.READ
    page = world.client_for("participant").get(reverse("crisiscard:portal_access_log"))
    text = page.content.decode()
    assert "Huisartsenpraktijk De Linde" in text
    assert "Looked at: a final version of your plan" in text
    assert "Person or organisation in your plan" in text


def test_an_expired_read_link_is_gone_and_renewing_makes_a_new_one(world):
    issued_card(world)
    token = token_of(grant(world, ["medication"]))
    SharingGrant.objects.filter(party=world.party).update(
        link_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    anonymous = world.client_for("anonymous")
    assert anonymous.get(read_url(token)).status_code == 410
    grant_row = SharingGrant.objects.get(party=world.party)
    client = world.client_for("participant")
    response = client.post(reverse("crisiscard:portal_sharing_renew", args=[grant_row.uuid]))
    assert response.status_code == 302
    links = client.get(reverse("crisiscard:portal_sharing_links")).content.decode()
    new_token = links.split("/crisiskaart/inzage/")[1].split("/")[0]
    assert new_token != token
    assert anonymous.get(read_url(new_token)).status_code == 200
    assert anonymous.get(read_url(token)).status_code == 404  # replaced


def test_someone_elses_grant_cannot_be_renewed(world):
    grant_row = SharingGrant.objects.get(party=world.party)
    response = world.client_for("consultant").post(
        reverse("crisiscard:portal_sharing_renew", args=[grant_row.uuid])
    )
    assert response.status_code == 404


def test_read_link_is_rate_limited(world, settings):
    token = token_of(grant(world, ["medication"]))
    anonymous = world.client_for("anonymous")
    statuses = [anonymous.get(read_url(token)).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_read_link_is_read_only(world):
    token = token_of(grant(world, ["medication"]))
    assert world.client_for("anonymous").post(read_url(token)).status_code == 405


# ---- The responder route --------------------------------------------------------------------


def more_url(card) -> str:
    return reverse(
        "crisiscard:emergency_more",
        args=[card.request.participant.emergency_links.get(revoked_at__isnull=True).token],
    )


def identify(client, card, responder_type="police", **extra):
    data = {
        "name": "J. de Vries",
        "organisation": "Politie Noord",
        "responder_type": responder_type,
        "reason": "Aangetroffen op straat, verward",
    } | extra
    return client.post(more_url(card), data)


def release(world, **grid):
    sharing_decide(
        actor=actor(world, "participant"),
        request=world.card_request,
        grid={f"responder:{kind}": sections for kind, sections in grid.items()},
        revision=sharing_for(world.card_request).revision,
        notify_emergency=False,
    )


def test_responder_form_shows_only_what_was_released_for_their_type(world):
    card = issued_card(world)
    release(world, police=["medication"], hospital=["about_me", "admission"])
    client = world.client_for("anonymous")
    form = client.get(more_url(card))
    assert form.status_code == 200 and "Lithium" not in form.content.decode()
    assert AccessEvent.objects.filter(purpose="crisiscard:emergency_more").count() == 0
    page = identify(client, card).content.decode()
    assert "Lithium" in page and "Ik ben Zoë" not in page and "Parnassia" not in page
    page = identify(client, card, responder_type="hospital").content.decode()
    assert "Ik ben Zoë" in page and "Parnassia" in page and "Lithium" not in page
    page = identify(client, card, responder_type="gp").content.decode()
    assert "has not released more" in page and "Lithium" not in page


def test_each_opening_is_an_emergency_access_in_the_holders_log(world):
    card = issued_card(world)
    release(world, police=["about_me", "medication"])
    identify(world.client_for("anonymous"), card)
    events = list(AccessEvent.objects.filter(purpose="crisiscard:emergency_more").order_by("seq"))
    assert [e.part for e in events] == ["about_me", "medication"]
    for event in events:
        assert event.emergency and event.action == Action.EMERGENCY
        assert event.actor_role == "police"
        assert event.actor_organisation == "J. de Vries, Politie Noord"
        assert event.legal_basis == "emergency: Aangetroffen op straat, verward"
        assert event.subject_uuid == world.people["participant"].uuid
    text = world.client_for("participant").get(reverse("crisiscard:portal_access_log"))
    text = text.content.decode()
    assert "J. de Vries, Politie Noord" in text and "Opened in an emergency" in text


def test_identifying_with_nothing_released_is_logged_as_refused(world):
    card = issued_card(world)
    identify(world.client_for("anonymous"), card, responder_type="gp")
    event = AccessEvent.objects.get(purpose="crisiscard:emergency_more")
    assert event.outcome == Outcome.DENIED and event.part == ""


def test_the_holder_is_mailed_on_an_opening_when_they_chose_that(
    world, django_capture_on_commit_callbacks
):
    card = issued_card(world)
    sharing_decide(
        actor=actor(world, "participant"),
        request=world.card_request,
        grid={"responder:police": ["medication"]},
        revision=sharing_for(world.card_request).revision,
        notify_emergency=True,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        identify(world.client_for("anonymous"), card)
    [message] = mail.outbox
    assert message.to == [world.people["participant"].email]
    assert "J. de Vries, Politie Noord" in message.body
    assert "Lithium" not in message.body


def test_no_mail_without_the_holders_wish(world, django_capture_on_commit_callbacks):
    card = issued_card(world)
    release(world, police=["medication"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        identify(world.client_for("anonymous"), card)
    assert mail.outbox == []


def test_responder_must_say_who_they_are(world):
    card = issued_card(world)
    release(world, police=["medication"])
    response = identify(world.client_for("anonymous"), card, name="", reason="")
    assert response.status_code == 200 and "Lithium" not in response.content.decode()
    assert not AccessEvent.objects.filter(purpose="crisiscard:emergency_more").exists()


def test_responder_route_is_gone_for_a_revoked_link_and_404_for_an_unknown_one(world):
    card = issued_card(world)
    url = more_url(card)
    card.request.participant.emergency_links.update(revoked_at=timezone.now())
    anonymous = world.client_for("anonymous")
    assert anonymous.get(url).status_code == 410
    assert anonymous.post(url, {"name": "x"}).status_code == 410
    assert anonymous.get(reverse("crisiscard:emergency_more", args=["nope"])).status_code == 404


def test_responder_route_is_rate_limited(world):
    card = issued_card(world)
    anonymous = world.client_for("anonymous")
    statuses = [anonymous.get(more_url(card)).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_the_emergency_view_partial_links_to_the_responder_form(world, rf):
    from django.template.loader import render_to_string
    from django.urls import resolve

    card = issued_card(world)
    token = card.request.participant.emergency_links.get(revoked_at__isnull=True).token
    request = rf.get(reverse("crisiscard:emergency", args=[token]))
    request.resolver_match = resolve(request.path)
    html = render_to_string(
        "crisiscard/cards/partials/_emergency_more_link.html", {"request": request}
    )
    assert reverse("crisiscard:emergency_more", args=[token]) in html


def test_public_sharing_pages_are_not_indexed(world):
    card = issued_card(world)
    response = world.client_for("anonymous").get(more_url(card))
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_sharing_page_runs_a_fixed_number_of_queries_however_many_parties(
    world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regie.crisiscard.models import Party

    client = world.client_for("participant")
    grant(world, ["medication"])
    client.get(reverse(PORTAL))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(PORTAL))
    for number in range(6):
        party = Party.objects.create(
            request=world.card_request, kind="other", name=f"Buur {number}"
        )
        SharingGrant.objects.create(request=world.card_request, party=party, sections=["about_me"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse(PORTAL)).content.decode()
    assert "Buur 5" in page
