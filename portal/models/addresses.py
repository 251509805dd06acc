"""Addresses: slugs filled from titles, and the old addresses that redirect to new ones."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.plain_text import slugify_title


class SlugFromTitleMixin:
    """Fills an empty slug from another field (`slug_source`) when the object is saved."""

    slug_source = "name"

    def save(self, *args, **kwargs) -> None:
        self.fill_slug()
        super().save(*args, **kwargs)

    def fill_slug(self) -> None:
        if not self.slug:
            self.slug = slugify_title(getattr(self, self.slug_source))


class SlugRedirect(models.Model):
    """An address an object used to have: it answers with a permanent redirect to the new one."""

    model = models.CharField(_("content type"), max_length=60, help_text=_("e.g. articles.article"))
    old_slug = models.SlugField(_("old slug"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [models.UniqueConstraint(fields=["model", "old_slug"], name="unique_old_slug_per_model")]

    def __str__(self) -> str:
        return f"{self.model}: {self.old_slug}"


def remember_old_slug(obj: models.Model) -> None:
    """Called before saving an object with a slug: if the slug changed, keep the old one."""
    if obj.pk is None:
        return
    label = obj._meta.label_lower
    old_slug = type(obj)._default_manager.filter(pk=obj.pk).values_list("slug", flat=True).first()
    if old_slug and old_slug != obj.slug:
        SlugRedirect.objects.update_or_create(model=label, old_slug=old_slug, defaults={"object_id": obj.pk})
    # The object now owns its slug again, should it come back to an old one.
    SlugRedirect.objects.filter(model=label, old_slug=obj.slug).delete()
