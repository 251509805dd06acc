"""The content generation: a number that goes up with every content change."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ContentGeneration(models.Model):
    """One row whose number goes up with every content change, in the change's own transaction.

    The page cache reads it at most once a second (portal/caching/generation.py), so a change reaches
    every app server within that bound even if the shared cache missed the news.
    """

    number = models.BigIntegerField(_("number"), default=0, help_text=_("Goes up by one with every content change."))

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generation")

    def __str__(self) -> str:
        return gettext("content generation %(number)s") % {"number": self.number}
