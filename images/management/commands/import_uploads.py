"""Move images uploaded before the library existed (markdownx's MEDIA_ROOT/uploads/) into it.

Each file is decoded and re-encoded like any upload (metadata removed) and becomes a library
image; Markdown that showed it as ``![alt](/media/uploads/<name>)`` now embeds it as
``![alt](image:<slug>)``, in live items and in their working copies alike, which changes
nothing patients see but the new caption. The images arrive without credit or licence:
pages using them cannot be approved again until an editor adds them (the library's
"Credit or licence missing" filter lists them). Run it once; a second run finds nothing left.
"""

import json
import posixpath

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction

from images import processing
from images.models import new_image
from portal.caching.generation import new_generation
from portal.models import WorkingCopy
from portal.registry import content_types

FOLDER = "uploads"


class Command(BaseCommand):
    help = "Move images under MEDIA_ROOT/uploads/ into the image library and point Markdown at them."

    def handle(self, *args, **options) -> None:
        if not default_storage.exists(FOLDER):
            self.stdout.write("No uploads to move.")
            return
        _, names = default_storage.listdir(FOLDER)
        moved = 0
        for name in sorted(names):
            path = posixpath.join(FOLDER, name)
            with default_storage.open(path, "rb") as upload:
                try:
                    clean = processing.clean_upload(upload)
                except processing.UploadRefused as refused:
                    self.stderr.write(f"{path}: left where it is: {refused}")
                    continue
            with transaction.atomic():
                image = new_image(clean, name)
                old = f"({settings.MEDIA_URL.rstrip('/')}/{path})"
                replace_in_markdown(old, f"(image:{image.slug})")
            default_storage.delete(path)
            moved += 1
            self.stdout.write(f"{path} → image:{image.slug}")
        if moved:
            new_generation()  # the texts were updated in place, without the save signal
        self.stdout.write(f"Moved {moved} image(s) into the library.")


def replace_in_markdown(old: str, new: str) -> None:
    """Every Markdown field of every item, and of every working copy, that says `old` says `new`."""
    for model in content_types():
        for item in model.objects.only("pk", *model.markdown_fields):
            changed = [field for field in model.markdown_fields if old in getattr(item, field)]
            for field in changed:
                setattr(item, field, getattr(item, field).replace(old, new))
            if changed:
                model.objects.filter(pk=item.pk).update(**{field: getattr(item, field) for field in changed})
    escaped = json.dumps(old)[1:-1]
    for copy in WorkingCopy.objects.all():
        text = json.dumps(copy.snapshot)
        if escaped in text:
            copy.snapshot = json.loads(text.replace(escaped, json.dumps(new)[1:-1]))
            copy.save(update_fields=["snapshot"])
