"""The review conversation in the admin: comments on a working copy or a draft, on the whole
page, one field or one row, shown beside what they are about; resolve and reopen. Plain
forms, no JavaScript. Only people who may change or review the item see it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from portal.admin_urls import admin_url
from portal.models import COMMENT_MAX_LENGTH
from portal.publishing import conversation, notifications, signoff

# Where a comment form may send the user back to, by the name of its admin view.
RETURN_TO = {"change", "signoff", "conversation"}


class CommentForm(forms.Form):
    on = forms.ChoiceField(label=gettext_lazy("On"), required=False)
    body = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Seen by the page's editors and reviewers, never by patients; kept in its history."),
        error_messages={"required": gettext_lazy("Write the comment first.")},
    )

    def __init__(self, targets: list, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].choices = [(target.key, target.label) for target in targets]


class ConversationAdminMixin:
    """Comments for a content type's admin, at <item>/conversation/, and beside fields."""

    def get_urls(self):
        opts = self.model._meta
        extra = [
            path(
                "<path:object_id>/conversation/",
                self.admin_site.admin_view(self.conversation_view),
                name=f"{opts.app_label}_{opts.model_name}_conversation",
            ),
        ]
        return extra + super().get_urls()

    def may_converse(self, request: HttpRequest, obj) -> bool:
        """Editors who may change the item and reviewers who may sign it off."""
        if self.has_change_permission(request, obj):
            return True
        try:
            signoff.reviewer_for(request.user, obj)
        except signoff.SignOffRefused:
            return False
        return True

    def conversation_context(self, request: HttpRequest, obj, targets=None) -> dict:
        """What the change form and the sign-off screen need to show comments beside fields."""
        if obj is None or obj.pk is None or not self.may_converse(request, obj):
            return {}
        if not conversation.has_pending_changes(obj):
            return {}
        return {"conversation": conversation.thread(obj, targets), "conversation_url": admin_url(obj, "conversation")}

    def conversation_view(self, request: HttpRequest, object_id) -> HttpResponse:
        obj = self._item(request, object_id)
        if not self.may_converse(request, obj):
            raise PermissionDenied
        back = request.POST.get("next") or request.GET.get("next") or "conversation"
        back = back if back in RETURN_TO else "conversation"
        targets = conversation.pending_targets(obj)
        form = CommentForm(targets, initial={"on": request.GET.get("on", "")})
        status = 200
        if request.method == "POST":
            if "_resolve" in request.POST or "_reopen" in request.POST:
                return self._resolve_or_reopen(request, obj, back)
            form = CommentForm(targets, request.POST)
            if form.is_valid():
                try:
                    comment = conversation.add_comment(
                        obj, request.user, form.cleaned_data["body"], form.cleaned_data["on"], get_language() or ""
                    )
                except conversation.CommentRefused as refused:
                    form.add_error("body", str(refused))
                else:
                    people = conversation.thread(obj).people()
                    link = request.build_absolute_uri(admin_url(obj, "conversation"))
                    notifications.commented(obj, request.user, people, link)
                    self.message_user(request, _("Your comment is added."), messages.SUCCESS)
                    return HttpResponseRedirect(f"{admin_url(obj, back)}#comment-{comment.pk}")
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "comment_form": form,
            "next": back,
            "title": _("Comments on “%(page)s”") % {"page": obj},
            "review_request": conversation.open_request(obj),
            "conversation": conversation.thread(obj, targets),
            "conversation_url": admin_url(obj, "conversation"),
            **{f"{name}_url": url for name, url in self._signoff_urls(obj).items()},
        }
        return TemplateResponse(request, "admin/portal/conversation.html", context, status=status)

    def _resolve_or_reopen(self, request: HttpRequest, obj, back: str) -> HttpResponse:
        resolving = "_resolve" in request.POST
        try:
            if resolving:
                comment = conversation.resolve(obj, request.POST["_resolve"], request.user)
            else:
                comment = conversation.reopen(obj, request.POST["_reopen"], request.user)
        except conversation.CommentRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(admin_url(obj, back))
        done = _("The comment is resolved.") if resolving else _("The comment is open again.")
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(f"{admin_url(obj, back)}#comment-{comment.pk}")
