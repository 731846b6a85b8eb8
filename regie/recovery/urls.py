from .views import cases, family, meetings, wheel

app_name = "recovery"

# Each area owns its routes in its views module.
urlpatterns = [*cases.urlpatterns, *wheel.urlpatterns, *family.urlpatterns, *meetings.urlpatterns]
