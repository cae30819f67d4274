"""Models of the small grants stage (tables keep the app label `competitions`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wspolpraca.competitions.enums import (
    CommentStatus,
    SmallGrantStage,
)
from wspolpraca.competitions.models.calls import MONEY
from wspolpraca.competitions.models.offers import Offer


class SmallGrantReview(models.Model):
    """The art. 19a procedure for one submitted small-grant offer: publication, comments, decision."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="small_grant")
    stage = models.CharField(
        _("stage"), max_length=20, choices=SmallGrantStage.choices, default=SmallGrantStage.RECEIVED
    )
    received_on = models.DateField(_("received on"))
    publish_by = models.DateField(_("to be published by"), help_text=_("7 working days after receipt."))
    published_on = models.DateField(_("published on the website"), null=True, blank=True)
    bip_published_on = models.DateField(_("published in the BIP"), null=True, blank=True)
    notice_board_published_on = models.DateField(_("posted on the notice board"), null=True, blank=True)
    comments_until = models.DateField(_("comments accepted until"), null=True, blank=True)
    decision_amount = models.DecimalField(_("amount awarded"), **MONEY, null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("small-grant procedure")
        verbose_name_plural = _("small-grant procedures")
        ordering = ["-received_on"]

    def __str__(self):
        return str(self.offer)

    def comment_window_open(self, on=None):
        on = on or timezone.localdate()
        return self.published_on is not None and self.comments_until is not None and on <= self.comments_until

    def comment_window_over(self, on=None):
        on = on or timezone.localdate()
        return self.comments_until is not None and on > self.comments_until


class SmallGrantComment(models.Model):
    """A public comment on a small-grant offer (art. 19a ust. 4): moderated, then considered."""

    review = models.ForeignKey(SmallGrantReview, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField(_("name"), max_length=200)
    author_email = models.EmailField(_("e-mail address"))
    text = models.TextField(_("comment"), max_length=5000)
    status = models.CharField(_("status"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    considered_at = models.DateTimeField(_("considered at"), null=True, blank=True)
    considered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consideration = models.TextField(_("how the comment was considered"), blank=True)

    class Meta:
        verbose_name = _("comment on a small-grant offer")
        verbose_name_plural = _("comments on small-grant offers")
        ordering = ["review", "created_at"]

    def __str__(self):
        return f"{self.author_name}: {self.text[:40]}"
