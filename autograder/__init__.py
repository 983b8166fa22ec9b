"""Checks for the neural-networks-from-scratch notebooks.

Students receive this package. It holds no solution code: checks compare
against stored known values (``fixtures/``), central differences of the
student's own functions, and properties.

    from autograder.checks import check_sigmoid
    check_sigmoid(sigmoid)
"""

__version__ = "0.1.0"

from autograder.undefined_names import install as _install_name_hints

_install_name_hints()
