"""The shape of the code that docs/architecture.md promises, read from the source files.

- Imports sit at the top of a module: an import inside a function is allowed only in an
  AppConfig.ready(), which must wait for the models (import-linter, in `make lint`, checks where
  imports point; this checks that none hides inside a function).
- No module over 600 lines and no function over 60 lines, outside migrations and the demo's data
  builders (wspolpraca/demo: scenes written as data, long by nature).
- Forms live in forms modules: no form class is defined in a views module.
"""

import ast
from pathlib import Path

import wspolpraca

ROOT = Path(wspolpraca.__file__).parent
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60
DATA_BUILDERS = ROOT / "demo"


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _functions(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def _inner_imports(function):
    return [
        node
        for node in ast.walk(function)
        if node is not function and isinstance(node, ast.Import | ast.ImportFrom) and _is_project_import(node)
    ]


def _is_project_import(node):
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").startswith("wspolpraca")
    return any(alias.name.startswith("wspolpraca") for alias in node.names)


def test_no_project_import_hides_inside_a_function():
    found = []
    for path, tree in _modules():
        for function in _functions(tree):
            if path.name == "apps.py" and function.name == "ready":
                continue
            found += [f"{path.relative_to(ROOT)}:{node.lineno}" for node in _inner_imports(function)]
    assert sorted(set(found)) == []


def test_no_module_over_the_limit():
    too_long = []
    for path, _tree in _modules():
        if DATA_BUILDERS in path.parents:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert too_long == []


def test_no_function_over_the_limit():
    too_long = []
    for path, tree in _modules():
        if DATA_BUILDERS in path.parents:
            continue
        for function in _functions(tree):
            length = function.end_lineno - function.lineno + 1
            if length > MAX_FUNCTION_LINES:
                too_long.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}: {length} lines")
    assert too_long == []


def _form_classes(tree):
    """Classes whose bases name a form (forms.Form, forms.ModelForm, SomethingForm, …FormSet)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = [ast.unparse(base) for base in node.bases]
            if any(base.endswith(("Form", "FormSet")) for base in bases):
                found.append(node)
    return found


def test_forms_live_in_forms_modules():
    in_views = []
    for path, tree in _modules():
        if "views" in path.relative_to(ROOT).with_suffix("").parts or path.stem.endswith("views"):
            in_views += [f"{path.relative_to(ROOT)}:{node.lineno} {node.name}" for node in _form_classes(tree)]
    assert in_views == []


def test_the_checks_see_what_they_check():
    """The walk reads the whole package (a wrong root would pass every check vacuously)."""
    paths = {path.relative_to(ROOT).as_posix() for path, _tree in _modules()}
    assert {"competitions/offers/submission.py", "competitions/apps.py", "common/transitions.py"} <= paths
    tree = ast.parse("def f():\n    from wspolpraca.common import mail\n")
    assert len(_inner_imports(_functions(tree)[0])) == 1
    forms = ast.parse("class A(forms.Form): pass\nclass B(AForm): pass\nclass C(View): pass\n")
    assert [node.name for node in _form_classes(forms)] == ["A", "B"]
