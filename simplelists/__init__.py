"""Simple Lists: a small, fast, secure family to-do and shopping list web app."""

__version__ = "1.0.0"
