"""Signatures: requests only where agreements changed, single-use links, signing, scans."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.crisiscard import schema
from regie.crisiscard.models import (
    CardRequest,
    Party,
    PartyKind,
    RequestState,
    SharingGrant,
    Signature,
    SignatureStatus,
)
from regie.crisiscard.services import signatures as sig
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.uploads import MAX_UPLOAD_BYTES

from .permission_args_parties import PDF_BYTES, make_version

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def plan_world(world):
    """The world's request with three parties: the GP and a sister with agreements,
    a neighbour without; the GP shares medication and approach."""
    request = world.card_request
    sister = Party.objects.create(
        request=request,
        kind=PartyKind.RELATIVE,
        name="Zus Anna",
        email="anna@regie.example",
    )
    SharingGrant.objects.create(request=request, party=sister, sections=["about_me"])
    neighbour = Party.objects.create(
        request=request, kind=PartyKind.OTHER, name="Buurman Piet", email="piet@regie.example"
    )
    content = schema.normalise(request.plan.draft)
    content["approach"]["text"] = "Praat rustig en kort met mij."
    content["medication"] = [{"name": "Lithium", "dose": "400 mg", "what_to_do": "Doorgeven"}]
    content["helps_harms"]["harms"] = "GEHEIM-ALLEEN-VOOR-ZUS-NIET"
    content["agreements"].append({"party": str(sister.uuid), "text": "Anna zorgt voor de kat."})
    world.content = content
    world.sister, world.neighbour = sister, neighbour
    return world


def consultant(world):
    return actor_for_user(world.people["consultant"].user)


def establish(world, content=None):
    return make_version(
        world.card_request.plan, content or world.content, world.people["participant"]
    )


def send(world, version, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return sig.request_signatures(actor=consultant(world), version=version)


def token_in(message) -> str:
    match = re.search(r"/crisiskaart/tekenen/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def test_requests_go_only_to_parties_with_agreements(
    plan_world, django_capture_on_commit_callbacks
):
    version = establish(plan_world)
    created = send(plan_world, version, django_capture_on_commit_callbacks)
    assert {s.party for s in created} == {plan_world.party, plan_world.sister}
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@regie.example", "praktijk@regie.example"]
    for signature in created:
        assert signature.status == SignatureStatus.REQUESTED
        assert signature.expires_at > timezone.now() + datetime.timedelta(days=13)
    # The raw token is in the mail only; the database holds its digest.
    token = token_in(mail.outbox[0])
    assert not Signature.objects.filter(token_digest=token).exists()
    assert Signature.objects.filter(token_digest=sig.token_digest(token)).exists()
    assert sig.missing_signatures(version) == [plan_world.party, plan_world.sister]


def test_the_mail_names_the_participant_by_first_name_only(
    plan_world, django_capture_on_commit_callbacks
):
    send(plan_world, establish(plan_world), django_capture_on_commit_callbacks)
    participant = plan_world.people["participant"]
    message = mail.outbox[0]
    assert participant.first_name in message.subject
    assert participant.last_name not in message.subject + message.body
    assert "Anna zorgt" not in message.body and "huisarts belt" not in message.body


def test_sending_twice_asks_nobody_twice(plan_world, django_capture_on_commit_callbacks):
    version = establish(plan_world)
    send(plan_world, version, django_capture_on_commit_callbacks)
    assert send(plan_world, version, django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 2


def test_a_new_version_asks_again_only_the_party_whose_agreement_changed(
    plan_world, django_capture_on_commit_callbacks
):
    first = establish(plan_world)
    send(plan_world, first, django_capture_on_commit_callbacks)
    for message in mail.outbox:
        signature = sig.resolve_token(token_in(message))
        sig.sign(signature=signature, typed_name="Getekend", confirmed=True, ip="192.0.2.1")
    mail.outbox.clear()
    content = dict(plan_world.content)
    content["agreements"] = [
        {"party": str(plan_world.party.uuid), "text": "De huisarts belt mijn zus."},
        {"party": str(plan_world.sister.uuid), "text": "Anna zorgt voor de kat en de planten."},
    ]
    second = establish(plan_world, content)
    created = send(plan_world, second, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["anna@regie.example"]]
    kept = next(s for s in created if s.party == plan_world.party)
    assert kept.status == SignatureStatus.SIGNED and kept.version == second
    assert kept.typed_name == "Getekend"
    assert sig.missing_signatures(second) == [plan_world.sister]
    # The first version's signatures are untouched.
    assert set(first.signatures.values_list("status", flat=True)) == {SignatureStatus.SIGNED}


def test_a_new_request_supersedes_the_open_one(plan_world, django_capture_on_commit_callbacks):
    send(plan_world, establish(plan_world), django_capture_on_commit_callbacks)
    old_token = token_in(next(m for m in mail.outbox if m.to == ["anna@regie.example"]))
    content = dict(plan_world.content)
    content["agreements"] = [
        {"party": str(plan_world.party.uuid), "text": "De huisarts belt mijn zus."},
        {"party": str(plan_world.sister.uuid), "text": "Anna belt de huisarts."},
    ]
    send(plan_world, establish(plan_world, content), django_capture_on_commit_callbacks)
    with pytest.raises(sig.SignatureGone):
        sig.resolve_token(old_token)
    statuses = plan_world.sister.signatures.values_list("status", flat=True)
    assert sorted(statuses) == [SignatureStatus.REQUESTED, SignatureStatus.SUPERSEDED]


def test_only_the_consultant_or_participant_may_request(plan_world):
    version = establish(plan_world)
    coordinator = actor_for_user(plan_world.people["coordinator"].user)
    with pytest.raises(CrisisCardError):
        sig.request_signatures(actor=coordinator, version=version)
    participant = actor_for_user(plan_world.people["participant"].user)
    assert len(sig.request_signatures(actor=participant, version=version)) == 2


@pytest.fixture
def link(plan_world, django_capture_on_commit_callbacks):
    version = establish(plan_world)
    send(plan_world, version, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["praktijk@regie.example"])
    token = token_in(message)
    plan_world.signature = sig.resolve_token(token)
    plan_world.url = reverse("crisiscard:sign", args=[token])
    plan_world.sign_url = reverse("crisiscard:sign_submit", args=[token])
    plan_world.decline_url = reverse("crisiscard:sign_decline", args=[token])
    plan_world.token = token
    return plan_world


def test_a_random_token_is_not_found(world):
    with pytest.raises(Http404):
        sig.resolve_token("made-up-token")
    assert (
        world.client_for("anonymous").get("/crisiskaart/tekenen/made-up-token/").status_code == 404
    )


def test_signing_page_shows_only_this_partys_agreements_and_shared_sections(link):
    page = link.client_for("anonymous").get(link.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "De huisarts belt mijn zus." in text
    assert "Anna zorgt voor de kat." not in text  # the sister's agreement
    assert "Praat rustig en kort met mij." in text  # approach: shared
    assert "Lithium" in text  # medication: shared
    assert "GEHEIM-ALLEEN-VOOR-ZUS-NIET" not in text  # helps and harms: not shared
    assert "Ik ben Sam" not in text  # about me: shared with the sister, not the GP
    assert "slaap slecht" not in text  # phases: not shared
    assert link.people["participant"].first_name in text
    assert link.people["participant"].last_name not in text
    assert "no-store" in page["Cache-Control"]
    assert "http://" not in text.replace(link.url, "") and "https://" not in text


def test_signing_page_view_is_logged_without_an_actor(link):
    link.client_for("anonymous").get(link.url)
    event = AccessEvent.objects.order_by("-seq").first()
    assert event.action == Action.READ and event.actor_user_id is None
    assert event.subject_uuid == link.people["participant"].uuid


def test_signing_records_name_time_and_address_and_is_single_use(link):
    client = link.client_for("anonymous")
    response = client.post(
        link.sign_url,
        {"typed_name": "Dr. J. de Linde", "confirmed": "on"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    signature = Signature.objects.get(pk=link.signature.pk)
    assert signature.status == SignatureStatus.SIGNED
    assert signature.typed_name == "Dr. J. de Linde"
    assert signature.ip_address == "198.51.100.7"
    assert abs(signature.signed_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert signature.token_digest != sig.token_digest(link.token)
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.actor_user_id) == (
        Action.CREATE,
        "signature",
        None,
    )
    assert event.subject_uuid == link.people["participant"].uuid
    # Used: the link answers 410, and a second signature is refused.
    assert client.get(link.url).status_code == 410
    again = client.post(link.sign_url, {"typed_name": "X", "confirmed": "on"})
    assert again.status_code == 410
    assert Signature.objects.get(pk=link.signature.pk).typed_name == "Dr. J. de Linde"


def test_signing_needs_the_name_and_the_tick(link):
    client = link.client_for("anonymous")
    response = client.post(link.sign_url, {"typed_name": "Dr. Linde"})
    assert response.status_code == 200
    assert 'value="Dr. Linde"' in response.content.decode()
    assert Signature.objects.get(pk=link.signature.pk).status == SignatureStatus.REQUESTED
    with pytest.raises(CrisisCardError):
        sig.sign(signature=link.signature, typed_name="Dr. Linde", confirmed=False, ip=None)


def test_declining_records_the_reason(link):
    client = link.client_for("anonymous")
    response = client.post(link.decline_url, {"reason": "Wij bellen nooit familie."})
    assert response.status_code == 200
    signature = Signature.objects.get(pk=link.signature.pk)
    assert signature.status == SignatureStatus.DECLINED
    assert signature.decline_reason == "Wij bellen nooit familie."
    assert signature.signed_at is not None
    assert client.get(link.url).status_code == 410


def test_the_page_and_its_two_forms_each_answer_one_method(link):
    client = link.client_for("anonymous")
    page = client.get(link.url).content.decode()
    assert f'action="{link.sign_url}"' in page and f'action="{link.decline_url}"' in page
    assert client.post(link.url, {"typed_name": "X", "confirmed": "on"}).status_code == 405
    assert client.get(link.sign_url).status_code == 405
    assert client.get(link.decline_url).status_code == 405
    assert Signature.objects.get(pk=link.signature.pk).status == SignatureStatus.REQUESTED


def test_a_refused_signature_shows_the_page_again_without_a_second_read_row(link):
    client = link.client_for("anonymous")
    before = AccessEvent.objects.count()
    response = client.post(link.sign_url, {"typed_name": "Dr. Linde"})
    assert "De huisarts belt mijn zus." in response.content.decode()
    assert AccessEvent.objects.count() == before


def test_the_forms_share_the_signing_page_rate_limit(link):
    from regie.crisiscard.views import signing as views

    client = link.client_for("anonymous")
    for _ in range(views.SIGN_RATE_PER_MINUTE):
        client.post(link.decline_url, {"reason": " "})
    assert client.post(link.sign_url, {"typed_name": "X", "confirmed": "on"}).status_code == 429
    assert Signature.objects.get(pk=link.signature.pk).status == SignatureStatus.REQUESTED


def test_a_used_link_refuses_the_decline_form_too(link):
    client = link.client_for("anonymous")
    client.post(link.sign_url, {"typed_name": "Dr. Linde", "confirmed": "on"})
    assert client.post(link.decline_url, {"reason": "Toch niet."}).status_code == 410
    assert Signature.objects.get(pk=link.signature.pk).status == SignatureStatus.SIGNED


def test_declining_needs_a_reason(link):
    response = link.client_for("anonymous").post(link.decline_url, {"reason": " "})
    assert response.status_code == 200
    assert Signature.objects.get(pk=link.signature.pk).status == SignatureStatus.REQUESTED


def test_an_expired_link_says_so(link):
    Signature.objects.filter(pk=link.signature.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = link.client_for("anonymous").get(link.url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "contact the consultant" in response.content.decode().lower()


def test_a_superseded_link_is_gone(link):
    Signature.objects.filter(pk=link.signature.pk).update(status=SignatureStatus.SUPERSEDED)
    response = link.client_for("anonymous").get(link.url)
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()


def test_a_link_of_a_withdrawn_request_is_gone(link):
    CardRequest.objects.filter(pk=link.card_request.pk).update(
        state=RequestState.WITHDRAWN, stop_reason="no_need"
    )
    assert link.client_for("anonymous").get(link.url).status_code == 410


def test_a_reminder_sends_a_new_link_and_the_old_one_stops(
    link, django_capture_on_commit_callbacks
):
    client = link.client_for("consultant")
    mail.outbox.clear()
    url = reverse("crisiscard:signature_remind", args=[link.card_request.uuid, link.signature.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert [m.to for m in mail.outbox] == [["praktijk@regie.example"]]
    new_token = token_in(mail.outbox[0])
    assert new_token != link.token
    assert Signature.objects.get(pk=link.signature.pk).reminded_at is not None
    anonymous = link.client_for("anonymous")
    assert anonymous.get(link.url).status_code == 404
    assert anonymous.get(reverse("crisiscard:sign", args=[new_token])).status_code == 200


def test_only_the_consultant_can_remind(link):
    url = reverse("crisiscard:signature_remind", args=[link.card_request.uuid, link.signature.pk])
    assert link.client_for("coordinator").post(url).status_code == 404
    assert link.client_for("participant").post(url).status_code == 404
    assert Signature.objects.get(pk=link.signature.pk).reminded_at is None


def test_the_signing_page_is_rate_limited_per_address(link, settings):
    client = link.client_for("anonymous")
    from regie.crisiscard.views import signing as views

    codes = [client.get(link.url).status_code for _ in range(views.SIGN_RATE_PER_MINUTE + 1)]
    assert codes[-2] == 200 and codes[-1] == 429
    assert client.get(link.url, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_send_page_sends_requests(plan_world, django_capture_on_commit_callbacks):
    establish(plan_world)
    client = plan_world.client_for("consultant")
    url = reverse("crisiscard:signatures_send", args=[plan_world.card_request.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "2 signing requests sent." in response.content.decode()
    assert len(mail.outbox) == 2
    assert plan_world.client_for("coordinator").post(url).status_code == 404


# ---- Scans ---------------------------------------------------------------------------------


def upload(link, name, content, persona="consultant"):
    url = reverse(
        "crisiscard:signature_scan_upload", args=[link.card_request.uuid, link.signature.pk]
    )
    return link.client_for(persona).post(
        url, {"file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    )


def test_a_too_big_scan_is_refused(link):
    response = upload(link, "scan.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES)
    assert response.status_code == 200
    assert "too big" in response.content.decode()
    assert Signature.objects.get(pk=link.signature.pk).status == SignatureStatus.REQUESTED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG_BYTES[:4] + b"not really", "not a PDF, PNG or JPEG"),
        (b"<html><script>alert(1)</script></html>", "Web pages and SVG images cannot be added"),
        (b'\xef\xbb\xbf <svg xmlns="http://www.w3.org/2000/svg"/>', "SVG images cannot be added"),
    ],
)
def test_a_scan_is_checked_by_content_not_by_name(link, content, message):
    response = upload(link, "scan.pdf", content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Signature.objects.get(pk=link.signature.pk).scan


@pytest.mark.parametrize("name", ["scan.html", "scan.bat", "scan.hta", "scan.svg"])
def test_a_scan_named_as_something_else_is_stored_and_served_by_its_content(link, name):
    assert upload(link, name, PDF_BYTES).status_code == 302
    signature = Signature.objects.get(pk=link.signature.pk)
    assert signature.scan.name.endswith(".pdf")
    url = reverse("crisiscard:signature_scan", args=[link.card_request.uuid, signature.pk])
    response = link.client_for("consultant").get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')


def test_a_png_named_pdf_is_stored_and_served_as_png(link):
    assert upload(link, "scan.pdf", PNG_BYTES).status_code == 302
    signature = Signature.objects.get(pk=link.signature.pk)
    assert signature.scan.name.endswith(".png")
    url = reverse("crisiscard:signature_scan", args=[link.card_request.uuid, signature.pk])
    assert link.client_for("consultant").get(url)["Content-Type"] == "image/png"


def test_a_pdf_scan_is_accepted_and_only_the_consultant_downloads_it(link):
    assert upload(link, "handtekening.pdf", PDF_BYTES).status_code == 302
    signature = Signature.objects.get(pk=link.signature.pk)
    assert signature.status == SignatureStatus.SCAN
    assert "handtekening" not in signature.scan.name  # our own name, not the user's
    assert link.client_for("anonymous").get(link.url).status_code == 410  # link spent
    url = reverse("crisiscard:signature_scan", args=[link.card_request.uuid, signature.pk])
    response = link.client_for("consultant").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    for persona in ["anonymous", "participant", "coordinator", "coordinator_other_region"]:
        assert link.client_for(persona).get(url).status_code in (302, 404)
    assert sig.missing_signatures(signature.version) == [link.sister]


def test_a_scan_can_be_recorded_for_a_party_directly(plan_world):
    version = establish(plan_world)
    file = SimpleUploadedFile("x.pdf", PDF_BYTES)
    signature = sig.upload_scan(
        actor=consultant(plan_world), signature_or_party=plan_world.sister, file=file
    )
    assert signature.version == version and signature.status == SignatureStatus.SCAN
    with pytest.raises(CrisisCardError):
        sig.upload_scan(
            actor=consultant(plan_world),
            signature_or_party=plan_world.neighbour,
            file=SimpleUploadedFile("x.pdf", PDF_BYTES),
        )


def test_only_the_consultant_uploads_scans(link):
    response = upload(link, "scan.pdf", PDF_BYTES, persona="coordinator")
    assert response.status_code == 404
    assert Signature.objects.get(pk=link.signature.pk).status == SignatureStatus.REQUESTED


def test_establishing_a_version_asks_the_parties_to_sign(
    plan_world, django_capture_on_commit_callbacks
):
    from regie.crisiscard.services.plan import establish as plan_establish

    plan = plan_world.card_request.plan
    plan.draft = plan_world.content
    plan.save()
    participant = actor_for_user(plan_world.people["participant"].user)
    with django_capture_on_commit_callbacks(execute=True):
        version = plan_establish(actor=participant, plan=plan)
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@regie.example", "praktijk@regie.example"]
    assert sig.missing_signatures(version) == [plan_world.party, plan_world.sister]
