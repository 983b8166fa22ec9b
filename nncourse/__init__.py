"""Instructor tooling for the course: release, validate, grade, demo (not shipped to students)."""
