"""The print queue: cards and letters the licence holder prints and posts."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person, Region

from .cards import Card
from .requests import CardRequest


class PrintKind(models.TextChoices):
    CARD = "card", _("Card")
    INVITATION = "invitation", _("Invitation letter")
    NOTICE = "notice", _("Letter")


class PrintItem(models.Model):
    """Something the licence holder prints and posts: a card, or a letter for a
    person who gets no e-mail (the print queue, decisions/0021).

    A card is printed from the card itself. An invitation letter gets its
    single-use code when it is printed (a code is never stored in the clear).
    A notice letter keeps the text it was given, rendered in the recipient's
    language when it was queued.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=PrintKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="print_items", verbose_name=_("region")
    )
    recipient = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="print_items", verbose_name=_("recipient")
    )
    card = models.ForeignKey(
        Card,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="print_items",
        verbose_name=_("card"),
    )
    request = models.ForeignKey(
        CardRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="print_items",
        verbose_name=_("card request"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(_("last downloaded"), null=True, blank=True)
    printed_at = models.DateTimeField(_("printed and sent"), null=True, blank=True)
    printed_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("print item")
        verbose_name_plural = _("print items")
        indexes = [models.Index(fields=["region", "printed_at", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="card") | Q(card__isnull=False),
                name="print_item_card_has_card",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.recipient}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PrintBatch(models.Model):
    """One batch PDF of the print queue, made by a worker (services.printing).

    The page that asks for it shows how far it is (`done` of `total`) and,
    when it is ready, offers the PDF. The PDF is kept in the database so any
    app server can hand it out; batches older than KEEP_BATCHES are removed
    by the daily job and when the region asks for a new one.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="print_batches", verbose_name=_("region")
    )
    requested_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen = models.JSONField(_("chosen items"), default=list, blank=True)
    items = models.JSONField(_("items in the PDF"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)
