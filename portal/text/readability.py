"""Plain language: how hard a text is to read, and which medical words it leaves unexplained.

The text is measured as patients will read it: Markdown is rendered through the one
Markdown path, then headings, code, list markers and link addresses are left out (a link
counts by its words). Two grade formulas come from textstat: Flesch–Kincaid and SMOG
(SMOG needs at least three sentences). A page's target grade is a setting per content
type and article kind (READABILITY_TARGET_GRADES); a page above it needs the publishing
reviewer's reason (`needs_reason`).

Medical words are the glossary's terms and synonyms, whatever their status, from every
content type that declares `explains_terms`, plus a short built-in list. A word counts as
explained when it is a link, or when the sentence defines it ("X, the…", "X (…)", "X is a…",
"X means…", "called X").
"""

import html
import re
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

from portal.text.markdown import to_html
from portal.text.terms import glossary_items, term_pattern

with warnings.catch_warnings():
    # textstat 0.7.4 imports pkg_resources, which warns that it is deprecated.
    warnings.simplefilter("ignore", UserWarning)
    import textstat

LONG_SENTENCE_WORDS = 25
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

_DROPPED_BLOCKS = re.compile(r"<(h[1-6]|pre)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)
_BLOCK_END = re.compile(r"</(p|li|dd|dt|td|th|blockquote)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_LINK_TEXT = re.compile(r"<a\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>(.*?)</a>", re.DOTALL | re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")
_WORD = re.compile(r"[^\W_](?:[\w'’‑-]*[^\W_])?")
# "X (…)", "X, the…", "X: a…", "X is a…", "X means…"; before it: "called X".
_DEFINED_AFTER = (
    r"\s*(?:\(|[,:–—-]\s*(?:the|a|an|which|where|when|meaning|or|also|that)\b"
    r"|\s(?:is|are)\s+(?:a|an|the|when|what|where|how)\b|\s(?:means?|refers to|describes)\b)"
)
_DEFINED_BEFORE = r"(?:called|known as|named|termed)\s+(?:an?\s+|the\s+)?"


@dataclass(frozen=True)
class Report:
    grade: float | None  # Flesch–Kincaid grade; None without any sentence
    smog: float | None  # SMOG grade; None below three sentences
    words: int
    sentences: int
    long_sentences: list[str] = field(default_factory=list)
    unexplained_terms: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "grade": self.grade,
            "smog": self.smog,
            "words": self.words,
            "sentences": self.sentences,
            "long_sentences": [{"text": text, "words": count_words(text)} for text in self.long_sentences],
            "unexplained_terms": self.unexplained_terms,
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


def sentences_of(blocks: list[str]) -> list[str]:
    """Each block ends a sentence, punctuated or not (a list item, a table cell)."""
    found = []
    for block in blocks:
        found += [sentence.strip() for sentence in _SENTENCE_END.split(block) if sentence.strip()]
    return found


def _measured_text(sentences: list[str]) -> str:
    return " ".join(sentence if sentence[-1] in ".!?" else f"{sentence}." for sentence in sentences)


def is_explained(name: str, sentences: list[str]) -> bool:
    """Whether a sentence that uses `name` also says what it means."""
    word = term_pattern(name)
    defined = re.compile(f"{word}{_DEFINED_AFTER}|{_DEFINED_BEFORE}{word}", re.IGNORECASE)
    return any(defined.search(sentence) for sentence in sentences)


def unexplained_terms(html_text: str, sentences: list[str], names: list[str]) -> list[str]:
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
        if not is_explained(name, using):
            found.append((match.start(), name))
    return [name for _, name in sorted(found)]


def analyse(text: str, markdown: bool = True, terms: list[str] | None = None) -> Report:
    """Readability of a Markdown text (or plain text, such as a summary)."""
    html_text = to_html(text).html if markdown else html.escape(text)
    if not markdown:
        html_text = "".join(f"<p>{block}</p>" for block in re.split(r"\n\s*\n", html_text))
    sentences = sentences_of(blocks_of(html_text))
    measured = _measured_text(sentences)
    words = count_words(measured)
    names = list(BUILT_IN_TERMS) + list(terms if terms is not None else medical_terms())
    return Report(
        grade=round(textstat.flesch_kincaid_grade(measured), 1) if sentences else None,
        smog=round(textstat.smog_index(measured), 1) if len(sentences) >= SMOG_MIN_SENTENCES else None,
        words=words,
        sentences=len(sentences),
        long_sentences=[sentence for sentence in sentences if count_words(sentence) > LONG_SENTENCE_WORDS],
        unexplained_terms=unexplained_terms(html_text, sentences, names),
    )


def medical_terms() -> list[str]:
    """Every name and synonym of every term in a glossary, whatever its status: one query per glossary."""
    return [name for item in glossary_items(published=False) for name in item.term_names()]


def default_target_grade() -> float:
    return settings.READABILITY_DEFAULT_TARGET_GRADE


def target_grade(obj_or_model, kind: str = "") -> float:
    """READABILITY_TARGET_GRADES["<link scheme>.<kind>"] for an item with a kind (article.news),
    else ["<link scheme>"], else the default."""
    targets = settings.READABILITY_TARGET_GRADES
    scheme = obj_or_model.link_scheme
    kind = kind or getattr(obj_or_model, "kind", "") or ""
    if isinstance(kind, str) and f"{scheme}.{kind}" in targets:
        return targets[f"{scheme}.{kind}"]
    return targets.get(scheme, default_target_grade())


def page_text(obj) -> str:
    """What patients read of an item: its summary (if any) and its Markdown fields."""
    parts = [getattr(obj, "summary", "") or ""] + [getattr(obj, name) or "" for name in obj.markdown_fields]
    return "\n\n".join(part for part in parts if part.strip())


def judged(grade: float | None, words: int, target: float) -> bool:
    """Whether a text reads above its target: only texts long enough to measure are judged."""
    return grade is not None and words >= MIN_WORDS_TO_JUDGE and grade > target


@dataclass(frozen=True)
class PageGrade:
    grade: float | None
    words: int
    target: float

    @property
    def above_target(self) -> bool:
        return judged(self.grade, self.words, self.target)


def grade_of(obj) -> PageGrade:
    report = analyse(page_text(obj), terms=[])
    return PageGrade(grade=report.grade, words=report.words, target=target_grade(obj))


def needs_reason(obj) -> PageGrade | None:
    """The page's grade when it reads above its target: publishing it then needs a reason."""
    grade = grade_of(obj)
    return grade if grade.above_target else None


def grade_text(grade: float) -> str:
    """A reading grade as people read numbers in the active language: 9.5, 9,5; 9 rather than 9.0."""
    return number_format(f"{grade:g}")


def grade_values(grade: PageGrade) -> dict[str, str]:
    """The %(grade)s and %(target)s of a message about a page's reading grade."""
    return {"grade": grade_text(grade.grade), "target": grade_text(grade.target)}


def publish_note(grade: PageGrade, reason: str) -> str:
    """The history line's addition when a reviewer publishes above the target grade."""
    return gettext("at reading grade %(grade)s, above the target of %(target)s, because: %(reason)s") % {
        **grade_values(grade),
        "reason": reason,
    }


def not_published_message(obj, grade: PageGrade) -> str:
    return gettext(
        "“%(item)s” was not published: it reads at grade %(grade)s, above its target of %(target)s. "
        "Open it and publish it from its page, giving the reason."
    ) % {"item": obj, **grade_values(grade)}
