"""The adversarial corpus: students that break the grader in every known way (see :mod:`.build`)."""
