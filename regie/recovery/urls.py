from .views import cases, client, family, invite, meetings, plan, team, wheel

app_name = "recovery"

# Each area owns its routes in its views module.
urlpatterns = [
    *client.urlpatterns,
    *cases.urlpatterns,
    *team.urlpatterns,
    *plan.urlpatterns,
    *invite.urlpatterns,
    *wheel.urlpatterns,
    *family.urlpatterns,
    *meetings.urlpatterns,
]
