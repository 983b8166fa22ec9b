"""What a Dask worker must share with the client (dask_env), and folders as bytes (dask_transfer)."""

from __future__ import annotations

from importlib import metadata

from nncourse.grading.schedule import dask_env, dask_transfer
from nncourse.lock import Pin


def test_the_client_s_own_environment_has_no_difference():
    assert dask_env.differences(dask_env.expected()) == []


def test_each_difference_is_named():
    here = dask_env.expected()
    numpy = metadata.version("numpy")
    wanted = dask_env.Expected(
        (Pin("numpy", "1.0.0"), Pin("no-such-package-xyz", "2.0"),
         Pin("numpy", "0.1", 'python_version < "3"')),
        "0" * 64,
        "2.7",
    )
    assert dask_env.differences(wanted) == [
        f"Python {here.python} (the client runs 2.7)",
        f"numpy {numpy} is installed, uv.lock pins 1.0.0",
        "no-such-package-xyz is not installed (uv.lock pins 2.0)",
        "the grader's sources (nncourse/grading) differ from the client's: "
        "check out the same commit of the course repository on this host",
    ]  # the pin for Python 2 does not apply here, so it is not compared


def test_a_folder_travels_whole_and_caches_stay_behind(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.db").write_bytes(b"\0rows")
    (tmp_path / "a" / "__pycache__").mkdir()
    (tmp_path / "a" / "__pycache__" / "m.pyc").write_bytes(b"cache")
    data = dask_transfer.pack([(tmp_path / "a", "course"), (tmp_path / "missing", "gone")])
    out = dask_transfer.unpack(data, tmp_path / "out")
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == ["course/b/x.db"]
    assert (out / "course" / "b" / "x.db").read_bytes() == b"\0rows"
    assert dask_transfer.digest(data) == dask_transfer.digest(bytes(data))
    assert dask_transfer.digest(data) != dask_transfer.digest(data + b"\0")
