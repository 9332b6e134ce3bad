"""The interface's words in English and Korean: one catalog per language, looked up by key.

Pages never hold interface text; they ask :func:`text` for a key in the reader's language.
"""

from app.i18n.catalog import LANGUAGES, Language, language_of, text

__all__ = ["LANGUAGES", "Language", "language_of", "text"]
