"""Quarterly meetings of an organisation's recovery teams and who attended."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.people.models import Organisation, Person

from .cases import TeamRole


class QuarterlyMeeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="quarterly_meetings",
        verbose_name=_("organisation"),
    )
    held_on = models.DateField(_("date"))
    is_joint = models.BooleanField(
        _("joint meeting (peer experts and family peer experts join)"), default=False
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("quarterly meeting")
        verbose_name_plural = _("quarterly meetings")

    def __str__(self) -> str:
        return _("Quarterly meeting %(date)s") % {"date": self.held_on.strftime("%d-%m-%Y")}


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(
        QuarterlyMeeting, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    team_role = models.CharField(_("role"), max_length=32, choices=TeamRole.choices)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["team_role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_invite_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"
