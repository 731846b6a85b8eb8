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
    path("quality/reviews/<uuid:review_uuid>/decide/", quality.review_decide, name="review_decide"),
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
        "<slug:region_slug>/visitations/<uuid:visitation_uuid>/evidence-pack.pdf",
        quality.visitation_pack,
        name="visitation_pack",
    ),
]
