"""The content generation: a number that goes up with every content change."""

from django.db import models


class ContentGeneration(models.Model):
    """One row whose number goes up with every content change, in the change's own transaction.

    The page cache reads it at most once a second (portal/caching/generation.py), so a change reaches
    every app server within that bound even if the shared cache missed the news.
    """

    number = models.BigIntegerField("number", default=0, help_text="Goes up by one with every content change.")

    class Meta:
        verbose_name = "content generation"
        verbose_name_plural = "content generation"

    def __str__(self) -> str:
        return f"content generation {self.number}"
