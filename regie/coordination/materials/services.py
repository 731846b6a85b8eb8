"""Communication materials: folders, articles and presentations with versions.

Coordinators add a material for their region (or share it with every region)
and upload new versions; who may see it is `Material.audience`. Files are
checked by content (materials/uploads.py, regie.core.uploads) and stored under
MEDIA_ROOT with a name we choose; the name shown and offered for download is
the uploader's, slugified, with the extension of the detected type. Files
leave only through the access-checked download view.
"""

from __future__ import annotations

import secrets

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from regie.core import uploads
from regie.core.policy import Actor
from regie.people.models import Region

from ..access import coordinated_region_ids
from ..errors import CoordinationError
from .access import may_manage_material
from .models import Material, MaterialAudience, MaterialKind, MaterialVersion
from .uploads import validate_material


def _add_version(
    *, actor: Actor, material: Material, file: UploadedFile, note: str
) -> MaterialVersion:
    assert actor.person is not None
    kind = validate_material(file)
    latest = MaterialVersion.objects.filter(material=material).aggregate(n=Max("number"))["n"] or 0
    version = MaterialVersion(
        material=material,
        number=latest + 1,
        original_name=uploads.safe_name(file.name or "", kind, fallback=material.title),
        content_type=kind.content_type,
        size=file.size or 0,
        note=note.strip()[:300],
        uploaded_by=actor.person,
    )
    version.file.save(f"{secrets.token_hex(16)}.{kind.extension}", file, save=False)
    version.save()
    return version


@transaction.atomic
def material_create(
    *,
    actor: Actor,
    region: Region,
    title: str,
    kind: str,
    audience: str,
    file: UploadedFile,
    description: str = "",
    all_regions: bool = False,
    note: str = "",
) -> Material:
    """Add a material with its first version.

    Who may: a coordinator of `region`. `all_regions` shares it with every
    region (region left empty). Raises CoordinationError for a refused file
    or missing details.
    """
    if region.pk not in coordinated_region_ids(actor):
        raise CoordinationError(_("Only a coordinator of the region can add materials."))
    assert actor.person is not None
    if not title.strip():
        raise CoordinationError(_("Give the material a title."))
    if kind not in MaterialKind.values or audience not in MaterialAudience.values:
        raise CoordinationError(_("Choose the kind and who may see it."))
    material = Material.objects.create(
        region=None if all_regions else region,
        title=title.strip(),
        kind=kind,
        description=description.strip(),
        audience=audience,
        created_by=actor.person,
    )
    _add_version(actor=actor, material=material, file=file, note=note)
    return material


@transaction.atomic
def material_version_add(
    *, actor: Actor, material: Material, file: UploadedFile, note: str = ""
) -> MaterialVersion:
    """Upload a new version; earlier versions stay available.

    Who may: a coordinator of the material's region (any coordinator for a
    material shared with every region). Raises CoordinationError otherwise
    or for a refused file.
    """
    locked = Material.objects.select_for_update().get(pk=material.pk)
    if not may_manage_material(actor, locked):
        raise CoordinationError(_("Only a coordinator can upload new versions."))
    if locked.archived:
        raise CoordinationError(_("This material is archived."))
    return _add_version(actor=actor, material=locked, file=file, note=note)


@transaction.atomic
def material_archive(*, actor: Actor, material: Material) -> Material:
    """Archive a material: it leaves the library list; its versions stay and
    the coordinators can restore it.

    Who may: those who may upload new versions (may_manage_material). Raises
    CoordinationError otherwise or when it is archived already.
    """
    locked = Material.objects.select_for_update().get(pk=material.pk)
    if not may_manage_material(actor, locked):
        raise CoordinationError(_("Only a coordinator can archive materials."))
    if locked.archived:
        raise CoordinationError(_("This material is archived already."))
    locked.archived = True
    locked.save(update_fields=["archived"])
    return locked


@transaction.atomic
def material_restore(*, actor: Actor, material: Material) -> Material:
    """Bring an archived material back into the library.

    Who may: as material_archive. Raises CoordinationError otherwise or when
    it is not archived.
    """
    locked = Material.objects.select_for_update().get(pk=material.pk)
    if not may_manage_material(actor, locked):
        raise CoordinationError(_("Only a coordinator can restore materials."))
    if not locked.archived:
        raise CoordinationError(_("This material is not archived."))
    locked.archived = False
    locked.save(update_fields=["archived"])
    return locked
