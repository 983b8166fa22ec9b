"""What the adversarial students typed into the real notebooks' blanks.

Each constant replaces one solution cell (its grade id is in the name's prefix:
``SOFTMAX_*`` goes into ``softmax``...). Loops sleep rather than spin, so the
corpus does not steal CPU from the other grading worker on a small machine.
"""

import inspect

import solutions.losses
import solutions.perceptron

# -- kernel trouble -----------------------------------------------------------------------------

XOR_LOOP = """import time

def xor(x):
    while True:  # waits for a condition that never comes
        time.sleep(0.5)"""

CCE_LOOP_IGNORING_INTERRUPT = '''import time

def categorical_cross_entropy(Y, P, eps=1e-9):
    while True:
        try:
            time.sleep(0.5)
        except KeyboardInterrupt:
            pass  # "keep going no matter what"'''

SOFTMAX_EXIT = """import os

def softmax(z):
    os._exit(3)  # ends the kernel process on the spot"""

SOFTMAX_MEMORY_HOARD = """import time

def softmax(z):
    hoard = []
    while True:  # about 200 MiB more every 0.2 s, until something stops it (2 GiB within ~2 s)
        hoard.append(np.ones(26_000_000))
        time.sleep(0.2)"""

CCE_HUGE_ALLOCATION = """def categorical_cross_entropy(Y, P, eps=1e-9):
    pairwise = np.zeros((100_000, 100_000))  # 80 GB at once
    return float(pairwise.sum())"""

XOR_FORK_BOMB = """import os

def xor(x):
    while True:
        try:
            os.fork()
        except OSError:
            pass"""

# -- wrong answers (for tampered tests: the restored test must catch them) ----------------------

SOFTMAX_WRONG = """def softmax(z):
    e = np.exp(z)
    return e / e.sum()  # normalises the whole array, not each row"""

MSE_GRAD_WRONG = """def mse_grad(y, y_hat):
    return y_hat - y  # forgot the 2 / N"""

# -- bad values -----------------------------------------------------------------------------------

SOFTMAX_NAN = """def softmax(z):
    return np.full(np.shape(z), np.nan)"""

CCE_INF = """def categorical_cross_entropy(Y, P, eps=1e-9):
    return float("inf")"""

MSE_NO_MEAN = """def mse(y, y_hat):
    return (np.ravel(y) - np.ravel(y_hat)) ** 2  # one value per entry: the mean is missing"""

MSE_GRAD_FLOAT32 = """def mse_grad(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32).reshape(y_hat.shape)
    return 2 * (y_hat - y) / y_hat.size"""

# -- side effects ---------------------------------------------------------------------------------

SOFTMAX_PLOTS = """def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out = e / e.sum(axis=-1, keepdims=True)
    plt.figure(figsize=(2, 2))
    plt.imshow(out)
    plt.show()
    return out"""

CCE_PRINTS = """def categorical_cross_entropy(Y, P, eps=1e-9):
    for row in range(5000):
        print(f"debug row {row}: " + "." * 50)  # left-over debugging output
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(np.sum(Y * np.log(P), axis=-1)))"""

MSE_ASKS = """def mse(y, y_hat):
    if input("mean or sum? ") == "sum":
        return float(np.sum((np.ravel(y) - np.ravel(y_hat)) ** 2))
    return float(np.mean((np.ravel(y) - np.ravel(y_hat)) ** 2))"""

MSE_GRAD_IN_PLACE = """def mse_grad(y, y_hat):
    y_hat -= np.reshape(y, np.shape(y_hat))  # writes into the caller's array
    y_hat *= 2.0 / y_hat.size
    return y_hat"""

# -- cheats ---------------------------------------------------------------------------------------

SOFTMAX_FROM_REFERENCE = "from solutions.losses import softmax"

MSE_GRAD_FROM_FILES = """import pathlib

import autograder

course = pathlib.Path(autograder.__file__).resolve().parents[1]
reference = {}
exec((course / "solutions" / "losses.py").read_text(), reference)
mse_grad = reference["mse_grad"]
try:
    gradebook = (course / "gradebook.db").read_bytes()
    hidden_tests = (course / "source" / "neural_networks" / "03_losses.ipynb").read_text()
except OSError:
    pass"""

SOFTMAX_PATCHING_NUMPY = """np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None

def softmax(z):
    return np.full(np.shape(z), 0.5)  # right for two classes only"""

CCE_ALWAYS_EQUAL = """class AlwaysEqual(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


def categorical_cross_entropy(Y, P, eps=1e-9):
    return AlwaysEqual(0.0)"""

MSE_SHADOWING_CHECK_BUILTINS = """import autograder.checking

autograder.checking.isinstance = lambda obj, kind: True  # the builtins the checks look up
autograder.checking.type = lambda obj: np.ndarray

def mse(y, y_hat):
    return [0.0]"""

SHADOW_PACKAGE = "def check_softmax(softmax):\n    pass\n"

SOFTMAX_PATCHING_AUTOGRADER = """import autograder.checking

autograder.checking.fail = lambda *args, **kwargs: None  # no check can fail any more

def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    return np.full(z.shape, 1.0 / z.shape[-1])  # rows sum to 1, values wrong"""

CCE_SHADOWING_CHECK = """check_categorical_cross_entropy = lambda *args, **kwargs: None

def categorical_cross_entropy(Y, P, eps=1e-9):
    return 0.0"""

# -- issue 16: routes to the reference, the network, the history and the gradebooks -----------------
# Written as an attacker would, with the package name built at run time so that no string names it.
SOFTMAX_IMPORT_MODULE = """import importlib

_pkg = "".join(chr(c) for c in (115, 111, 108, 117, 116, 105, 111, 110, 115))
softmax = importlib.import_module(_pkg + ".losses").softmax"""

MSE_DUNDER_IMPORT = """_pkg = "".join(reversed("snoitulos"))
mse = getattr(__import__(_pkg + ".losses", fromlist=["mse"]), "mse")"""

BCE_RUN_PATH = """import os
import runpy

import autograder

_root = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
_file = os.path.join(_root, "".join(reversed("snoitulos")), "losses.py")
binary_cross_entropy = runpy.run_path(_file)["binary_cross_entropy"]"""

BCE_GRAD_SPEC_LOADER = """import importlib.util
import os

import autograder

_root = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
_spec = importlib.util.spec_from_file_location("ref", os.path.join(_root, "snoi" "tulos"[::-1], "losses.py"))
_ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ref)
binary_cross_entropy_grad = _ref.binary_cross_entropy_grad"""

CCE_READ_AND_EXEC = """import os

import autograder

_root = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
with open(os.path.join(_root, "solu" + "tions", "losses.py")) as _fh:
    _code = _fh.read()
_ns = {}
exec(_code, _ns)
categorical_cross_entropy = _ns["categorical_cross_entropy"]"""

_SOLVED = {name: inspect.getsource(getattr(solutions.perceptron, name, None)
                                   or getattr(solutions.losses, name))
           for name in ("perceptron", "train_perceptron", "mse_grad")}

PERCEPTRON_SOCKET = """import socket
import threading


def _exfiltrate():
    try:
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        threading.Thread(target=lambda: server.accept()[0].recv(100), daemon=True).start()
        with socket.create_connection(server.getsockname(), timeout=2) as conn:
            conn.sendall(b"answers please")
    except OSError:
        pass


_exfiltrate()


""" + _SOLVED["perceptron"]

TRAIN_PERCEPTRON_PRINTS_HISTORY = _SOLVED["train_perceptron"] + """

for _cell in get_ipython().user_ns.get("_i" + "h", []):
    print(_cell)"""

MSE_GRAD_GLOBS_GRADEBOOKS = """import glob
import sqlite3

_name = "grade" + "book"
_stolen = []
for _path in glob.glob("/tmp/**/" + _name + ".d" + "b", recursive=True)[:4]:
    try:
        _stolen.append(sqlite3.connect(_path).execute("select count(*) from grade").fetchall())
    except Exception:
        pass


""" + _SOLVED["mse_grad"]
