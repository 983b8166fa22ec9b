"""Scheduling: a :mod:`.pool` of :mod:`.worker` processes, one gradebook each, merged by :mod:`.merge`."""
