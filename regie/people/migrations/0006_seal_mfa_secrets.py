"""Seal the MFA secrets stored in the clear before decision 0049."""

from django.db import migrations


def seal_stored_secrets(apps, schema_editor):
    from regie.people.mfa_secrets import reseal_all

    reseal_all(apps.get_model("mfa", "Authenticator").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_api_tokens"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    # No way back: unsealing would write the secrets in the clear again.
    operations = [migrations.RunPython(seal_stored_secrets, migrations.RunPython.noop)]
