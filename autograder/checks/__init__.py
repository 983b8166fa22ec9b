"""One check per blank, called from the notebooks' test cells: ``check_sigmoid(sigmoid)``.

Each check goes type -> shape -> values -> gradient -> properties, prints one
line starting with "✓" when everything passes, and otherwise raises
``CheckFailed`` (an AssertionError) whose message names the variable, shows
expected against got and, when it can, the likely mistake.
"""

from autograder.checks.activations import *  # noqa: F403
from autograder.checks.backprop import *  # noqa: F403
from autograder.checks.forward_pass import *  # noqa: F403
from autograder.checks.losses import *  # noqa: F403
from autograder.checks.perceptron import *  # noqa: F403
from autograder.checks.training import *  # noqa: F403
from autograder.checks.what_next import *  # noqa: F403

# Every check judges its hints against the student's source (``autograder.source_facts``): a hint
# never proposes a change the code cannot contain. Wrapped here, once, for every check.
from autograder.source_facts import judging as _judging

for _name, _check in list(globals().items()):
    if _name.startswith("check_") and callable(_check):
        globals()[_name] = _judging(_check)
del _name, _check
