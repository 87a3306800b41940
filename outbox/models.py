"""One e-mail waiting to be sent, or sent (kept ``OUTBOX_RETENTION_DAYS``, then purged).

The outbox knows nothing of the catalogue's domain: callers render the message and
``outbox.mail.queue_mail`` stores it in their own transaction.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMessage(models.Model):
    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    reply_to = models.EmailField(_("répondre à"), blank=True)
    # Extra headers (List-Unsubscribe…): names and values checked by ``queue_mail`` (no line breaks).
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)

    class Meta:
        verbose_name = _("courriel sortant")
        verbose_name_plural = _("courriels sortants")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.to} — {self.subject}"
