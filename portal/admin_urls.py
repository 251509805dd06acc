"""Addresses of the admin pages of one content item, built in one place."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import reverse


def admin_url(obj: Model, view: str = "change") -> str:
    """`view` is change, history, signoff, preview, discard or as_published."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def admin_url_of(content_type: ContentType, object_id, view: str = "change") -> str:
    """The same, for an item known by its content type and id (a working copy's)."""
    return reverse(f"admin:{content_type.app_label}_{content_type.model}_{view}", args=[object_id])
