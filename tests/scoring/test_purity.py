"""The core stays pure: standard library only, no Flask or SQLAlchemy, no I/O;
every explanation code it emits is in the catalogue the app translates."""
import ast
import subprocess
import sys
from pathlib import Path

from contests.scoring.explain import MESSAGES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "contests" / "scoring"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
ALLOWED = {"__future__", "collections", "contextlib", "dataclasses", "decimal", "enum",
           "fractions", "functools", "gc", "hashlib", "itertools", "math", "operator", "types",
           "typing", "datetime"}
# hashlib: draws by lot (draws.py) hash a published seed, no I/O; datetime: appeal windows
# (appeals.py) compare moments the caller passes in (the core never reads the clock)


def test_importing_every_scoring_module_loads_neither_flask_nor_sqlalchemy():
    # The app's contests/__init__.py (create_app) imports Flask; the core must not need it,
    # so a stub parent package stands in for it and only contests/scoring/ is executed.
    code = "\n".join([
        "import sys, types",
        "pkg = types.ModuleType('contests')",
        f"pkg.__path__ = [{str(ROOT / 'contests')!r}]",
        "sys.modules['contests'] = pkg",
        "import contests.scoring",
        *(f"import contests.scoring.{name}" for name in MODULES),
        ("bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy',"
         " 'flask_sqlalchemy', 'werkzeug'))"),
        "assert not bad, bad",
        "print(len([m for m in sys.modules if m.startswith('contests.scoring')]))",
    ])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(MODULES) + 1


def test_scoring_modules_import_only_the_allowed_standard_library():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in ALLOWED, f"{path.name} imports {name}"


def test_every_trace_code_used_is_in_the_catalogue_and_none_is_dead():
    used = set()
    for path in PACKAGE.glob("*.py"):
        if path.name == "explain.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and node.value in MESSAGES:
                used.add(node.value)
    assert used == set(MESSAGES)


def test_no_floats_or_io_calls_in_the_core():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"open", "float", "print", "input"}, path.name
            if isinstance(node, ast.Constant):
                assert not isinstance(node.value, float), f"float literal in {path.name}"
