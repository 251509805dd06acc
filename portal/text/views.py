"""The editor's readability panel asks this endpoint while they type (staff only, see config/urls.py)."""

from django.http import HttpRequest, JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from portal.languages import content_languages, source_language
from portal.registry import content_types
from portal.text import readability


def _problem(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def _words(count: int) -> str:
    return ngettext("%(count)s word", "%(count)s words", count) % {"count": count}


def _panel_text(data: dict) -> dict:
    """The panel's sentences, in the staff member's language: static/portal/readability.js shows
    them as they are, with a note after each long sentence and each medical word, in their order."""
    in_glossary = gettext("(in the glossary: patients see its definition at the end of the page)")
    not_in_glossary = gettext("(not in the glossary: explain it in the text)")
    sentences = ngettext("%(count)s sentence", "%(count)s sentences", data["sentences"]) % {"count": data["sentences"]}
    return {
        "summary": _summary(data),
        "verdict": _verdict(data),
        # Translators: "120 words in 8 sentences."
        "counts": gettext("%(words)s in %(sentences)s.") % {"words": _words(data["words"]), "sentences": sentences},
        "long_sentences": gettext("Sentences over %(words)s words:") % {"words": readability.LONG_SENTENCE_WORDS},
        "unexplained_terms": gettext("Medical words used without an explanation:"),
        "sentence_notes": ["(" + _words(sentence["words"]) + ")" for sentence in data["long_sentences"]],
        "term_notes": [in_glossary if term["in_glossary"] else not_in_glossary for term in data["unexplained_terms"]],
        "alt_text": gettext("Image alt text to rewrite:"),
        "alt_text_notes": [_alt_text_note(problem["problem"]) for problem in data["alt_text"]],
    }


def _alt_text_note(problem: str) -> str:
    if problem == "file_name":
        return gettext("(a file name: say what the picture shows)")
    return gettext("(the same as the caption: say what the picture shows instead)")


def _summary(data: dict) -> str:
    """The score on the language's measure, named, with the target, in the staff member's language."""
    if data["score"] is None:
        if data["higher_is_easier"]:
            return gettext("Reading ease: write a sentence to see it.")
        return gettext("Reading grade: write a sentence to see it.")
    values = {"grade": readability.grade_text(data["score"]), "target": readability.grade_text(data["target"])}
    if data["higher_is_easier"]:
        measure = readability.MEASURES[data["measure"]]
        values |= {"measure": str(measure.name), "band": measure.band(data["score"])}
        # Translators: "Reading ease 72, fairly easy (Szigriszt-Pazos, INFLESZ scale); target at least 60."
        return gettext("Reading ease %(grade)s, %(band)s (%(measure)s); target at least %(target)s.") % values
    if data["smog"] is None:
        return gettext("Reading grade %(grade)s (Flesch–Kincaid); target %(target)s.") % values
    values["smog"] = readability.grade_text(data["smog"])
    return gettext("Reading grade %(grade)s (Flesch–Kincaid), SMOG %(smog)s; target %(target)s.") % values


def _verdict(data: dict) -> str:
    """Whether the text is within its target: judged from MIN_WORDS_TO_JUDGE words only."""
    if data["score"] is None:
        return ""
    shortest = {"words": readability.MIN_WORDS_TO_JUDGE}
    misses = readability.MEASURES[data["measure"]].misses(data["score"], data["target"])
    ease = data["higher_is_easier"]
    if data["too_short_to_judge"] and misses and ease:
        return gettext("Below the target, but too short to judge: the target applies from %(words)s words.") % shortest
    if data["too_short_to_judge"] and misses:
        return gettext("Above the target, but too short to judge: the target applies from %(words)s words.") % shortest
    if data["too_short_to_judge"]:
        return gettext("Too short to judge: the target applies from %(words)s words.") % shortest
    if data["above_target"] and ease:
        return gettext("Below the target: shorter sentences and shorter words will help.")
    if data["above_target"]:
        return gettext("Above the target: shorter sentences and plainer words will help.")
    return gettext("Within the target.")


@require_POST
def readability_check(request: HttpRequest) -> JsonResponse:
    """The score, word count, long sentences and unexplained medical words of a text.

    POST `content` (the text), `format` ("markdown" or "plain" for a summary), and
    optionally `model` ("articles.article") and `kind`, which choose the target, and
    `language`, the language of the item being edited (the source language by default),
    which chooses the measure, the target and the glossary.
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
    language = request.POST.get("language", "") or source_language()
    if language not in content_languages():
        return _problem(gettext("There is no such language."))
    kind = request.POST.get("kind", "")
    glossary = readability.medical_terms(language)
    report = readability.analyse(text, markdown=text_format == "markdown", terms=glossary, language=language)
    if label:
        target = readability.target_grade(models[label], kind, language=language)
    else:
        target = readability.default_target_grade(language)
    in_glossary = {name.casefold() for name in glossary}
    data = report.as_dict()
    data["unexplained_terms"] = [
        {"term": name, "in_glossary": name.casefold() in in_glossary} for name in report.unexplained_terms
    ]
    data["language"] = language
    data["target"] = target
    data["above_target"] = readability.judged(report.score, report.words, target, report.measure)
    data["too_short_to_judge"] = report.words < readability.MIN_WORDS_TO_JUDGE
    data["text"] = _panel_text(data)
    return JsonResponse(data)
