"""One package per language: each defines ``LANGUAGE``, a ``factcheck.langdata.LanguageData``."""
