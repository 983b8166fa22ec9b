"""Reference implementation of every blank in the course notebooks.

Instructors and CI only: this package never ships to students (the wheel holds
``autograder`` alone, and ``nncourse release`` leaves it out of the bundle).
Each module mirrors one notebook, and every function here is the code of one
solution region in ``source/`` (a test compares their ASTs).
"""
