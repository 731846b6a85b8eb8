"""Signatures: each party signs the agreements that concern them, on one version.

A signature is bound to the hash of that party's agreements in the version
(`agreements_hash`). A later version asks again only the parties whose
agreements changed. Decision: a party whose latest valid (signed or scanned)
signature has the same hash is *carried over* by a new Signature row on the
new version, a copy of the old one (status, name, time, address, scan). So
"who signed this version" is always one query on the version's own rows, and
the old version's signatures stay untouched.

Signing links are single use: only a digest of the token is stored, the raw
token is only in the e-mail. When a link is used, superseded or replaced by a
reminder, its digest is replaced by a *spent* digest (a digest of the digest):
the token can never act again, but a used or superseded link can still be told
apart from an unknown one (410 instead of 404).
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import log_signature
from regie.audit.models import Action
from regie.core import links, mail
from regie.core.policy import Actor
from regie.people.models import Role
from regie.privacy.restriction import ensure_not_restricted

from .. import schema, uploads
from ..access import relation
from ..models import (
    CardRequest,
    Party,
    PlanVersion,
    Signature,
    SignatureStatus,
    content_hash,
    new_token,
    token_digest,
)
from .errors import CrisisCardError
from .transitions import STOPPED

LINK_VALID_DAYS = 14
VALID = (SignatureStatus.SIGNED, SignatureStatus.SCAN)


class SignatureGone(Exception):
    """The link was used or replaced by a newer request (answer 410)."""


class SignatureExpired(Exception):
    """The link is past its expiry date (tell the party to contact the consultant)."""


def agreements_hash(version: PlanVersion, party: Party) -> str:
    """The hash of the agreements that concern `party` in `version`."""
    return content_hash(schema.agreements_for(version.content, str(party.uuid)))


def spent_digest(digest: str) -> str:
    """What a used link's digest becomes: no token hashes to it, but it is recognisable."""
    return hashlib.sha256(b"spent:" + digest.encode()).hexdigest()


def latest_version(request: CardRequest) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan__request=request).order_by("-number").first()


def signature_for(request: CardRequest, signature_id: int) -> Signature:
    """The signature with this id of one of the request's parties; Http404 otherwise."""
    signature = (
        Signature.objects.filter(pk=signature_id, party__request=request)
        .select_related("party", "version")
        .first()
    )
    if signature is None:
        raise Http404
    return signature


def _parties_with_agreements(version: PlanVersion) -> list[tuple[Party, list[str]]]:
    parties = Party.objects.filter(request_id=version.plan.request_id).order_by("name", "pk")
    result = []
    for party in parties:
        texts = schema.agreements_for(version.content, str(party.uuid))
        if texts:
            result.append((party, texts))
    return result


def missing_signatures(version: PlanVersion) -> list[Party]:
    """Parties with agreements in `version` that have no valid (signed or scanned) signature on it."""
    signed = set(
        Signature.objects.filter(version=version, status__in=VALID).values_list(
            "party_id", flat=True
        )
    )
    return [party for party, _texts in _parties_with_agreements(version) if party.pk not in signed]


def carried_over_from(version: PlanVersion, signatures: list[Signature]) -> dict[int, int]:
    """For signatures on `version` that were carried over: signature id → the version
    number the party actually signed (their agreements did not change since).

    A carried-over signature is a copy of an earlier valid one (same party,
    agreements hash and signing time) on an earlier version. One query.
    """
    valid = [s for s in signatures if s.status in VALID and s.signed_at is not None]
    if not valid:
        return {}
    earlier = (
        Signature.objects.filter(
            party_id__in={s.party_id for s in valid},
            status__in=VALID,
            version__plan_id=version.plan_id,
            version__number__lt=version.number,
        )
        .order_by("version__number")
        .values_list("party_id", "agreements_hash", "signed_at", "version__number")
    )
    first: dict[tuple, int] = {}
    for party_id, digest, signed_at, number in earlier:
        first.setdefault((party_id, digest, signed_at), number)
    result = {}
    for s in valid:
        found = first.get((s.party_id, s.agreements_hash, s.signed_at))
        if found is not None:
            result[s.pk] = found
    return result


def version_signatures(version: PlanVersion) -> list[dict[str, object]]:
    """Who signed `version`, for the plan's pages: per party with agreements, the
    signature (or None) and the version they signed when it was carried over."""
    signatures = list(
        Signature.objects.filter(version=version)
        .exclude(status=SignatureStatus.SUPERSEDED)
        .select_related("party")
    )
    latest: dict[int, Signature] = {}
    for each in signatures:
        latest.setdefault(each.party_id, each)
    carried = carried_over_from(version, list(latest.values()))
    rows: list[dict[str, object]] = []
    for party, _texts in _parties_with_agreements(version):
        signature = latest.get(party.pk)
        rows.append(
            {
                "party": party,
                "signature": signature,
                "signed": signature is not None and signature.status in VALID,
                "carried_from": carried.get(signature.pk) if signature is not None else None,
            }
        )
    return rows


def _sign_url(token: str) -> str:
    return links.absolute(reverse("crisiscard:sign", kwargs={"token": token}))


def _mail_link(signature: Signature, token: str, *, reminder: bool) -> None:
    """E-mail the party their link after commit, in Dutch (or the person's own language)."""
    party = signature.party
    if not party.email:
        return
    request = party.request
    language = party.person.preferred_language if party.person is not None else "nl"
    context = {
        "party": party,
        "first_name": request.participant.first_name,
        "consultant": request.consultant,
        "url": _sign_url(token),
        "expires_at": signature.expires_at,
        "reminder": reminder,
    }
    mail.send_after_commit(
        party.email, "crisiscard/emails/signature_request", context, language=language
    )


def _new_link(signature: Signature) -> str:
    token = new_token()
    signature.token_digest = token_digest(token)
    signature.expires_at = timezone.now() + datetime.timedelta(days=LINK_VALID_DAYS)
    return token


def _supersede_open_requests(party: Party, *, keep: Signature | None = None) -> None:
    open_requests = party.signatures.filter(status=SignatureStatus.REQUESTED)
    if keep is not None:
        open_requests = open_requests.exclude(pk=keep.pk)
    for old in open_requests:
        old.status = SignatureStatus.SUPERSEDED
        if old.token_digest:
            old.token_digest = spent_digest(old.token_digest)
        old.save(update_fields=["status", "token_digest"])


def _require_work(actor: Actor, request: CardRequest, *, participant_too: bool = False) -> None:
    access = relation(actor, request)
    allowed = access is not None and (
        access.is_consultant or (participant_too and access.is_participant)
    )
    if not allowed:
        raise CrisisCardError(_("Only the participant's consultant can handle signatures."))


@transaction.atomic
def request_signatures(*, actor: Actor, version: PlanVersion) -> list[Signature]:
    """Ask every party with agreements in `version` to sign, unless nothing changed for them.

    Who may: the assigned consultant, or the participant (establishing a
    version calls this). For each party with at least one agreement:
    - signed or scanned on this version already, or an open request on it: nothing;
    - latest valid signature (earlier version) has the same agreements hash:
      carried over as a copy on this version (no e-mail);
    - otherwise: older open requests are superseded, a new request with a
      single-use link valid for LINK_VALID_DAYS days is made and e-mailed
      (after commit; parties without an e-mail address get no mail: upload a
      scan or add the address and send a reminder).
    Returns the new Signature rows (requests and carried-over copies).
    Raises CrisisCardError when the actor may not.
    """
    request = version.plan.request
    _require_work(actor, request, participant_too=True)
    ensure_not_restricted(request.participant_id)
    created: list[Signature] = []
    for party, _texts in _parties_with_agreements(version):
        digest = agreements_hash(version, party)
        on_version = party.signatures.filter(version=version, agreements_hash=digest)
        if on_version.filter(status__in=(*VALID, SignatureStatus.REQUESTED)).exists():
            continue
        latest_valid = (
            party.signatures.filter(status__in=VALID).order_by("-signed_at", "-pk").first()
        )
        if latest_valid is not None and latest_valid.agreements_hash == digest:
            signature = Signature.objects.create(
                version=version,
                party=party,
                agreements_hash=digest,
                status=latest_valid.status,
                requested_at=latest_valid.requested_at,
                signed_at=latest_valid.signed_at,
                typed_name=latest_valid.typed_name,
                ip_address=latest_valid.ip_address,
                scan=latest_valid.scan.name if latest_valid.scan else "",
            )
            log_signature(
                signature,
                actor=actor,
                action=Action.CREATE,
                purpose="crisiscard:signatures_send",
                part="carried_over",
                role=actor.role_in([Role.CONSULTANT, Role.PARTICIPANT]),
            )
            created.append(signature)
            continue
        _supersede_open_requests(party)
        signature = Signature(version=version, party=party, agreements_hash=digest)
        token = _new_link(signature)
        signature.save()
        log_signature(
            signature,
            actor=actor,
            action=Action.CREATE,
            purpose="crisiscard:signatures_send",
            part="requested",
            role=actor.role_in([Role.CONSULTANT, Role.PARTICIPANT]),
        )
        _mail_link(signature, token, reminder=False)
        created.append(signature)
    return created


@transaction.atomic
def remind(*, actor: Actor, signature: Signature) -> Signature:
    """Send an open request again, with a new link; the old link stops working.

    Who may: the assigned consultant. What changes: a new token digest and
    expiry, `reminded_at`, an e-mail, an access-log CHANGE.
    Raises CrisisCardError when the request is no longer open or the party
    has no e-mail address.
    """
    _require_work(actor, signature.party.request)
    ensure_not_restricted(signature.party.request.participant_id)
    locked = Signature.objects.select_for_update().select_related("party").get(pk=signature.pk)
    if locked.status != SignatureStatus.REQUESTED:
        raise CrisisCardError(_("This request is no longer open, so there is nothing to remind."))
    if not locked.party.email:
        raise CrisisCardError(
            _("This party has no e-mail address. Add one first, or upload a signed scan.")
        )
    token = _new_link(locked)
    locked.reminded_at = timezone.now()
    locked.save(update_fields=["token_digest", "expires_at", "reminded_at"])
    log_signature(
        locked,
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:signature_remind",
        part="reminded",
        role=actor.role_in([Role.CONSULTANT, Role.PARTICIPANT]),
    )
    _mail_link(locked, token, reminder=True)
    return locked


def resolve_token(token: str) -> Signature:
    """The open request behind a signing link.

    Raises Http404 for an unknown token, SignatureGone for a used or superseded
    one (or one of a withdrawn or closed request), SignatureExpired for one past its expiry.
    """
    digest = token_digest(token)
    signature = (
        Signature.objects.filter(token_digest=digest)
        .select_related("party", "version", "party__request__participant")
        .first()
    )
    if signature is None:
        if Signature.objects.filter(token_digest=spent_digest(digest)).exists():
            raise SignatureGone
        raise Http404
    if signature.status != SignatureStatus.REQUESTED:
        raise SignatureGone
    if signature.party.request.state in STOPPED:
        raise SignatureGone  # withdrawn or closed: nothing is signed any more
    if signature.expires_at is not None and signature.expires_at <= timezone.now():
        raise SignatureExpired
    return signature


def _lock_open(signature: Signature) -> Signature:
    locked = (
        Signature.objects.select_for_update()
        .select_related("party__request__participant")
        .get(pk=signature.pk)
    )
    if locked.status != SignatureStatus.REQUESTED or not locked.token_digest:
        raise SignatureGone
    if locked.expires_at is not None and locked.expires_at <= timezone.now():
        raise SignatureExpired
    return locked


def _close(locked: Signature, *, status: str, ip: str | None) -> None:
    locked.status = status
    locked.signed_at = timezone.now()
    locked.ip_address = ip or None
    assert locked.token_digest
    locked.token_digest = spent_digest(locked.token_digest)


@transaction.atomic
def sign(*, signature: Signature, typed_name: str, confirmed: bool, ip: str | None) -> Signature:
    """The party signs their agreements through their link (no login).

    What changes: status signed, typed name, date and time, IP address; the
    link is spent. One access-log CREATE without an actor.
    Raises CrisisCardError without a name or confirmation, SignatureGone or
    SignatureExpired when the link can no longer be used.
    """
    typed_name = (typed_name or "").strip()
    if not typed_name:
        raise CrisisCardError(_("Type your full name to sign."))
    if not confirmed:
        raise CrisisCardError(_("Tick the box to say you agree with these agreements."))
    locked = _lock_open(signature)
    ensure_not_restricted(locked.party.request.participant_id)
    _close(locked, status=SignatureStatus.SIGNED, ip=ip)
    locked.typed_name = typed_name[:200]
    locked.save(update_fields=["status", "signed_at", "ip_address", "token_digest", "typed_name"])
    log_signature(
        locked, actor=None, action=Action.CREATE, purpose="crisiscard:sign", part="signed"
    )
    return locked


@transaction.atomic
def decline(*, signature: Signature, reason: str, ip: str | None) -> Signature:
    """The party declines to sign, with a reason (no login).

    What changes: status declined, the reason, date and time, IP address; the
    link is spent. One access-log CREATE without an actor.
    Raises CrisisCardError without a reason, SignatureGone or SignatureExpired
    when the link can no longer be used.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CrisisCardError(_("Tell us why you do not sign, so the participant can respond."))
    locked = _lock_open(signature)
    ensure_not_restricted(locked.party.request.participant_id)
    _close(locked, status=SignatureStatus.DECLINED, ip=ip)
    locked.decline_reason = reason[:4000]
    locked.save(
        update_fields=["status", "signed_at", "ip_address", "token_digest", "decline_reason"]
    )
    log_signature(
        locked, actor=None, action=Action.CREATE, purpose="crisiscard:sign", part="declined"
    )
    return locked


@transaction.atomic
def upload_scan(
    *, actor: Actor, signature_or_party: Signature | Party, file: UploadedFile
) -> Signature:
    """Record a signature given on paper, with its scan.

    Who may: the assigned consultant. Given a signature: an open or declined
    request becomes "signed on paper"; given a party: a new signature on the
    latest version. The file is checked (uploads.validate_scan: at most 5 MB,
    PDF, PNG or JPEG by content) and stored under a name we choose. Open
    requests of the party are superseded and the link is spent.
    Raises CrisisCardError on a bad file, a closed request, or a party
    without agreements in the latest version.
    """
    if isinstance(signature_or_party, Party):
        party = signature_or_party
        _require_work(actor, party.request)
        ensure_not_restricted(party.request.participant_id)
        version = latest_version(party.request)
        if version is None or not schema.agreements_for(version.content, str(party.uuid)):
            raise CrisisCardError(
                _("This party has no agreements in an established version of the plan.")
            )
        locked = Signature(
            version=version, party=party, agreements_hash=agreements_hash(version, party)
        )
    else:
        _require_work(actor, signature_or_party.party.request)
        ensure_not_restricted(signature_or_party.party.request.participant_id)
        locked = (
            Signature.objects.select_for_update()
            .select_related("party__request__participant")
            .get(pk=signature_or_party.pk)
        )
        if locked.status not in (SignatureStatus.REQUESTED, SignatureStatus.DECLINED):
            raise CrisisCardError(
                _("This request is already signed or replaced; a scan cannot be added to it.")
            )
        party = locked.party
    file_type = uploads.validate_scan(file)
    if locked.token_digest:
        locked.token_digest = spent_digest(locked.token_digest)
    locked.status = SignatureStatus.SCAN
    locked.signed_at = timezone.now()
    locked.typed_name = ""
    locked.ip_address = None
    locked.decline_reason = ""
    locked.scan.save(f"{new_token()[:24]}.{file_type.extension}", file, save=False)
    locked.save()
    _supersede_open_requests(party, keep=locked)
    log_signature(
        locked,
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:signature_scan_upload",
        part="scan",
        role=actor.role_in([Role.CONSULTANT, Role.PARTICIPANT]),
    )
    return locked
