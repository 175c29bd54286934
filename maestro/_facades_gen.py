"""Write ``maestro/facades.py``, the typed facades of both clients, from the declarations.

Run ``python -m maestro._facades_gen`` after adding or changing a route (``--check`` only
tells whether the committed module is stale, with exit status 1). The generator reads
source files and imports nothing of ``maestro``, so ``python maestro/_facades_gen.py`` works
too, even while a stale ``facades.py`` keeps the package from importing.

What it reads: the resource classes that ``maestro/resources/__init__.py`` exports, and the
client's own routes (``_BaseClient`` in ``maestro/_client.py``). For each public method it
copies the parameters, defaults and annotations as written (module-level aliases such as
``EntryId`` are inlined; every other name is imported from where the resource module
imports it) and turns the declared ``Call[T]``, ``Flow[R]`` or ``Stream[T]`` into what each
client returns. ``mypy --strict`` then proves that every resource can stand in for its
facade (see the module's header for what that covers), ``tests/test_signatures.py`` that
every bound method has its facade's parameters, and ``tests/test_facades.py`` that this
module's output is the committed one.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import copy
import difflib
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["COMMAND", "TARGET", "FacadeError", "generate", "main"]

COMMAND = "python -m maestro._facades_gen"
"""The command that regenerates the facades module."""

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
TARGET = PACKAGE / "facades.py"
"""The generated module."""

Side = Literal["sync", "async"]
Function = ast.FunctionDef | ast.AsyncFunctionDef

_SIDES: tuple[Side, ...] = ("sync", "async")
_CLIENT = {"sync": "MaestroClient", "async": "AsyncMaestroClient"}
_TRANSPORT = {"sync": "SyncTransport", "async": "AsyncTransport"}
_DECLARATIONS = {"endpoint": "Call", "operation": "Flow", "paginated": "Stream"}
"""Each declaration decorator and the description its method returns."""


class FacadeError(Exception):
    """A declaration the generator cannot describe: the message says what to change."""


# -- where the names of a module come from -------------------------------------------------


@dataclass(frozen=True)
class _Origin:
    """How a top-level name of a module is bound."""

    kind: Literal["import", "module", "alias", "builtin"]
    module: str = ""
    name: str = ""
    alias: ast.expr | None = None


class _Module:
    """One module of the package, read from its source: its tree and its top-level names."""

    def __init__(self, name: str, source: str | None = None) -> None:
        self.name = name
        if source is None:
            path = ROOT.joinpath(*name.split("."))
            path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
            source = path.read_text(encoding="utf-8")
        self.tree = ast.parse(source)
        self._origins: dict[str, _Origin] = {}
        self._collect(self.tree.body)

    def _collect(self, statements: Iterable[ast.stmt]) -> None:
        for statement in statements:
            if isinstance(statement, ast.If):  # imports under `if TYPE_CHECKING:` count too
                self._collect(statement.body)
            elif isinstance(statement, ast.ImportFrom) and statement.module:
                for alias in statement.names:
                    origin = _Origin("import", statement.module, alias.name)
                    self._origins[alias.asname or alias.name] = origin
            elif isinstance(statement, ast.Import):
                for alias in statement.names:
                    # ``import a.b`` binds ``a``; the facades import ``a.b`` the same way.
                    bound = alias.asname or alias.name.split(".")[0]
                    self._origins[bound] = _Origin("module", alias.name, bound)
            elif isinstance(statement, ast.Assign | ast.AnnAssign):
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                if len(targets) == 1 and isinstance(targets[0], ast.Name) and statement.value:
                    self._origins[targets[0].id] = _Origin("alias", alias=statement.value)
            elif isinstance(statement, ast.ClassDef | ast.FunctionDef):
                self._origins[statement.name] = _Origin("import", self.name, statement.name)

    def origin(self, name: str) -> _Origin:
        if name in self._origins:
            return self._origins[name]
        if hasattr(builtins, name):
            return _Origin("builtin", name=name)
        raise FacadeError(f"{self.name}: cannot tell where the name {name!r} comes from")

    def class_node(self, name: str) -> ast.ClassDef:
        for node in self.tree.body:
            if isinstance(node, ast.ClassDef) and node.name == name:
                return node
        raise FacadeError(f"{self.name} has no class {name}")


@dataclass
class _Imports:
    """The imports of the facades module: at runtime (defaults, bases) or for checkers only."""

    runtime: dict[str, set[str]] = field(default_factory=dict)
    checking: dict[str, set[str]] = field(default_factory=dict)
    modules: set[str] = field(default_factory=set)
    bound: dict[str, str] = field(default_factory=dict)

    def add(self, module: str, name: str, *, runtime: bool) -> None:
        previous = self.bound.setdefault(name, module)
        if previous != module:
            raise FacadeError(f"{name!r} would name both {previous}.{name} and {module}.{name}")
        (self.runtime if runtime else self.checking).setdefault(module, set()).add(name)

    def lines(self) -> Iterator[str]:
        yield from _import_lines(self.runtime, set(), indent="")
        checking = {
            module: names - self.runtime.get(module, set())
            for module, names in self.checking.items()
        }
        checked = _import_lines(checking, self.modules, indent="    ")
        if checked:
            yield ""
            yield "if TYPE_CHECKING:"
            yield from checked


def _import_lines(names: dict[str, set[str]], modules: set[str], *, indent: str) -> list[str]:
    """Import statements (ruff sorts them into sections afterwards)."""
    lines = [f"import {module}" for module in sorted(modules)]
    lines += [
        f"from {module} import {', '.join(sorted(wanted))}"
        for module, wanted in sorted(names.items())
        if wanted
    ]
    return [indent + line for line in lines]


def _defining_module(module: str, name: str) -> str:
    """Where ``name``, imported from ``module``, is defined.

    The facades import it from there, so that their default values load no more than they
    need (not the models of a module that re-exports an enum, say).
    """
    while module.startswith("maestro."):
        origin = _Module(module).origin(name)
        if origin.kind != "import" or origin.module == module or origin.name != name:
            break
        module = origin.module
    return module


class _Renderer:
    """Source text of one module's annotations and defaults, valid in the facades module."""

    def __init__(self, module: _Module, imports: _Imports, shadowed: set[str]) -> None:
        self.module = module
        self.imports = imports
        self.shadowed = shadowed
        """Builtins a facade method hides in its class body (``list``): written ``builtins.X``."""

    def render(self, node: ast.expr, *, runtime: bool = False) -> str:
        return ast.unparse(self._rewrite(node, runtime))

    def _rewrite(self, node: ast.expr, runtime: bool) -> ast.expr:
        renderer = self

        class Rewriter(ast.NodeTransformer):
            def visit_Name(self, name: ast.Name) -> ast.expr:
                return renderer._name(name, runtime)

        rewritten = Rewriter().visit(copy.deepcopy(node))
        assert isinstance(rewritten, ast.expr)
        return rewritten

    def _name(self, node: ast.Name, runtime: bool) -> ast.expr:
        origin = self.module.origin(node.id)
        if origin.kind == "alias":
            # A module-level alias (``EntryId = str | int``): inlined, so the facades do not
            # import names a resource module keeps to itself.
            assert origin.alias is not None
            return self._rewrite(origin.alias, runtime)
        if origin.kind == "module":
            if origin.module.split(".")[0] != node.id:
                raise FacadeError(f"{self.module.name}: import {origin.module} without renaming it")
            if runtime:
                raise FacadeError(f"{self.module.name}: a default value uses {node.id}.")
            self.imports.modules.add(origin.module)
        elif origin.kind == "import":
            if origin.name != node.id:
                raise FacadeError(f"{self.module.name}: import {origin.name} without renaming it")
            self.imports.add(_defining_module(origin.module, node.id), node.id, runtime=runtime)
        elif node.id in self.shadowed:
            self.imports.modules.add("builtins")
            return ast.Attribute(ast.Name("builtins", ast.Load()), node.id, ast.Load())
        return node


# -- the methods of a resource, as each client sees them -------------------------------------


@dataclass(frozen=True)
class _Method:
    """One public method of a resource on one client."""

    name: str
    parameters: str
    returns: str
    is_async: bool
    doc: str

    def lines(self, indent: str) -> list[str]:
        keyword = "async def" if self.is_async else "def"
        return [
            f"{indent}{keyword} {self.name}({self.parameters}) -> {self.returns}:",
            f'{indent}    """{self.doc}"""',
            "",
        ]


def _summary(node: ast.ClassDef | Function, where: str) -> str:
    """The first line of a docstring (ruff's D205 keeps summaries to one line)."""
    text = (ast.get_docstring(node) or "").strip().split("\n")[0].strip()
    if not text:
        raise FacadeError(f"{where} has no docstring: write one, its facade repeats it")
    if '"' in text[-1:] or "\\" in text:
        raise FacadeError(f"{where}: the docstring's first line ends in a quote or has a backslash")
    return text


def _decorators(function: Function) -> list[str]:
    """The names of its decorators (``results_by_client`` for ``@results_by_client(...)``)."""
    return [
        ast.unparse(decorator.func if isinstance(decorator, ast.Call) else decorator)
        for decorator in function.decorator_list
    ]


def _parameters(function: Function, renderer: _Renderer) -> str:
    """The parameter list as written, ``self`` included, each name annotated."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
    defaults += arguments.defaults

    def one(argument: ast.arg, default: ast.expr | None, stars: str = "") -> str:
        if argument.annotation is None:
            raise FacadeError(f"{function.name}: annotate the parameter {argument.arg}")
        text = f"{stars}{argument.arg}: {renderer.render(argument.annotation)}"
        if default is not None:
            text += f" = {renderer.render(default, runtime=True)}"
        return text

    parts = ["self"]
    for index, (argument, default) in enumerate(zip(positional, defaults, strict=True)):
        if index > 0:
            parts.append(one(argument, default))
        if index == len(arguments.posonlyargs) - 1:
            parts.append("/")
    if arguments.vararg is not None:
        parts.append(one(arguments.vararg, None, "*"))
    elif arguments.kwonlyargs:
        parts.append("*")
    for argument, kw_default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        parts.append(one(argument, kw_default))
    if arguments.kwarg is not None:
        parts.append(one(arguments.kwarg, None, "**"))
    return ", ".join(parts)


def _declared(function: Function, description: str, module: _Module) -> ast.expr:
    """``T`` of the ``Call[T]``, ``Flow[T]`` or ``Stream[T]`` a declaration returns."""
    returns = function.returns
    if (
        isinstance(returns, ast.Subscript)
        and isinstance(returns.value, ast.Name)
        and returns.value.id == description
        and module.origin(description) == _Origin("import", "maestro._call", description)
    ):
        return returns.slice
    raise FacadeError(f"{module.name}: {function.name} must return {description}[...]")


def _declaration(
    function: Function, kind: str, module: _Module, renderer: _Renderer, where: str
) -> dict[Side, _Method]:
    """An ``@endpoint``, ``@operation`` or ``@paginated`` method on both clients."""
    result = renderer.render(_declared(function, _DECLARATIONS[kind], module))
    parameters = _parameters(function, renderer)
    doc = _summary(function, where)
    if kind == "paginated":
        renderer.imports.add("collections.abc", "Iterator", runtime=False)
        renderer.imports.add("collections.abc", "AsyncIterator", runtime=False)
        return {
            "sync": _Method(function.name, parameters, f"Iterator[{result}]", False, doc),
            "async": _Method(function.name, parameters, f"AsyncIterator[{result}]", False, doc),
        }
    if kind == "endpoint":
        renderer.imports.add("maestro._response", "MaestroResponse", runtime=False)
        result = f"MaestroResponse[{result}]"
    return {
        "sync": _Method(function.name, parameters, result, False, doc),
        "async": _Method(function.name, parameters, result, True, doc),
    }


def _self_side(function: Function) -> Side | None:
    """The client an overload is for, told by its ``self: Resource[SyncTransport]``."""
    arguments = [*function.args.posonlyargs, *function.args.args]
    annotation = arguments[0].annotation if arguments else None
    names = (
        set()
        if annotation is None
        else {node.id for node in ast.walk(annotation) if isinstance(node, ast.Name)}
    )
    sides = [side for side in _SIDES if _TRANSPORT[side] in names]
    return sides[0] if len(sides) == 1 else None


def _plain(definitions: list[Function], renderer: _Renderer, where: str) -> dict[Side, _Method]:
    """A method written by hand: the same on both clients, or overloaded on ``self``."""
    implementation = definitions[-1]
    overloads = [function for function in definitions[:-1] if "overload" in _decorators(function)]
    methods: dict[Side, _Method] = {}
    for side in _SIDES:
        function = implementation
        if overloads:
            matching = [overload for overload in overloads if _self_side(overload) == side]
            if len(matching) != 1 or len(overloads) != len(_SIDES):
                raise FacadeError(f"{where}: overload it once per client, on self's transport")
            function = matching[0]
        if function.returns is None:
            raise FacadeError(f"{where}: annotate what it returns")
        methods[side] = _Method(
            function.name,
            _parameters(function, renderer),
            renderer.render(function.returns),
            isinstance(function, ast.AsyncFunctionDef),
            _summary(implementation, where),
        )
    return methods


def _methods(
    module: _Module, class_name: str, imports: _Imports, *, declarations_only: bool = False
) -> list[dict[Side, _Method]]:
    """Every public method of a class on both clients, in the order the class has them."""
    class_node = module.class_node(class_name)
    grouped: dict[str, list[Function]] = {}
    for node in class_node.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith(
            "_"
        ):
            grouped.setdefault(node.name, []).append(node)
    renderer = _Renderer(module, imports, {name for name in grouped if hasattr(builtins, name)})
    methods = []
    for name, definitions in grouped.items():
        where = f"{class_name}.{name}"
        kinds = [
            decorator
            for decorator in _decorators(definitions[-1])
            if decorator in _DECLARATIONS
            and module.origin(decorator) == _Origin("import", "maestro._endpoint", decorator)
        ]
        if kinds:
            methods.append(_declaration(definitions[-1], kinds[0], module, renderer, where))
        elif declarations_only:
            continue
        elif set(_decorators(definitions[-1])) <= {"overload", "results_by_client"}:
            methods.append(_plain(definitions, renderer, where))
        else:
            raise FacadeError(f"{where}: the generator does not know its decorators")
    return methods


def _client_routes(imports: _Imports) -> list[dict[Side, _Method]]:
    """``version``, ``request_raw``...: the declarations of the client itself."""
    return _methods(_Module("maestro._client"), "_BaseClient", imports, declarations_only=True)


# -- the module ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resource:
    """A resource class and the client attribute that holds it."""

    module: str
    class_name: str
    attribute: str
    summary: str
    methods: list[dict[Side, _Method]]

    def facade(self, side: Side) -> str:
        return f"{'Async' if side == 'async' else ''}{self.class_name}Facade"


def _resources(imports: _Imports) -> list[_Resource]:
    """The resources ``maestro.resources`` exports, with their attribute names."""
    package = _Module("maestro.resources")
    resources = []
    # The package imports its resources for type checkers only (they load on first use).
    statements = [
        statement
        for node in package.tree.body
        for statement in (node.body if isinstance(node, ast.If) else [node])
    ]
    for node in statements:
        if not isinstance(node, ast.ImportFrom) or not str(node.module).startswith(
            "maestro.resources."
        ):
            continue
        assert node.module is not None
        module = _Module(node.module)
        for alias in node.names:
            class_node = module.class_node(alias.name)
            names = [
                statement.value.value
                for statement in class_node.body
                if isinstance(statement, ast.Assign)
                and [ast.unparse(target) for target in statement.targets] == ["_resource_name"]
                and isinstance(statement.value, ast.Constant)
            ]
            if not names:
                raise FacadeError(f"{node.module}.{alias.name}: set _resource_name")
            resources.append(
                _Resource(
                    node.module,
                    alias.name,
                    str(names[0]),
                    _summary(class_node, alias.name),
                    _methods(module, alias.name, imports),
                )
            )
    return resources


def _facade_lines(resource: _Resource, side: Side) -> list[str]:
    lines = [
        f"class {resource.facade(side)}(Protocol):",
        f'    """{resource.summary}',
        "",
        f"    The type of ``{_CLIENT[side]}().{resource.attribute}``, a"
        f" :class:`~maestro.resources.{resource.class_name}`.",
        '    """',
        "",
    ]
    for method in resource.methods:
        lines += method[side].lines("    ")
    return [*lines, "", ""]


def _maker_name(resource: _Resource, side: Side) -> str:
    return f"_make_{side}_{resource.attribute}"


def _maker_lines(resource: _Resource, side: Side) -> list[str]:
    """A function making the resource, its module imported then; mypy checks its facade."""
    facade = resource.facade(side)
    return [
        f"def {_maker_name(resource, side)}(transport: {_TRANSPORT[side]}) -> {facade}:",
        f"    from {resource.module} import {resource.class_name}",
        "",
        f"    return read_as({resource.class_name}(transport), {facade})",
        "",
        "",
    ]


def _client_lines(
    resources: list[_Resource], routes: list[dict[Side, _Method]], side: Side
) -> list[str]:
    client = _CLIENT[side]
    lines = [line for resource in resources for line in _maker_lines(resource, side)]
    lines += [
        f"class _{client}Facade:",
        f'    """What :class:`~maestro.{client}` adds to the shared client, as editors see it.',
        "",
        "    Its resources, typed by their facades (each made on first use, by a function that",
        "    mypy checks against the facade), and the client's own routes, for type checkers.",
        '    """',
        "",
    ]
    for resource in resources:
        lines.append(f"    {resource.attribute}: {resource.facade(side)}")
        lines.append(f'    """{resource.summary}"""')
    lines += [
        "",
        "    _resource_makers: ClassVar[Mapping[str, Callable[[Any], object]]] = {",
        *(
            f'        "{resource.attribute}": {_maker_name(resource, side)},'
            for resource in resources
        ),
        "    }",
        '    """What makes each resource, the first time the client is asked for it."""',
    ]
    if routes:
        lines += ["", "    if TYPE_CHECKING:", ""]
        for route in routes:
            lines += route[side].lines("        ")
    return [*lines, "", ""]


def generate() -> str:
    """The facades module, as ``ruff format`` writes it."""
    imports = _Imports()
    imports.add("typing", "TYPE_CHECKING", runtime=True)
    imports.add("typing", "Protocol", runtime=True)
    imports.add("maestro._endpoint", "read_as", runtime=True)
    imports.add("typing", "ClassVar", runtime=False)
    imports.add("collections.abc", "Callable", runtime=False)
    imports.add("collections.abc", "Mapping", runtime=False)
    imports.add("typing", "Any", runtime=False)
    imports.add("maestro._transport", "SyncTransport", runtime=False)
    imports.add("maestro._transport", "AsyncTransport", runtime=False)
    resources = _resources(imports)
    routes = _client_routes(imports)
    body: list[str] = []
    for resource in resources:
        body += _facade_lines(resource, "sync")
        body += _facade_lines(resource, "async")
    for side in _SIDES:
        body += _client_lines(resources, routes, side)
    names = sorted(resource.facade(side) for resource in resources for side in _SIDES)
    header = [
        '"""Typed facades of the clients\' resources: what every editor shows for them.',
        "",
        f"GENERATED by ``{COMMAND}`` from the declarations in ``maestro/resources``",
        "and ``maestro/_client.py``: do not edit, regenerate. Each facade lists a resource's",
        "public methods as one client sees them (``MaestroClient().tasks`` is a",
        "``TasksFacade``, ``AsyncMaestroClient().tasks`` an ``AsyncTasksFacade``), so that",
        "Jedi, which reads annotations from the source, completes what mypy and pyright",
        "infer: in source files (python-lsp-server, VS Code's Jedi mode) through the clients'",
        "annotations, and on live clients (IPython, Jupyter) through each resource's",
        "``__wrapped__``, which names its facade. The objects stay the declared resources;",
        "helpers may take the facades as parameter types.",
        "",
        "In the function that makes each resource, mypy proves the resource can stand in for",
        "its facade: every method there, the same results, awaited on the async client,",
        "keyword-only parameters by name, every argument the facade accepts accepted. That",
        "leaves positional names, narrower types and defaults unchecked:",
        "``tests/test_signatures.py`` compares every bound method's parameters (names, kinds,",
        "defaults, annotations) and result with its facade's.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        *imports.lines(),
        "",
        "__all__ = [",
        *(f'    "{name}",' for name in names),
        "]",
        "",
        "",
    ]
    return _formatted("\n".join(header + body))


def _formatted(source: str) -> str:
    """``source`` with imports sorted and formatted by ruff, as the project's gates want."""
    for command in (
        ["check", "--fix-only", "--select", "I", "--stdin-filename", str(TARGET), "-"],
        ["format", "--stdin-filename", str(TARGET), "-"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command],
            input=source,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if done.returncode != 0:
            raise FacadeError(f"ruff {command[0]} failed (dev extra installed?):\n{done.stderr}")
        source = done.stdout
    return source


def main(argv: list[str] | None = None) -> int:
    """Write the facades module, or with ``--check`` say whether it is up to date."""
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare, exit 1 if stale")
    options = parser.parse_args(argv)
    fresh = generate()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if options.check:
        if fresh == current:
            return 0
        diff = difflib.unified_diff(
            current.splitlines(keepends=True), fresh.splitlines(keepends=True),
            "maestro/facades.py (committed)", "maestro/facades.py (generated)",
        )  # fmt: skip
        sys.stdout.writelines(diff)
        print(f"\nmaestro/facades.py is stale: run `{COMMAND}`", file=sys.stderr)
        return 1
    if fresh != current:
        TARGET.write_text(fresh, encoding="utf-8")
        print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
