from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import TEXT_MAX_LENGTH, Reason


class AnswerForm(forms.Form):
    """What a page's feedback form sends. `page` names the item ("<app>.<model>:<id>"),
    `version` the published version shown; `website` is a field people never see (bots fill it)."""

    page = forms.RegexField(regex=r"^[a-z_]{1,50}\.[a-z_]{1,50}:\d{1,18}$", max_length=120)
    version = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    reason = forms.ChoiceField(choices=[("", "-"), *Reason.choices], required=False)
    text = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        error_messages={"max_length": _("Please keep your comment to %(limit_value)d characters.")},
    )
    website = forms.CharField(required=False)
