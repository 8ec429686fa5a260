"""The store: SQLAlchemy 2 over SQLite (WAL, foreign keys on) or any ``KIT_DATABASE_URL``."""
