"""A fourth content type that exists only in the tests: it proves that the shared core
finds a content type from its declarations, with no change to the core."""

from django.db import models

from portal.models import Publishable, SearchFields


class Leaflet(Publishable):
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True)
    summary = models.TextField("summary", blank=True)
    text = models.TextField("text", blank=True)

    link_scheme = "leaflet"
    title_field = "title"
    markdown_fields = ("text",)
    sitemap_priority = 0.3

    class Meta(Publishable.Meta):
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/leaflets/{self.slug}/"

    def search_document(self) -> SearchFields:
        return SearchFields(title=self.title, names=[self.title], summary=self.summary, markdown=[self.text])

    def schema_org(self, request) -> dict:
        return {"@type": "MedicalWebPage", "name": self.title}


class LeafletNote(models.Model):
    """A row edited on the leaflet's page: backed up with it."""

    leaflet = models.ForeignKey(Leaflet, on_delete=models.CASCADE, related_name="notes")
    label = models.CharField("label", max_length=10)

    part_of = "leaflet"

    def __str__(self) -> str:
        return self.label
