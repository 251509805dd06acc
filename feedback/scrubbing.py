"""Personal data out of patients' free text, before it is written anywhere.

`scrub(text)` finds e-mail addresses, phone numbers (Google's libphonenumber, through the
`phonenumbers` package, for the United Kingdom, Spain and the United States, and any number
written with its country code), postal codes (UK, US ZIP, Spanish), dates of birth, NHS
numbers (mod-11 check digit), US Social Security numbers, Medicare numbers (US Medicare
Beneficiary Identifiers, Australian Medicare numbers with their check digit) and Spanish
DNI and NIE numbers (with their check letter), and replaces each with REMOVED. It returns the
text left and how many of each kind it removed.

It leans towards removing: a phone-like number is removed even when it was a reference
number. What it keeps on purpose, because feedback about a health page is full of them:
doses ("20 mg", "1,000 units"), years alone ("2024"), ICD-10 codes ("D47.2"), lab values
("VEGF 1200 pg/mL"), and dates that are not a birth date: a full date is a date of birth when
a word near it says so ("born", "DOB", "fecha de nacimiento"…) or when it is more than
BIRTH_YEARS_AGO years back, which a page's review date is not. The labelled examples in
tests/feedback/scrubbing_examples.json and `bench/scrubbing.py` measure what it catches.
"""

import re
from dataclasses import dataclass

import phonenumbers
from django.utils import timezone

REMOVED = "[…]"
BIRTH_YEARS_AGO = 10
PHONE_REGIONS = ("GB", "ES", "US")

EMAIL = "email"
PHONE = "phone"
POSTCODE = "postcode"
DATE_OF_BIRTH = "date_of_birth"
NHS = "nhs"
SSN = "ssn"
MEDICARE = "medicare"
DNI_NIE = "dni_nie"
KINDS = (EMAIL, PHONE, POSTCODE, DATE_OF_BIRTH, NHS, SSN, MEDICARE, DNI_NIE)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Scrubbed:
    text: str
    counts: dict[str, int]  # kind -> how many were removed; kinds with none are left out
    found: tuple[Found, ...]


_EMAIL = re.compile(r"[\w.+-]+(?:@|\s*\(at\)\s*|\s+at\s+)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
_EMAIL_STRICT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)

_NHS = re.compile(r"(?<![\w-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w-])")
_SSN = re.compile(r"(?<![\w-])(\d{3})([ -])(\d{2})\2(\d{4})(?![\w-])")
_SSN_CUE = re.compile(
    r"\b(?:ssn|social\s+security(?:\s+(?:number|no\.?|#))?)\s*(?:is|:|#|number|no\.?)?\s*(\d{9})\b", re.IGNORECASE
)
# A US Medicare Beneficiary Identifier: 11 characters, letters other than S, L, O, I, B and Z.
_MBI_LETTER = "AC-HJKMNP-RT-Y"
_MBI = re.compile(
    rf"(?<![\w-])[1-9][{_MBI_LETTER}][{_MBI_LETTER}\d]\d-?[{_MBI_LETTER}][{_MBI_LETTER}\d]\d-?"
    rf"[{_MBI_LETTER}][{_MBI_LETTER}]\d\d(?![\w-])",
    re.IGNORECASE,
)
_AU_MEDICARE = re.compile(r"(?<![\w-])([2-6]\d{3}) ?(\d{5}) ?(\d)(?:[ /-]?(\d))?(?![\w-])")
_DNI = re.compile(r"(?<![\w-])(\d{8})[ -]?([A-Z])(?![\w-])", re.IGNORECASE)
_NIE = re.compile(r"(?<![\w-])([XYZ])[ -]?(\d{7})[ -]?([A-Z])(?![\w-])", re.IGNORECASE)
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"

_UK_POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})(?![\w-])",
    re.IGNORECASE,
)
_US_STATES = (  # two-letter codes of the states, DC and Puerto Rico
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|"
    "NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_ZIP_PLUS_FOUR = re.compile(r"(?<![\w-])\d{5}-\d{4}(?![\w-])")
_ZIP_AFTER_STATE = re.compile(rf"\b(?:{_US_STATES}),?\s+(\d{{5}})(?![\w-])")
_POSTCODE_CUE = re.compile(
    r"\b(?:zip(?:\s*code)?|post(?:al)?\s*code|postcode|c\.\s?p\.|cp|c[oó]digo\s+postal)\s*[:#]?\s*(\d{5})(?![\w-])",
    re.IGNORECASE,
)
# A Spanish postal code (01000–52999) before a place name: "28013 Madrid".
_ES_POSTCODE_PLACE = re.compile(r"(?<![\w.,-])((?:0[1-9]|[1-4]\d|5[0-2])\d{3})\s+(?=[A-ZÁÉÍÓÚÑ][a-záéíóúñ]{2,})")

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)
_DATES = [
    re.compile(r"(?<![\w/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\w/-]|\.\d)"),
    re.compile(r"(?<![\w/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w/-])"),
    re.compile(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th|º)?\s+(?:de\s+|of\s+)?({_MONTHS})\.?,?\s+(?:de\s+|del\s+)?(\d{{4}})\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE),
]
_BIRTH_CUE = re.compile(
    r"(?:\bborn\b|\bbirth|\bd\.?o\.?b\b|\bbday\b|\bbirthday|nac[ií](?:da|do|miento)|\bf\.?\s?nac\b|cumpleaños)",
    re.IGNORECASE,
)


def scrub(text: str) -> Scrubbed:
    """`text` with the personal data removed, and what was removed."""
    # Where two finders claim overlapping text, the span that starts first (the longer one
    # when both start together) is removed: "+1 415 555 2671" is a phone number, not the NHS
    # number its last ten digits would make.
    found = _without_overlaps(
        [item for finder in (_emails, _national_numbers, _postcodes, _dates_of_birth, _phones) for item in finder(text)]
    )
    pieces, position = [], 0
    for item in found:
        pieces += [text[position : item.start], REMOVED]
        position = item.end
    pieces.append(text[position:])
    counts: dict[str, int] = {}
    for item in found:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return Scrubbed("".join(pieces), counts, tuple(found))


def _emails(text: str) -> list[Found]:
    found = [Found(m.start(), m.end(), EMAIL) for m in _EMAIL_STRICT.finditer(text)]
    # Spelled out to get past filters ("jane at example dot com" is left to people, not regexes).
    found += [
        Found(m.start(), m.end(), EMAIL)
        for m in _EMAIL.finditer(text)
        if not any(f.start < m.end() and m.start() < f.end for f in found)
    ]
    return found


def _national_numbers(text: str) -> list[Found]:
    found = []
    for m in _NIE.finditer(text):
        number = int(str("XYZ".index(m.group(1).upper())) + m.group(2))
        if _DNI_LETTERS[number % 23] == m.group(3).upper():
            found.append(Found(m.start(), m.end(), DNI_NIE))
    for m in _DNI.finditer(text):
        if _DNI_LETTERS[int(m.group(1)) % 23] == m.group(2).upper():
            found.append(Found(m.start(), m.end(), DNI_NIE))
    for m in _SSN.finditer(text):
        if _valid_ssn(m.group(1), m.group(3), m.group(4)):
            found.append(Found(m.start(), m.end(), SSN))
    for m in _SSN_CUE.finditer(text):
        digits = m.group(1)
        if _valid_ssn(digits[:3], digits[3:5], digits[5:]):
            found.append(Found(m.start(1), m.end(1), SSN))
    for m in _NHS.finditer(text):
        if _valid_nhs(m.group(1) + m.group(2) + m.group(3)):
            found.append(Found(m.start(), m.end(), NHS))
    found += [Found(m.start(), m.end(), MEDICARE) for m in _MBI.finditer(text)]
    for m in _AU_MEDICARE.finditer(text):
        digits = m.group(1) + m.group(2)
        if _valid_au_medicare(digits, m.group(3)) and not _overlaps(found, m.start(), m.end()):
            found.append(Found(m.start(), m.end(), MEDICARE))
    return _without_overlaps(found)


def _postcodes(text: str) -> list[Found]:
    found = [Found(m.start(), m.end(), POSTCODE) for m in _UK_POSTCODE.finditer(text) if _looks_like_uk(m.group())]
    found += [Found(m.start(), m.end(), POSTCODE) for m in _ZIP_PLUS_FOUR.finditer(text)]
    for pattern in (_ZIP_AFTER_STATE, _POSTCODE_CUE, _ES_POSTCODE_PLACE):
        found += [Found(m.start(1), m.end(1), POSTCODE) for m in pattern.finditer(text)]
    return _without_overlaps(found)


def _looks_like_uk(candidate: str) -> bool:
    """A UK postcode has letters in its first part and a space or a capital letter inward code:
    "sw1a 1aa" is one; ICD-10 codes and lab values never match the pattern anyway."""
    return any(ch.isalpha() for ch in candidate[:2]) and (" " in candidate or candidate.isupper())


def _dates_of_birth(text: str) -> list[Found]:
    this_year = timezone.localdate().year
    found = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            year = _year_of(m)
            if year is None:
                continue
            window = text[max(0, m.start() - 40) : m.start()] + text[m.end() : m.end() + 12]
            if _BIRTH_CUE.search(window) or (1900 <= year <= this_year - BIRTH_YEARS_AGO):
                found.append(Found(m.start(), m.end(), DATE_OF_BIRTH))
    return _without_overlaps(found)


def _year_of(match: re.Match) -> int | None:
    groups = match.groups()
    digits = [g for g in groups if g and g.isdigit()]
    if len(groups[0]) == 4 and groups[0].isdigit():  # 1985-03-12
        year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
    elif len(digits) == 3:  # 12/03/1985 or 03/12/85
        day, month, year = int(groups[0]), int(groups[1]), int(groups[2])
        if month > 12:
            day, month = month, day
        if len(groups[2]) == 2:
            year += 1900 if year > timezone.localdate().year % 100 else 2000
    else:  # a month in words
        day = int(digits[0])
        month, year = 1, int(digits[-1])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return year


def _phones(text: str) -> list[Found]:
    """Numbers libphonenumber finds valid for a region, and numbers that are only possible
    ones (a range not yet allocated, a made-up number) when they are written like a phone
    number: nine digits or more, starting with +, ( or 0."""
    found: list[Found] = []
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            digits = sum(ch.isdigit() for ch in match.raw_string)
            valid = phonenumbers.is_valid_number(match.number)
            if (valid or (digits >= 9 and match.raw_string[0] in "+(0")) and not _overlaps(
                found, match.start, match.end
            ):
                found.append(Found(match.start, match.end, PHONE))
    return found


def _valid_nhs(digits: str) -> bool:
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _valid_ssn(area: str, group: str, serial: str) -> bool:
    return area not in {"000", "666"} and not area.startswith("9") and group != "00" and serial != "0000"


def _valid_au_medicare(digits: str, check: str) -> bool:
    weights = (1, 3, 7, 9, 1, 3, 7, 9)
    return sum(int(d) * w for d, w in zip(digits[:8], weights, strict=True)) % 10 == int(digits[8])


def _overlaps(found: list[Found], start: int, end: int) -> bool:
    return any(item.start < end and start < item.end for item in found)


def _without_overlaps(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not _overlaps(kept, item.start, item.end):
            kept.append(item)
    return kept
