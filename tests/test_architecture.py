"""The import rules of ARCHITECTURE.md, checked on the code itself.

project -> composition -> domain apps -> editing | serving -> foundation: a module imports its own layer
and the layers to its right, never one to its left; editing and serving do not import each other; domain
apps never import each other; no import circle among our modules. Every import counts, the ones inside
functions too (a deferred import is still a dependency).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ("directorates", "contacts", "news", "facilities")
# The one dependency between domain apps, in this direction only: a detention facility belongs to a
# field office and is found with the field-office locator's engine. contacts never imports facilities.
APP_DEPENDENCIES = {("facilities", "contacts")}
PACKAGES = ("iceinfo", *DOMAIN_APPS)
RANK = {"foundation": 0, "editing": 1, "serving": 1, "apps": 2, "composition": 3, "project": 4}
PROJECT_MODULES = {"iceinfo", "iceinfo.settings", "iceinfo.urls", "iceinfo.wsgi", "iceinfo.apps"}


def layer_of(module):
    parts = module.split(".")
    if parts[0] in DOMAIN_APPS:
        return "apps"
    if module in PROJECT_MODULES or parts[1:2] == ["management"]:
        return "project"
    if parts[1:2] in (["editing"], ["serving"], ["composition"]):
        return parts[1]
    if parts[1:2] == ["templatetags"]:
        return "serving"
    return "foundation"


def our_modules():
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(module, path, known):
    """The modules of ours that ``module`` imports, resolved to the longest known name."""
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names] + [target]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def graph():
    modules = our_modules()
    known = set(modules)
    return {module: imports_of(module, path, known) for module, path in modules.items()}


def test_the_layers_are_what_the_folders_say():
    layers = {module: layer_of(module) for module in our_modules()}
    assert layers["iceinfo.editing.admin"] == "editing"
    assert layers["iceinfo.serving.pagecache"] == "serving"
    assert layers["iceinfo.composition.home"] == "composition"
    assert layers["iceinfo.models"] == "foundation"
    assert layers["contacts.locator"] == "apps"
    top_level = [p for p in (ROOT / "iceinfo").glob("*.py")]
    assert len(top_level) <= 16, sorted(p.name for p in top_level)


def test_imports_never_run_up_a_layer_or_across_siblings():
    wrong = []
    for module, imported in graph().items():
        mine = layer_of(module)
        for other in imported:
            theirs = layer_of(other)
            app_a, app_b = module.split(".")[0], other.split(".")[0]
            if RANK[theirs] > RANK[mine]:
                wrong.append(f"{module} ({mine}) imports {other} ({theirs}): up a layer")
            elif mine != theirs and RANK[theirs] == RANK[mine]:
                wrong.append(f"{module} ({mine}) imports {other} ({theirs}): across siblings")
            elif mine == theirs == "apps" and app_a != app_b and (app_a, app_b) not in APP_DEPENDENCIES:
                wrong.append(f"{module} imports {other}: one domain app imports another")
    assert wrong == []


def test_no_import_circle():
    edges = graph()
    state = {}
    cycles = []

    def visit(module, stack):
        state[module] = "open"
        stack.append(module)
        for other in sorted(edges.get(module, ())):
            if state.get(other) == "open":
                cycles.append(" -> ".join([*stack[stack.index(other):], other]))
            elif other not in state:
                visit(other, stack)
        stack.pop()
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [])
    assert cycles == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from iceinfo.serving import cache\n", "up a layer"),  # foundation reaching up into serving
        ("import contacts.models\n", "up a layer"),
    ],
)
def test_the_checker_sees_a_wrong_import(tmp_path, source, expected):
    """The checker itself: a foundation module that imports upward is reported."""
    path = tmp_path / "fake.py"
    path.write_text(source)
    known = set(our_modules())
    imported = imports_of("iceinfo.fake", path, known)
    assert imported and all(RANK[layer_of(other)] > RANK["foundation"] for other in imported), expected
