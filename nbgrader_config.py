"""nbgrader configuration for the course folder (this repository's root).

Instructor notebooks live in source/neural_networks/; `nbgrader generate_assignment
neural_networks` writes the student versions to notebooks/neural_networks/.
"""

import os

c = get_config()  # noqa: F821 - injected by traitlets when nbgrader loads this file

ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = ROOT
c.CourseDirectory.course_id = "nn-from-scratch"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, "gradebook.db")

# Students' blanks: the stub every solution region is replaced with.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Timeouts, in seconds. A test cell that trains the spiral network needs the most
# (about 5 s on the reference); 120 s leaves room for slow student code on a busy
# machine while an infinite loop still fails within two minutes.
# Execute.timeout is for plain `nbgrader autograde` in this folder (what `nncourse mutants`
# and the benchmark's sequential baseline run). `nncourse grade` does not read it: it sets
# its own cell time limit from nncourse.grading.GradingOptions.cell_timeout (--timeout), and
# tests/grading/test_nbconfig.py checks that the two defaults agree.
c.Execute.timeout = 120
c.Execute.startup_timeout = 60
c.Execute.interrupt_on_timeout = True
# nbclient can sleep through a reply while its Output widget talks to the kernel, and
# then waits for the whole timeout (notebook 06's explorer): see autograder/kernel_client.py.
# (nbgrader's Execute fixes its kernel manager class, so the client is set on the manager.)
c.AsyncKernelManager.client_class = "autograder.kernel_client.PromptKernelClient"

# `nbgrader validate` cuts each line of a failure at Validator.width (90 by default): show hints whole.
c.Validator.width = 10_000

# Keep graded outputs readable in feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60

# Feedback pages never show the hidden tests. nbgrader's own feedback shows every graded
# cell's source, hidden tests included (by design: jupyter/nbgrader#917), and their
# tracebacks; a student who may resubmit then knows the hidden checks and their seeds. The
# preprocessor `nncourse grade` uses removes the hidden regions and redacts the tracebacks in
# plain `nbgrader generate_feedback` (and formgrader's feedback button) too.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from nncourse.grading.report.feedback import FeedbackNotes  # noqa: E402

c.GenerateFeedback.preprocessors = [FeedbackNotes, GetGrades, CSSHTMLHeaderPreprocessor]
