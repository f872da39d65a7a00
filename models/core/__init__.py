"""The house's foundations: the database, its entities' base, errors, lists, settings, files, the lock, the people import."""
