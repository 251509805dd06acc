from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy

from images import markup
from images.forms import ImageForm
from images.models import Image
from portal.admin_urls import admin_url
from portal.publishing import references


class MissingAttributionFilter(admin.SimpleListFilter):
    title = gettext_lazy("credit and licence")
    parameter_name = "attribution"

    def lookups(self, request, model_admin):
        return [("missing", gettext_lazy("Credit or licence missing")), ("complete", gettext_lazy("Complete"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(credit="") | queryset.filter(licence="")
        if self.value() == "complete":
            return queryset.exclude(credit="").exclude(licence="")
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["title", "thumbnail", "slug", "credit", "licence", "skin_tone", "size", "updated_at"]
    list_display_links = ["title"]
    list_filter = [MissingAttributionFilter, "licence", "purpose", "skin_tone", "format"]
    search_fields = ["title", "slug", "description", "credit", "source_url"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview", "size", "markdown_code", "where_used", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "title", "slug", "markdown_code", "purpose", "description"]}),
        (gettext_lazy("Credit and licence"), {"fields": ["credit", "licence", "source_url"]}),
        (gettext_lazy("Clinical photographs"), {"fields": ["skin_tone"]}),
        (gettext_lazy("Where this is used"), {"fields": ["where_used"]}),
        (gettext_lazy("File"), {"fields": ["size", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=gettext_lazy("picture"))
    def thumbnail(self, obj: Image) -> str:
        if not obj.width:
            return ""
        return markup.picture(obj, "", sizes="80px")

    @admin.display(description=gettext_lazy("as uploaded, without metadata"))
    def preview(self, obj: Image) -> str:
        if obj is None or not obj.width:
            return gettext("Upload a file to see it here.")
        return markup.picture(obj, "", sizes="20rem", lazy=False)

    @admin.display(description=gettext_lazy("size"))
    def size(self, obj: Image) -> str:
        if not obj.width:
            return ""
        # Translators: an image's size in pixels, width × height.
        return gettext("%(width)s × %(height)s px") % {"width": obj.width, "height": obj.height}

    @admin.display(description=gettext_lazy("in Markdown"))
    def markdown_code(self, obj: Image) -> str:
        if obj is None or obj.pk is None:
            return ""
        return format_html("<code>![{}](image:{})</code>", gettext("describe what it shows"), obj.slug)

    @admin.display(description=gettext_lazy("used in"))
    def where_used(self, obj: Image) -> str:
        if obj is None or obj.pk is None:
            return gettext("Not used yet.")
        uses = references.where_used(obj)
        if not uses:
            return gettext("No page uses this image yet.")
        not_public = " " + gettext("(not public)")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{} <a href="{}">{}</a>{}</li>',
                ((how, admin_url(item), item, "" if item.is_published else not_public) for how, item in uses),
            ),
        )


# The lead image's fields on a content type's form (its model uses images.models.LeadImage);
# the content type's admin adds "image" to its autocomplete_fields.
LEAD_IMAGE_FIELDSET = (
    gettext_lazy("Lead image"),
    {
        "fields": ["image", "image_alt", "image_decorative"],
        "description": gettext_lazy(
            "Shown on this page's cards and when it is shared. Describe what it shows in the alt text, "
            "or tick “decorative” if it adds nothing."
        ),
    },
)
