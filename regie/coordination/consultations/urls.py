"""Routes for the regional consultation on crisis care."""

from django.urls import path

from . import views as consultation

MEETING = "<slug:region_slug>/consultations/<uuid:meeting_uuid>/"

urlpatterns = [
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
