from .views import cards, offline_card, parties, plan, portal, printing, requests, sharing

app_name = "crisiscard"

# Each area owns its routes in its views module.
urlpatterns = [
    *requests.urlpatterns,
    *plan.urlpatterns,
    *parties.urlpatterns,
    *cards.urlpatterns,
    *portal.urlpatterns,
    *offline_card.urlpatterns,
    *sharing.urlpatterns,
    *printing.urlpatterns,
]
