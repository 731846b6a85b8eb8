from .views import cases, family, invite, meetings, wheel

app_name = "recovery"

# Each area owns its routes in its views module.
urlpatterns = [
    *cases.urlpatterns,
    *invite.urlpatterns,
    *wheel.urlpatterns,
    *family.urlpatterns,
    *meetings.urlpatterns,
]
