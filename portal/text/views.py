"""The editor's readability panel asks this endpoint while they type (staff only, see config/urls.py)."""

from django.http import HttpRequest, JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from portal.registry import content_types
from portal.text import readability


def _problem(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_POST
def readability_check(request: HttpRequest) -> JsonResponse:
    """The grades, word count, long sentences and unexplained medical words of a text.

    POST `content` (the text), `format` ("markdown" or "plain" for a summary), and
    optionally `model` ("articles.article") and `kind`, which choose the target grade.
    """
    text = request.POST.get("content", "")
    if len(text) > readability.MAX_TEXT_LENGTH:
        limit = number_format(readability.MAX_TEXT_LENGTH, force_grouping=True)
        return _problem(gettext("The text is too long to check: at most %(limit)s characters.") % {"limit": limit})
    text_format = request.POST.get("format", "markdown")
    if text_format not in {"markdown", "plain"}:
        return _problem(gettext("The format must be “markdown” or “plain”."))
    label = request.POST.get("model", "")
    models = {model._meta.label_lower: model for model in content_types()}
    if label and label not in models:
        return _problem(gettext("There is no such content type."))
    kind = request.POST.get("kind", "")
    glossary = readability.medical_terms()
    report = readability.analyse(text, markdown=text_format == "markdown", terms=glossary)
    target = readability.target_grade(models[label], kind) if label else readability.default_target_grade()
    in_glossary = {name.casefold() for name in glossary}
    data = report.as_dict()
    data["unexplained_terms"] = [
        {"term": name, "in_glossary": name.casefold() in in_glossary} for name in report.unexplained_terms
    ]
    data["target"] = target
    data["above_target"] = readability.judged(report.grade, report.words, target)
    data["too_short_to_judge"] = report.words < readability.MIN_WORDS_TO_JUDGE
    return JsonResponse(data)
