"""Routes for quality: four-eyes reviews, indicators and visitations."""

from django.urls import path

from . import views as quality

urlpatterns = [
    path(
        "quality/cards/<uuid:card_uuid>/ask-review/",
        quality.review_request,
        name="review_request",
    ),
    path("quality/reviews/<uuid:review_uuid>/", quality.review_detail, name="review_detail"),
    path("quality/reviews/<uuid:review_uuid>/pass/", quality.review_pass, name="review_pass"),
    path(
        "quality/reviews/<uuid:review_uuid>/send-back/",
        quality.review_send_back,
        name="review_send_back",
    ),
    path(
        "quality/reviews/<uuid:review_uuid>/withdraw/",
        quality.review_withdraw,
        name="review_withdraw",
    ),
    path("<slug:region_slug>/reviews/", quality.review_list, name="review_list"),
    path("<slug:region_slug>/quality/", quality.quality, name="quality"),
    path("<slug:region_slug>/visitations/", quality.visitation_list, name="visitation_list"),
    path("<slug:region_slug>/visitations/add/", quality.visitation_add, name="visitation_add"),
    path(
        "<slug:region_slug>/visitations/<uuid:visitation_uuid>/",
        quality.visitation_detail,
        name="visitation_detail",
    ),
    path(
        "<slug:region_slug>/visitations/<uuid:visitation_uuid>/findings/",
        quality.visitation_findings,
        name="visitation_findings",
    ),
    path(
        "<slug:region_slug>/visitations/<uuid:visitation_uuid>/actions/add/",
        quality.visitation_action_add,
        name="visitation_action_add",
    ),
    path(
        "<slug:region_slug>/visitations/<uuid:visitation_uuid>/actions/<int:action_id>/done/",
        quality.visitation_action_done,
        name="visitation_action_done",
    ),
    path(
        "<slug:region_slug>/visitations/<uuid:visitation_uuid>/actions/<int:action_id>/reopen/",
        quality.visitation_action_reopen,
        name="visitation_action_reopen",
    ),
    path(
        "<slug:region_slug>/visitations/<uuid:visitation_uuid>/evidence-pack.pdf",
        quality.visitation_pack,
        name="visitation_pack",
    ),
]
