"""English dates in words, as on every public page: 18 October 2025."""

DATE_FORMAT = "j F Y"
