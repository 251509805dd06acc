"""Search: one search document per content item, full text on PostgreSQL and a trigram
counterpart on SQLite.
"""
