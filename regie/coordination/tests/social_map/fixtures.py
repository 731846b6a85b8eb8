"""Small builders for social-map tests."""

from __future__ import annotations

from regie.coordination.social_map.models import ServiceCategory, SocialService


def service(region, name="Buurtteam Centrum", category=ServiceCategory.SOCIAL, **extra):
    return SocialService.objects.create(region=region, name=name, category=category, **extra)
