"""Sample URL arguments for the crisis-plan pages (permission matrix)."""

from __future__ import annotations

from regie.crisiscard import schema
from regie.crisiscard.models import ChangeProposal, PlanVersion, content_hash


def sample_args(world) -> dict[str, list]:
    request = world.card_request
    plan = request.plan
    content = schema.normalise(plan.draft)
    if not plan.versions.filter(number=1).exists():
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            content=content,
            content_hash=content_hash(content),
            established_by=world.people["participant"],
        )
    proposal = ChangeProposal.objects.create(
        plan=plan, section="approach", text="Graag rustig praten.", author=request.participant
    )
    return {
        "crisiscard:plan_edit": [request.uuid],
        "crisiscard:plan_versions": [request.uuid],
        "crisiscard:plan_compare": [request.uuid, 1],
        "crisiscard:plan_establish": [request.uuid],
        "crisiscard:plan_propose": [request.uuid],
        "crisiscard:plan_proposal_status": [request.uuid, proposal.pk],
        "crisiscard:plan_new_draft": [request.uuid],
    }
