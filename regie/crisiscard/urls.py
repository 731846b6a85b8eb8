from .views import (
    cards,
    conversations,
    fhir,
    invitations,
    offline_card,
    parties,
    plan,
    portal,
    printing,
    requests,
    sharing,
    signatures,
    signing,
)

app_name = "crisiscard"

# Each area owns its routes in its views module.
urlpatterns = [
    *requests.urlpatterns,
    *invitations.urlpatterns,
    *conversations.urlpatterns,
    *plan.urlpatterns,
    *parties.urlpatterns,
    *signatures.urlpatterns,
    *signing.urlpatterns,
    *cards.urlpatterns,
    *portal.urlpatterns,
    *offline_card.urlpatterns,
    *sharing.urlpatterns,
    *fhir.urlpatterns,
    *printing.urlpatterns,
]
