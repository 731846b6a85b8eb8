"""Routes for outreach: stakeholders and agreements, the social map and the
regional consultation on crisis care. All under a region the actor works in."""

from django.urls import path

from ..views import consultation, outreach, social_map

STAKEHOLDER = "<slug:region_slug>/stakeholders/<uuid:stakeholder_uuid>/"
MEETING = "<slug:region_slug>/consultations/<uuid:meeting_uuid>/"

urlpatterns = [
    path("<slug:region_slug>/stakeholders/", outreach.stakeholder_list, name="stakeholder_list"),
    path("<slug:region_slug>/stakeholders/new/", outreach.stakeholder_add, name="stakeholder_add"),
    path(STAKEHOLDER, outreach.stakeholder_detail, name="stakeholder_detail"),
    path(f"{STAKEHOLDER}edit/", outreach.stakeholder_edit, name="stakeholder_edit"),
    path(
        f"{STAKEHOLDER}contacts/new/",
        outreach.stakeholder_contact_add,
        name="stakeholder_contact_add",
    ),
    path(f"{STAKEHOLDER}agreements/new/", outreach.agreement_add, name="agreement_add"),
    path("<slug:region_slug>/agreements/", outreach.agreement_list, name="agreement_list"),
    path(
        "<slug:region_slug>/agreements/<uuid:agreement_uuid>/edit/",
        outreach.agreement_edit,
        name="agreement_edit",
    ),
    path("<slug:region_slug>/social-map/", social_map.social_map, name="social_map"),
    path(
        "<slug:region_slug>/social-map/new/",
        social_map.social_service_add,
        name="social_service_add",
    ),
    path(
        "<slug:region_slug>/social-map/<uuid:service_uuid>/edit/",
        social_map.social_service_edit,
        name="social_service_edit",
    ),
    path(
        "<slug:region_slug>/social-map/<uuid:service_uuid>/active/",
        social_map.social_service_active,
        name="social_service_active",
    ),
    path(
        "<slug:region_slug>/consultations/",
        consultation.consultation_list,
        name="consultation_list",
    ),
    path(
        "<slug:region_slug>/consultations/new/",
        consultation.consultation_add,
        name="consultation_add",
    ),
    path(MEETING, consultation.consultation_detail, name="consultation_detail"),
    path(f"{MEETING}edit/", consultation.consultation_edit, name="consultation_edit"),
    path(
        f"{MEETING}actions/new/",
        consultation.consultation_action_add,
        name="consultation_action_add",
    ),
    path(
        f"{MEETING}actions/<int:action_id>/",
        consultation.consultation_action_update,
        name="consultation_action_update",
    ),
    path(f"{MEETING}input-pack.pdf", consultation.consultation_pack, name="consultation_pack"),
]
