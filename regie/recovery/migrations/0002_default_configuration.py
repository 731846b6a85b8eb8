"""Default life areas and team membership rules (configuration, editable in the admin)."""

from django.db import migrations

LIFE_AREAS = [
    ("housing", "Stabiele huisvesting", "Stable housing"),
    ("income", "Inkomen zonder schulden", "Income without debts"),
    ("daytime", "Zinvol werk of dagbesteding", "Meaningful work or daytime activity"),
    ("social", "Sociale contacten", "Social contacts"),
    ("lifestyle", "Gezonde leefstijl", "Healthy lifestyle"),
    ("education", "Onderwijs of opleiding", "Education or training"),
    ("health", "Psychische en lichamelijke gezondheid", "Mental and physical health"),
]

RULES = [
    ("case_director", "case_direction"),
    ("peer_expert", "peer_expert"),
    ("family_peer_expert", "peer_expert"),
]


def create(apps, schema_editor):
    LifeArea = apps.get_model("recovery", "LifeArea")
    Rule = apps.get_model("recovery", "TeamMembershipRule")
    for position, (key, nl, en) in enumerate(LIFE_AREAS, start=1):
        LifeArea.objects.get_or_create(
            key=key, defaults={"name_nl": nl, "name_en": en, "position": position}
        )
    for team_role, kind in RULES:
        Rule.objects.get_or_create(team_role=team_role, organisation_kind=kind)


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
