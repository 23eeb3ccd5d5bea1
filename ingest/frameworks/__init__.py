"""Frameworks in the store: the catalogue of built-in and evaluator-added frameworks, the settings file, the commands."""
