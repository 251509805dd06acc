"""Plain language: how hard a text is to read, and which medical words it leaves unexplained.

The text is measured as patients will read it: Markdown is rendered through the one
Markdown path, then headings, code, list markers and link addresses are left out (a link
counts by its words). It is measured in its own language, with a formula made for it:

- English (and any language READABILITY_MEASURES does not name): two grade formulas from
  textstat, Flesch–Kincaid and SMOG (SMOG needs at least three sentences). A school grade:
  lower is easier, and a page should stay at or under its target (READABILITY_TARGET_GRADES,
  per content type and article kind).
- Spanish: Szigriszt-Pazos's perspicuity on the INFLESZ scale (Barrio-Cantalejo et al.,
  2008), 0–100: higher is easier, and a page should reach at least its target
  (READABILITY_TARGETS["es"]). Syllables are counted here by the rules of Spanish
  (diphthongs, hiatus, "y"), not with textstat, whose hyphenation dictionary never leaves a
  vowel alone ("agua", "día" and "país" would count as one syllable) and whose language is
  global state shared by every thread.

A page that misses its target needs the publishing reviewer's reason (`needs_reason`).

Medical words are the glossary's terms and synonyms in the text's language, whatever their
status, from every content type that declares `explains_terms`, plus a short built-in list
for that language. A word counts as explained when it is a link, or when the sentence
defines it ("X, the…", "X (…)", "X is a…", "X means…", "called X"; in Spanish "X, es decir…",
"X es un…", "X significa…", "llamado X").
"""

import html
import re
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.languages import source_language
from portal.text.embeds import embeds_in
from portal.text.markdown import to_html
from portal.text.terms import glossary_items, term_pattern

with warnings.catch_warnings():
    # textstat 0.7.4 imports pkg_resources, which warns that it is deprecated.
    warnings.simplefilter("ignore", UserWarning)
    from textstat.textstat import textstatistics

# Our own textstat instance, in English for good: textstat's shared one (`textstat.set_lang`)
# is global state that any other code may switch to another language.
_ENGLISH_STATISTICS = textstatistics()

LONG_SENTENCE_WORDS = 25
# Alt text that names the file rather than the picture: "IMG_2041.jpg", "scan.png", "DSC0042".
_FILE_NAME = re.compile(
    r"^\S*\.(?:jpe?g|png|webp|gif|svg|tiff?|heic|bmp|avif)$|^(?:img|dsc|dscn|pxl|screenshot|image)[ _-]?\d",
    re.IGNORECASE,
)
SMOG_MIN_SENTENCES = 3
# Grade formulas mean little on a few sentences: a shorter page is shown its grade but never
# held to its target (a glossary definition, a short summary).
MIN_WORDS_TO_JUDGE = 100
MAX_TEXT_LENGTH = 200_000

# Common medical words patients often do not know, checked even before the glossary has them.
BUILT_IN_TERMS = (
    "acute", "aetiology", "asymptomatic", "benign", "biopsy", "chronic", "comorbidity",
    "contraindicated", "haematologist", "idiopathic", "intravenous", "lesion", "malignant",
    "metastasis", "neuropathy", "oedema", "prognosis", "prophylaxis", "remission", "subcutaneous",
)  # fmt: skip
# The same in Spanish, both genders of each adjective. Everyday words ("agudo", "lesión") are left out.
BUILT_IN_TERMS_ES = (
    "asintomático", "asintomática", "benigno", "benigna", "biopsia", "comorbilidad", "contraindicado",
    "contraindicada", "crónico", "crónica", "edema", "etiología", "hematólogo", "hematóloga", "idiopático",
    "idiopática", "intravenoso", "intravenosa", "maligno", "maligna", "metástasis", "neuropatía",
    "profilaxis", "pronóstico", "remisión", "subcutáneo", "subcutánea",
)  # fmt: skip
BUILT_IN_TERMS_BY_LANGUAGE = {"en": BUILT_IN_TERMS, "es": BUILT_IN_TERMS_ES}

_DROPPED_BLOCKS = re.compile(r"<(h[1-6]|pre)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)
_BLOCK_END = re.compile(r"</(p|li|dd|dt|td|th|blockquote)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_LINK_TEXT = re.compile(r"<a\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>(.*?)</a>", re.DOTALL | re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")
# Other languages: a sentence may open with "¿", "¡" or "«", and with an accented capital ("Él").
_SENTENCE_END_ACCENTED = re.compile(r"(?<=[.!?])[\"'”’)»]*\s+(?=[\"'“‘(«¿¡]*[A-ZÀ-ÖØ-Þ0-9])")
_WORD = re.compile(r"[^\W_](?:[\w'’‑-]*[^\W_])?")
# "X (…)", "X, the…", "X: a…", "X is a…", "X means…"; before it: "called X".
_DEFINED_AFTER = (
    r"\s*(?:\(|[,:–—-]\s*(?:the|a|an|which|where|when|meaning|or|also|that)\b"
    r"|\s(?:is|are)\s+(?:a|an|the|when|what|where|how)\b|\s(?:means?|refers to|describes)\b)"
)
_DEFINED_BEFORE = r"(?:called|known as|named|termed)\s+(?:an?\s+|the\s+)?"
# Spanish: "X (…)", "X, es decir…", "X: una…", "X es un…", "X significa…"; before it: "llamado X".
_DEFINED_AFTER_ES = (
    r"\s*(?:\(|[,:–—-]\s*(?:el|la|los|las|un|una|unos|unas|que|es decir|o sea|o|cuando|donde|lo que)\b"
    r"|\s(?:es|son)\s+(?:un|una|el|la|los|las|lo|cuando|que|donde|como)\b"
    r"|\s(?:significa|significan|quiere decir|se refiere a|describe)\b)"
)
_DEFINED_BEFORE_ES = (
    r"(?:se llama|se llaman|llamad[oa]s?|conocid[oa]s? como|denominad[oa]s?)\s+(?:(?:el|la|los|las|un|una)\s+)?"
)
_DEFINITIONS = {"en": (_DEFINED_AFTER, _DEFINED_BEFORE), "es": (_DEFINED_AFTER_ES, _DEFINED_BEFORE_ES)}


@dataclass(frozen=True)
class Measure:
    """A readability formula for one language, and which way its numbers run."""

    code: str
    name: str | Promise  # as editors read it, with its scale
    higher_is_easier: bool
    # (lowest score, label) from the top down, for a scale with named bands
    bands: tuple[tuple[float, str | Promise], ...] = ()

    def misses(self, score: float, target: float) -> bool:
        """Whether a score is harder to read than the target allows."""
        return score < target if self.higher_is_easier else score > target

    def band(self, score: float) -> str:
        return next((str(label) for lowest, label in self.bands if score >= lowest), "")


FLESCH_KINCAID = Measure("flesch_kincaid", "Flesch–Kincaid", higher_is_easier=False)
# INFLESZ (Barrio-Cantalejo et al., Anales Sis San Navarra 2008), the scale Spanish health
# services read Szigriszt-Pazos's perspicuity on.
SZIGRISZT_PAZOS = Measure(
    "szigriszt_pazos",
    _("Szigriszt-Pazos, INFLESZ scale"),
    higher_is_easier=True,
    bands=(
        (80, pgettext_lazy("INFLESZ", "very easy")),
        (65, pgettext_lazy("INFLESZ", "fairly easy")),
        (55, pgettext_lazy("INFLESZ", "normal")),
        (40, pgettext_lazy("INFLESZ", "somewhat difficult")),
        (float("-inf"), pgettext_lazy("INFLESZ", "very difficult")),
    ),
)
MEASURES = {measure.code: measure for measure in (FLESCH_KINCAID, SZIGRISZT_PAZOS)}


@dataclass(frozen=True)
class Report:
    grade: float | None  # Flesch–Kincaid grade; None without any sentence, or for another measure
    smog: float | None  # SMOG grade; None below three sentences, or for another measure
    words: int
    sentences: int
    long_sentences: list[str] = field(default_factory=list)
    unexplained_terms: list[str] = field(default_factory=list)
    alt_text: list[dict] = field(default_factory=list)  # {"alt", "problem": "file_name" | "repeats_caption"}
    score: float | None = None  # the language's measure: the grade in English; None without any sentence
    measure: Measure = FLESCH_KINCAID

    def as_dict(self) -> dict:
        return {
            "grade": self.grade,
            "smog": self.smog,
            "score": self.score,
            "measure": self.measure.code,
            "higher_is_easier": self.measure.higher_is_easier,
            "words": self.words,
            "sentences": self.sentences,
            "long_sentences": [{"text": text, "words": count_words(text)} for text in self.long_sentences],
            "unexplained_terms": self.unexplained_terms,
            "alt_text": self.alt_text,
        }


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def blocks_of(html_text: str) -> list[str]:
    """Paragraphs, list items and cells of sanitised HTML as plain text, without headings or code."""
    text = _DROPPED_BLOCKS.sub("\n\n", html_text)
    text = _BLOCK_END.sub("\n\n", text)
    return [" ".join(_plain(block).split()) for block in re.split(r"\n\s*\n", text) if _plain(block).strip()]


def sentences_of(blocks: list[str], language: str = "en") -> list[str]:
    """Each block ends a sentence, punctuated or not (a list item, a table cell)."""
    ends = _SENTENCE_END if language == "en" else _SENTENCE_END_ACCENTED
    found = []
    for block in blocks:
        found += [sentence.strip() for sentence in ends.split(block) if sentence.strip()]
    return found


def _measured_text(sentences: list[str]) -> str:
    return " ".join(sentence if sentence[-1] in ".!?" else f"{sentence}." for sentence in sentences)


def is_explained(name: str, sentences: list[str], language: str = "en") -> bool:
    """Whether a sentence that uses `name` also says what it means."""
    word = term_pattern(name)
    after, before = _DEFINITIONS.get(language, _DEFINITIONS["en"])
    defined = re.compile(f"{word}{after}|{before}{word}", re.IGNORECASE)
    return any(defined.search(sentence) for sentence in sentences)


def unexplained_terms(html_text: str, sentences: list[str], names: list[str], language: str = "en") -> list[str]:
    """Names used in the text but neither linked nor defined where they are used, in order of use."""
    linked = " ".join(_plain(text) for text in _LINK_TEXT.findall(html_text))
    text = " ".join(sentences)
    found = []
    for name in sorted(set(names), key=len, reverse=True):
        pattern = re.compile(term_pattern(name), re.IGNORECASE)
        match = pattern.search(text)
        if match is None or pattern.search(linked):
            continue
        # A longer name already reported covers its parts ("plasma cell" in "plasma cell disorder").
        if any(re.search(term_pattern(name), longer, re.IGNORECASE) for _, longer in found):
            continue
        using = [sentence for sentence in sentences if pattern.search(sentence)]
        if not is_explained(name, using, language):
            found.append((match.start(), name))
    return [name for _, name in sorted(found)]


_SPANISH_VOWELS = frozenset("aeiouáéíóúü")
_SPANISH_STRONG = frozenset("aeoáéó")


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word as it is spoken: one per vowel group, where two strong vowels
    (a, e, o) or an accented weak one (í, ú) split a group (hiatus: "a-e-ro", "dí-a"), and "y"
    is a vowel unless a vowel follows it ("muy", "y"; "a-yu-da"). A word without vowels (a
    number) counts one."""
    letters = word.casefold()
    count, previous = 0, ""
    for index, letter in enumerate(letters):
        if letter == "y":
            following = letters[index + 1 : index + 2]
            letter = "" if following and following in _SPANISH_VOWELS else "i"
        if letter not in _SPANISH_VOWELS:
            previous = ""
            continue
        hiatus = bool(previous) and (
            (previous in _SPANISH_STRONG and letter in _SPANISH_STRONG)
            or previous in "íú"
            or letter in "íú"
            or previous == letter
        )
        if not previous or hiatus:  # a new vowel group, or a hiatus inside one
            count += 1
        previous = letter
    return max(count, 1)


def _flesch_kincaid(measured: str, sentences: list[str]) -> float:
    return round(_ENGLISH_STATISTICS.flesch_kincaid_grade(measured), 1)


def _szigriszt_pazos(measured: str, sentences: list[str]) -> float:
    """Szigriszt-Pazos (1993): 206.835 − 62.3 × syllables per word − words per sentence."""
    words = _WORD.findall(measured)
    if not words:
        return 0.0
    syllables = sum(spanish_syllables(word) for word in words)
    return round(206.835 - 62.3 * syllables / len(words) - len(words) / len(sentences), 1)


_SCORES = {"flesch_kincaid": _flesch_kincaid, "szigriszt_pazos": _szigriszt_pazos}


def measure_for(language: str | None = None) -> Measure:
    """The measure a text in `language` (the source language by default) is read with."""
    language = language or source_language()
    return MEASURES[settings.READABILITY_MEASURES.get(language, FLESCH_KINCAID.code)]


def built_in_terms(language: str) -> tuple[str, ...]:
    return BUILT_IN_TERMS_BY_LANGUAGE.get(language, ())


def analyse(text: str, markdown: bool = True, terms: list[str] | None = None, language: str | None = None) -> Report:
    """Readability of a Markdown text (or plain text, such as a summary) in `language` (the
    source language by default)."""
    language = language or source_language()
    measure = measure_for(language)
    html_text = to_html(text).html if markdown else html.escape(text)
    if not markdown:
        html_text = "".join(f"<p>{block}</p>" for block in re.split(r"\n\s*\n", html_text))
    sentences = sentences_of(blocks_of(html_text), language)
    measured = _measured_text(sentences)
    words = count_words(measured)
    names = list(built_in_terms(language)) + list(terms if terms is not None else medical_terms(language))
    score = _SCORES[measure.code](measured, sentences) if sentences else None
    grades = measure is FLESCH_KINCAID
    smog = None
    if grades and len(sentences) >= SMOG_MIN_SENTENCES:
        smog = round(_ENGLISH_STATISTICS.smog_index(measured), 1)
    return Report(
        grade=score if grades else None,
        smog=smog,
        words=words,
        sentences=len(sentences),
        long_sentences=[sentence for sentence in sentences if count_words(sentence) > LONG_SENTENCE_WORDS],
        unexplained_terms=unexplained_terms(html_text, sentences, names, language),
        alt_text=alt_text_problems(html_text),
        score=score,
        measure=measure,
    )


def _words_of(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def alt_text_problems(html_text: str) -> list[dict]:
    """Embedded images whose alt text is a file name or says again what the caption says:
    a screen reader would read out the name, or the same words twice."""
    found = []
    for embed in embeds_in(html_text):
        alt = embed.alt.strip()
        if not alt:
            continue
        if _FILE_NAME.search(alt):
            found.append({"alt": alt, "problem": "file_name"})
        elif embed.caption and _words_of(alt) == _words_of(embed.caption):
            found.append({"alt": alt, "problem": "repeats_caption"})
    return found


def medical_terms(language: str | None = None) -> list[str]:
    """Every name and synonym of every term in a glossary, whatever its status, in `language`
    (the source language by default): one query per glossary."""
    language = language or source_language()
    return [name for item in glossary_items(published=False, language=language) for name in item.term_names()]


def default_target_grade(language: str | None = None) -> float:
    language = language or source_language()
    if language in settings.READABILITY_TARGETS:
        return settings.READABILITY_TARGETS[language]["default"]
    return settings.READABILITY_DEFAULT_TARGET_GRADE


def target_grade(obj_or_model, kind: str = "", language: str | None = None) -> float:
    """The target of an item (or a content type) in `language` (an item's own, else the source
    language): READABILITY_TARGETS[language] or, for a language measured in grades,
    READABILITY_TARGET_GRADES; in either, ["<link scheme>.<kind>"] for an item with a kind
    (article.news), else ["<link scheme>"], else the default."""
    language = language or getattr(obj_or_model, "language", None)
    if not isinstance(language, str) or not language:
        language = source_language()
    targets = settings.READABILITY_TARGETS.get(language, settings.READABILITY_TARGET_GRADES)
    scheme = obj_or_model.link_scheme
    kind = kind or getattr(obj_or_model, "kind", "") or ""
    if isinstance(kind, str) and f"{scheme}.{kind}" in targets:
        return targets[f"{scheme}.{kind}"]
    return targets.get(scheme, default_target_grade(language))


def page_text(obj) -> str:
    """What patients read of an item: its summary (if any) and its Markdown fields."""
    parts = [getattr(obj, "summary", "") or ""] + [getattr(obj, name) or "" for name in obj.markdown_fields]
    return "\n\n".join(part for part in parts if part.strip())


def judged(grade: float | None, words: int, target: float, measure: Measure = FLESCH_KINCAID) -> bool:
    """Whether a text reads harder than its target (above a target grade, below a target score):
    only texts long enough to measure are judged."""
    return grade is not None and words >= MIN_WORDS_TO_JUDGE and measure.misses(grade, target)


@dataclass(frozen=True)
class PageGrade:
    grade: float | None  # the page's score on its language's measure: a grade in English
    words: int
    target: float
    measure: Measure = FLESCH_KINCAID

    @property
    def above_target(self) -> bool:
        """Harder to read than the target: above a target grade, or below a target score."""
        return judged(self.grade, self.words, self.target, self.measure)

    @property
    def band(self) -> str:
        return self.measure.band(self.grade) if self.grade is not None else ""


def grade_of(obj) -> PageGrade:
    """The page's readability in its own language."""
    language = getattr(obj, "language", None) or source_language()
    report = analyse(page_text(obj), terms=[], language=language)
    return PageGrade(grade=report.score, words=report.words, target=target_grade(obj), measure=report.measure)


def needs_reason(obj) -> PageGrade | None:
    """The page's grade when it reads harder than its target: publishing it then needs a reason."""
    grade = grade_of(obj)
    return grade if grade.above_target else None


def grade_text(grade: float) -> str:
    """A reading grade as people read numbers in the active language: 9.5, 9,5; 9 rather than 9.0."""
    return number_format(f"{grade:g}")


def grade_values(grade: PageGrade) -> dict[str, str]:
    """The %(grade)s and %(target)s of a message about a page's reading grade (and %(measure)s,
    the measure's name, for a message about another measure's score)."""
    return {"grade": grade_text(grade.grade), "target": grade_text(grade.target), "measure": str(grade.measure.name)}


def publish_note(grade: PageGrade, reason: str) -> str:
    """The history line's addition when a reviewer publishes a page harder than its target."""
    if grade.measure.higher_is_easier:
        message = gettext(
            "at reading ease %(grade)s (%(measure)s), below the target of at least %(target)s, because: %(reason)s"
        )
    else:
        message = gettext("at reading grade %(grade)s, above the target of %(target)s, because: %(reason)s")
    return message % {**grade_values(grade), "reason": reason}


def reason_needed_message(grade: PageGrade) -> str:
    """What a reviewer approving a page harder than its target is told."""
    if grade.measure.higher_is_easier:
        message = gettext(
            "This page reads at %(grade)s (%(measure)s), below its target of at least %(target)s: give the "
            "reason to publish it as it is, or ask for it to be made simpler."
        )
    else:
        message = gettext(
            "This page reads at grade %(grade)s, above its target of %(target)s: give the reason "
            "to publish it as it is, or ask for it to be made simpler."
        )
    return message % grade_values(grade)


def not_published_message(obj, grade: PageGrade) -> str:
    if grade.measure.higher_is_easier:
        message = gettext(
            "“%(item)s” was not published: it reads at %(grade)s (%(measure)s), below its target of at least "
            "%(target)s. Open it and publish it from its page, giving the reason."
        )
    else:
        message = gettext(
            "“%(item)s” was not published: it reads at grade %(grade)s, above its target of %(target)s. "
            "Open it and publish it from its page, giving the reason."
        )
    return message % {"item": obj, **grade_values(grade)}
