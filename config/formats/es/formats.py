"""Spanish dates in words: 18 de octubre de 2025."""

DATE_FORMAT = r"j \d\e F \d\e Y"
