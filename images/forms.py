from django import forms
from django.utils.translation import gettext_lazy as _

from images import processing
from images.models import Image


class ImageForm(forms.ModelForm):
    """The library's upload: the file is decoded and re-encoded without metadata before it is
    kept (images/processing.py); whatever is wrong with it is said beside the field."""

    class Meta:
        model = Image
        fields = ["file", "title", "slug", "purpose", "description", "credit", "licence", "source_url", "skin_tone"]

    source_url = forms.URLField(
        label=Image._meta.get_field("source_url").verbose_name,
        help_text=Image._meta.get_field("source_url").help_text,
        required=False,
        assume_scheme="https",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):  # unchanged: the stored, clean file
            return upload
        try:
            self.clean_image = processing.clean_upload(upload)
        except processing.UploadRefused as refused:
            raise forms.ValidationError(str(refused), code="invalid_image") from None
        return upload

    def save(self, commit: bool = True) -> Image:
        image = super().save(commit=False)
        clean = getattr(self, "clean_image", None)
        if clean is not None:
            image.set_file(clean)
        if commit:
            image.save()
        return image


class MarkdownUploadForm(forms.Form):
    """An image dropped into a Markdown box: it joins the library, to be credited there."""

    image = forms.FileField(label=_("image"))

    def clean_image(self):
        upload = self.cleaned_data["image"]
        try:
            self.clean_image_data = processing.clean_upload(upload)
        except processing.UploadRefused as refused:
            raise forms.ValidationError(str(refused), code="invalid_image") from None
        return upload
