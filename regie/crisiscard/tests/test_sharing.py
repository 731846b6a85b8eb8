

def test_sharing_page_runs_a_fixed_number_of_queries_however_many_parties(
    world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regie.crisiscard.models import Party

    client = world.client_for("participant")
    client.get(reverse(PORTAL))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(PORTAL))
    for number in range(6):
        party = Party.objects.create(
            request=world.card_request, kind="other", name=f"Buur {number}"
        )
        grant(world, ["medication"]) if number == 0 else None
        SharingGrant.objects.create(request=world.card_request, party=party, sections=["about_me"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse(PORTAL))
