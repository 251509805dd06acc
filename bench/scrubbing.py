"""How well feedback's free text is cleared of personal data (feedback/scrubbing.py).

Runs the scrubber over the labelled examples in tests/feedback/scrubbing_examples.json (each
a text and the pieces of personal data in it, with their kind) and prints, per kind, the
recall (pieces wholly removed / pieces labelled) and the false positives (removed spans that
touch no labelled piece, counted under the kind the scrubber gave them), as Markdown.
Usage:

    python bench/scrubbing.py

tests/feedback/test_scrubbing.py holds the scrubber to thresholds on the same examples.
"""

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "feedback" / "scrubbing_examples.json"


@dataclass
class Measure:
    labelled: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    false_positives: Counter = field(default_factory=Counter)
    negatives: int = 0
    negatives_touched: int = 0
    missed: list = field(default_factory=list)
    wrongly_removed: list = field(default_factory=list)

    def recall(self, kind: str) -> float:
        return self.removed[kind] / self.labelled[kind] if self.labelled[kind] else 1.0


def measure(examples: list[dict]) -> Measure:
    from feedback.scrubbing import scrub  # needs Django's settings, configured by the caller

    result = Measure()
    for example in examples:
        text, labels = example["text"], example["remove"]
        found = scrub(text).found
        spans = []
        for kind, value in labels:
            start = text.index(value)
            spans.append((start, start + len(value)))
            result.labelled[kind] += 1
            if any(item.start <= start and start + len(value) <= item.end for item in found):
                result.removed[kind] += 1
            else:
                result.missed.append((kind, value, text))
        for item in found:
            if not any(item.start < end and start < item.end for start, end in spans):
                result.false_positives[item.kind] += 1
                result.wrongly_removed.append((item.kind, text[item.start : item.end], text))
        if not labels:
            result.negatives += 1
            result.negatives_touched += bool(found)
    return result


def load_examples() -> list[dict]:
    return json.loads(EXAMPLES.read_text())


def as_markdown(result: Measure) -> str:
    from feedback.scrubbing import KINDS

    lines = ["| kind | labelled | removed | recall | false positives |", "| --- | ---: | ---: | ---: | ---: |"]
    for kind in KINDS:
        lines.append(
            f"| {kind} | {result.labelled[kind]} | {result.removed[kind]} | {result.recall(kind):.0%} "
            f"| {result.false_positives[kind]} |"
        )
    total = sum(result.labelled.values())
    lines.append(
        f"| all | {total} | {sum(result.removed.values())} | {sum(result.removed.values()) / total:.0%} "
        f"| {sum(result.false_positives.values())} |"
    )
    lines.append("")
    lines.append(
        f"Texts with no personal data: {result.negatives}, of which {result.negatives_touched} lost something."
    )
    for kind, value, text in result.missed:
        lines.append(f"- missed ({kind}): `{value}` in “{text}”")
    for kind, value, text in result.wrongly_removed:
        lines.append(f"- removed as {kind} but not personal: `{value}` in “{text}”")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    examples = load_examples()
    print(f"{len(examples)} examples, {sum(len(e['remove']) for e in examples)} labelled pieces\n")
    print(as_markdown(measure(examples)))
