"""No state field is assigned by hand: only the generic `move_state`, which every
`transition_<entity>` function calls, sets `state` / `status` / `stage`.

The scan reads the source (ast) of every module under wspolpraca/ except migrations, and finds:
`x.state = …` (also augmented/annotated), `setattr(x, "state", …)` and `setattr(x, name,
to_state)`, `queryset.update(state=…)`, `update_or_create(defaults={"state": …})` and
`bulk_update(objs, ["state", …])`. Creating a row in its first state (`objects.create(state=…)`)
is not a move and is not reported.
"""

import ast
import re
from pathlib import Path

import wspolpraca

# The stored state fields of the project's models (an organisation's is `verification_status`);
# a page's computed attribute such as `call.public_status` is not one.
STATE_FIELDS = {"state", "status", "stage", "verification_status"}


def _is_state_field(name):
    return name in STATE_FIELDS


ROOT = Path(wspolpraca.__file__).parent
# The one function allowed to assign a state field: the generic move every transition_<entity> uses.
ALLOWED = ("wspolpraca/common/transitions.py", "move_state")


def _is_state_name(node):
    name = getattr(node, "id", None) or getattr(node, "attr", None) or ""
    return bool(re.search(r"(^|_)(state|status|stage)$", name))


def _names_a_state_field(node):
    return any(isinstance(c, ast.Constant) and _is_state_field(c.value) for c in ast.walk(node))


def _call_assigns(node):
    """setattr, update, update_or_create(defaults=…) or bulk_update setting a state field."""
    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
    if name == "setattr" and len(node.args) == 3:
        field, value = node.args[1], node.args[2]
        if isinstance(field, ast.Constant):
            return _is_state_field(field.value)
        return _is_state_name(value)
    if name == "update":
        return any(_is_state_field(k.arg) for k in node.keywords)
    if name == "update_or_create":
        return any(k.arg == "defaults" and _names_a_state_field(k.value) for k in node.keywords)
    if name == "bulk_update" and len(node.args) > 1:
        return _names_a_state_field(node.args[1])
    return False


def _assignments(tree):
    """(line, function name or "") of every hand assignment of a state field in `tree`."""
    found = []

    def visit(node, function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Attribute) and _is_state_field(sub.attr) and isinstance(sub.ctx, ast.Store):
                    found.append((node.lineno, function))
        if isinstance(node, ast.Call) and _call_assigns(node):
            found.append((node.lineno, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def _scan():
    """{path:line: function} of every assignment in the project, the allowed ones included."""
    result = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, function in _assignments(tree):
            result[f"{path.relative_to(ROOT.parent)}:{line}"] = function
    return result


def test_no_state_is_assigned_outside_the_generic_move():
    by_hand = sorted(where for where, function in _scan().items() if (where.split(":")[0], function) != ALLOWED)
    assert by_hand == [], "State fields assigned by hand (use the entity's transition_<entity>):\n" + "\n".join(by_hand)


def test_the_scan_is_not_vacuous():
    """With nothing allowed, the scan reports the one assignment inside the generic move."""
    assert [function for where, function in _scan().items() if where.startswith(ALLOWED[0])] == ["move_state"]


def test_the_scan_sees_every_form_of_assignment():
    source = """
def f(offer, qs, rows, to_state, name, value):
    offer.state = "submitted"
    offer.review.stage += "x"
    setattr(offer, "status", "y")
    setattr(offer, name, to_state)
    qs.update(stage="z")
    Model.objects.bulk_update(rows, ["amount", "state"])
    Model.objects.update_or_create(offer=offer, defaults={"status": "passed"})
    setattr(offer, name, value)
    Model.objects.create(state="draft")
    offer.statement = 1
    organisation.verification_status = "verified"
    qs.update(verification_status="pending")
    offer.substate_count = 2
    call.public_status = "open"
"""
    assert [line for line, _f in _assignments(ast.parse(source))] == [3, 4, 5, 6, 7, 8, 9, 13, 14]
