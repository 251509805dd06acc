"""Authors: writers and medical reviewers, shown with their credentials."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.languages import content_languages, current_language, other_languages, source_language
from portal.models.addresses import SlugFromTitleMixin, remember_old_slug
from portal.plain_text import validate_slug
from portal.urls_fast import slug_url


def validate_translated_credentials(value) -> None:
    if not isinstance(value, dict) or not all(
        code in other_languages() and isinstance(text, str) and len(text) <= 200 for code, text in value.items()
    ):
        raise ValidationError(
            _("Give the site's other languages and a line of text for each, e.g. %(example)s."),
            code="invalid",
            params={"example": '{"es": "…"}'},
        )


def source_languages() -> list[str]:
    return [source_language()]


def validate_review_languages(value) -> None:
    if not isinstance(value, list) or not all(code in content_languages() for code in value):
        raise ValidationError(
            _("Give a list of the site's languages, e.g. %(example)s."),
            code="invalid",
            params={"example": '["en", "es"]'},
        )


class Author(SlugFromTitleMixin, models.Model):
    """A writer or medical reviewer, shown with credentials on every page they touch."""

    name = models.CharField(_("name"), max_length=120, help_text=_("Full name as patients should see it."))
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        validators=[validate_slug],
        help_text=_("The last part of the author's page address, e.g. ruaridh-wood."),
    )
    credentials = models.CharField(
        _("credentials"),
        max_length=200,
        blank=True,
        help_text=_("Qualifications and role shown after the name, e.g. 'PharmD, clinical pharmacist'."),
    )
    translated_credentials = models.JSONField(
        _("credentials in other languages"),
        default=dict,
        blank=True,
        validators=[validate_translated_credentials],
        help_text=_('The credentials line in each other language, e.g. {"es": "Farmacéutica clínica"}.'),
    )
    bio = models.TextField(
        _("biography"),
        blank=True,
        help_text=_("A few plain sentences on the author's background and expertise."),
    )
    reviews_in = models.JSONField(
        _("reviews in"),
        default=source_languages,
        blank=True,
        validators=[validate_review_languages],
        help_text=_(
            'The languages this medical reviewer may sign off, e.g. ["en", "es"]. Approving a page in a '
            "language needs a reviewer who reviews in it."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("Optional: the staff account this author signs in with."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def save(self, *args, **kwargs) -> None:
        self.fill_slug()
        remember_old_slug(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:author", self.slug)

    @property
    def shown_credentials(self) -> str:
        """The credentials in the page's language, else as written."""
        return self.translated_credentials.get(current_language()) or self.credentials
