"""Operations: settings read from the environment, logs, security (CSP, lock-out, NUL guard,
uploads), content backup and database helpers.
"""
