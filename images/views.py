"""Serving renditions, and the Markdown editor's drop-an-image upload."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from images import processing
from images.forms import MarkdownUploadForm
from images.models import WIDTHS, Image, new_image, rendition

# A rendition's address names the file's digest, so it never changes: caches may keep it.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_GET
def rendition_view(request: HttpRequest, slug: str, digest: str, width: int, extension: str) -> HttpResponse:
    """An image at one of the offered widths, in a format it can be made in; the file is read
    from the storage (a local folder or an object store), made there first if needed."""
    image = get_object_or_404(Image, slug=slug)
    offered = {*(w for w in WIDTHS if w < image.width), min(image.width, WIDTHS[-1])}
    allowed = {image.extension, *processing.modern_formats()}
    if digest != image.digest or width not in offered or extension not in allowed:
        raise Http404
    made = rendition(image, width, extension)
    response = FileResponse(made.file.open("rb"), content_type=processing.CONTENT_TYPES[extension])
    response["Cache-Control"] = IMMUTABLE
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@require_POST
@staff_member_required
def markdown_upload(request: HttpRequest) -> JsonResponse:
    """markdownx's drag-and-drop: the image goes into the library and the editor gets
    ``![](image:<slug>)`` to describe, with the preview and sign-off asking for the rest."""
    if not request.user.has_perm("images.add_image"):
        return JsonResponse({"image": [gettext("You may not add images to the library.")]}, status=403)
    form = MarkdownUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    image = new_image(form.clean_image_data, form.cleaned_data["image"].name)
    return JsonResponse({"image_code": f"![](image:{image.slug})"})
