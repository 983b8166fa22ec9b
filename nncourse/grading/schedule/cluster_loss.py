"""A Dask run that cannot go on: the scheduler went away, or no worker grades for it any more.

Both end the run as an interruption does (:class:`..api.GradingInterrupted`): what is graded
is kept in the output folder's store, no output is replaced, and the same command resumes.
Each has its own exit status (:attr:`ClusterLost.exit_status`, listed in the README's "Grading
on a cluster"), so a script can tell them from Ctrl-C (130) and from a failed run (1).
"""

from __future__ import annotations


class ClusterLost(Exception):
    """The Dask cluster at ADDRESS can no longer grade this run (see the subclasses)."""

    exit_status = 4
    what_to_do = ""
    """How to resume, appended to the run's one line."""

    def __init__(self, address: str, why: str) -> None:
        self.address, self.why = address, why
        super().__init__(why)


class SchedulerLost(ClusterLost):
    """The client lost its connection to the scheduler (it died, or the network did)."""

    exit_status = 4

    def __init__(self, address: str) -> None:
        super().__init__(address, f"the Dask scheduler at {address} went away")
        self.what_to_do = "start it again and run the same command to resume"


class NoWorkers(ClusterLost):
    """No worker graded for the run during WAITED seconds (all gone, or all refused)."""

    exit_status = 5

    def __init__(self, address: str, waited: float) -> None:
        super().__init__(address, f"no Dask worker of {address} graded for {waited:g} s (--worker-wait)")
        self.what_to_do = f"start workers (`dask worker {address}`) and run the same command to resume"
