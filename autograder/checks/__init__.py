"""One check per blank, called from the notebooks' test cells: ``check_sigmoid(sigmoid)``.

Each check goes type -> shape -> values -> gradient -> properties, prints one
line starting with "✓" when everything passes, and otherwise raises
``CheckFailed`` (an AssertionError) whose message names the variable, shows
expected against got and, when it can, the likely mistake.
"""

# Every check of a blank that calls the student's other blanks (those with a stored reference
# trace) explains a failure by those calls when it can: autograder/call_trace.py.
from autograder.call_trace import with_call_traces as _with_call_traces
from autograder.checks.activations import *  # noqa: F403
from autograder.checks.backprop import *  # noqa: F403
from autograder.checks.forward_pass import *  # noqa: F403
from autograder.checks.losses import *  # noqa: F403
from autograder.checks.perceptron import *  # noqa: F403
from autograder.checks.training import *  # noqa: F403
from autograder.checks.what_next import *  # noqa: F403
from autograder.source_facts import judging as _judging

globals().update(_with_call_traces(globals()))

# Every check judges its hints against the student's source: a hint never proposes a change the
# code cannot contain. Wrapped here, once, for every check, around the call traces' wrapper.
for _name, _check in list(globals().items()):
    if _name.startswith("check_") and callable(_check):
        globals()[_name] = _judging(_check)
del _name, _check
