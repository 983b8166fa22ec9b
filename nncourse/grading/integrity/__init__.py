"""Integrity: tests the student cannot change (:mod:`.tamper`), cheating flagged (:mod:`.cheats`),
hidden tests never shown (:mod:`.redact`)."""
