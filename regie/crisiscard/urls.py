from .views import cards, parties, plan, portal, printing, requests

app_name = "crisiscard"

# Each area owns its routes in its views module.
urlpatterns = [
    *requests.urlpatterns,
    *plan.urlpatterns,
    *parties.urlpatterns,
    *cards.urlpatterns,
    *portal.urlpatterns,
    *printing.urlpatterns,
]
