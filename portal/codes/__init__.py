"""Clinical codes: code systems, validation and ICD-10-CM look-ups, and their admin inline."""
