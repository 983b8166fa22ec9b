"""Instructor tooling for the course: release, validate, grade, demo (not shipped to students)."""

import sys

# jsonschema (under nbformat) imports rfc3987_syntax when it is installed, only to
# check "iri" string formats that notebooks never use, and that import builds a
# grammar: 2.6 s in every grading process. Without it the format is not checked.
sys.modules.setdefault("rfc3987_syntax", None)
