"""Read queries behind the API and the dashboard, on the store's SQLAlchemy models.

Each function takes a :class:`sqlalchemy.orm.Session` and keyword-only options and returns
plain JSON-ready dicts.
"""
