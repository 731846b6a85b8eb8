"""The emergency link belongs to the card holder, not to one card.

Existing links move to the holder of their card with their tokens unchanged,
so every printed QR code keeps working; then the card column goes.
"""

import django.db.models.deletion
from django.db import migrations, models


def links_to_holders(apps, schema_editor):
    EmergencyLink = apps.get_model("crisiscard", "EmergencyLink")
    Card = apps.get_model("crisiscard", "Card")
    holders = dict(Card.objects.values_list("pk", "request__participant_id"))
    batch = []
    for link in EmergencyLink.objects.only("pk", "card_id").iterator(chunk_size=500):
        link.holder_id = holders[link.card_id]
        batch.append(link)
        if len(batch) >= 500:
            EmergencyLink.objects.bulk_update(batch, ["holder"])
            batch = []
    if batch:
        EmergencyLink.objects.bulk_update(batch, ["holder"])


def links_to_cards(apps, schema_editor):
    """Back to one link per card: each link goes to the holder's newest card."""
    EmergencyLink = apps.get_model("crisiscard", "EmergencyLink")
    Card = apps.get_model("crisiscard", "Card")
    for link in EmergencyLink.objects.iterator(chunk_size=500):
        card = (
            Card.objects.filter(request__participant_id=link.holder_id)
            .order_by("-issued_on", "-pk")
            .first()
        )
        if card is None:
            link.delete()
            continue
        link.card_id = card.pk
        link.save(update_fields=["card"])
    # Keep one live link per card (the newest), as the old constraint wants.
    seen = set()
    for link in EmergencyLink.objects.filter(revoked_at__isnull=True).order_by("-created_at"):
        if link.card_id in seen:
            link.revoked_at = link.created_at
            link.save(update_fields=["revoked_at"])
        seen.add(link.card_id)


class Migration(migrations.Migration):
    # The data step commits before the columns change (PostgreSQL refuses
    # ALTER TABLE with pending deferred checks in the same transaction).
    atomic = False

    dependencies = [
        ("crisiscard", "0004_sharing_consent"),
        ("people", "0002_alter_roleassignment_role"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="emergencylink",
            name="one_live_link_per_card",
        ),
        migrations.AddField(
            model_name="emergencylink",
            name="holder",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="emergency_links",
                to="people.person",
                verbose_name="holder",
            ),
        ),
        migrations.AlterField(
            model_name="emergencylink",
            name="card",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links",
                to="crisiscard.card",
            ),
        ),
        migrations.RunPython(links_to_holders, links_to_cards, atomic=True),
        migrations.RemoveField(
            model_name="emergencylink",
            name="card",
        ),
        migrations.AlterField(
            model_name="emergencylink",
            name="holder",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="emergency_links",
                to="people.person",
                verbose_name="holder",
            ),
        ),
        migrations.AlterModelOptions(
            name="emergencylink",
            options={"ordering": ["-created_at", "-pk"]},
        ),
        migrations.AddIndex(
            model_name="emergencylink",
            index=models.Index(fields=["holder", "revoked_at"], name="crisiscard__holder__f81843_idx"),
        ),
    ]
