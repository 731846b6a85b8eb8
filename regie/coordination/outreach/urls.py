"""Routes for outreach: stakeholders and agreements. All under a region the actor coordinates."""

from django.urls import path

from . import views as outreach

STAKEHOLDER = "<slug:region_slug>/stakeholders/<uuid:stakeholder_uuid>/"

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
]
