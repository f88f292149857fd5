"""Config checks and their errors, located by file, line and field of the YAML they came from."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

Loc = tuple[int | str, ...]
Model = TypeVar("Model", bound=BaseModel)

_SET = "Extra inputs are not permitted (the loader sets this field)"
_EXPECTED = "a mapping of settings such as sources, scan, thresholds, recognizers and policy"


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with a config file: where it is and what is wrong."""

    file: str
    line: int | None  # 1-based; None when no line is to blame (an unreadable file)
    field: str  # dotted path such as sources[0].include; "" for the file as a whole
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return ": ".join(part for part in (where, self.field, self.message) if part)


class ConfigError(Exception):
    """A config that cannot be used; the message lists each problem on a line of its own."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int | None = None) -> ConfigError:
        return cls([ConfigProblem(file, line, "", message)])


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key given twice in one mapping is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        first: dict[Any, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in first:  # else YAML would silently keep the last value
                    problem = f"duplicate key {key.value!r} (first on line {first[key.value]})"
                    raise yaml.constructor.ConstructorError(None, None, problem, key.start_mark)
                first[key.value] = _line(key)
        return super().construct_mapping(node, deep)


def located_error(message: str, *at: int | str) -> PydanticCustomError:
    """A validator error that points below the validated value, e.g. at one list item's name."""
    return PydanticCustomError("config", message, {"at": at})


def unique_names(items: list[Any]) -> list[Any]:
    """Check that the items of a list (sources, rules) have distinct names."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.name in first:
            message = f"duplicate name {item.name!r} (also used at index {first[item.name]})"
            raise located_error(message, index, "name")
        first[item.name] = index
    return items


def matching(regex: str, hint: str) -> AfterValidator:
    """A check that a whole string matches `regex`, explained by `hint` when it does not."""
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(f"{value!r} should be {hint}")
        return value

    return AfterValidator(check)


def compiles(regex: str) -> str:
    """Check that a regular expression compiles with Python's `re`; say why it does not."""
    try:
        re.compile(regex)
    except re.error as error:
        raise ValueError(f"invalid regular expression: {error}") from None
    return regex


def validate_yaml(
    model: type[Model], text: str, file: str, context: dict[str, Any], loaded: dict[str, Any]
) -> Model:
    """Parse YAML text and validate it as `model`; every problem becomes a located ConfigError.

    `context` reaches the validators; `loaded` holds fields the loader sets and the file must not.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise ConfigError.single(file, f"the file is empty; expected {_EXPECTED}")
        if not isinstance(root, yaml.MappingNode):
            raise ConfigError.single(file, f"expected {_EXPECTED}", _line(root))
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        message = f"invalid YAML: {error.problem or error.context}"
        raise ConfigError.single(file, message, line) from None
    except yaml.YAMLError as error:  # a reader error: bytes that are not printable text
        raise ConfigError.single(file, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()
    if clashes := [ConfigProblem(file, *locate(root, (k,)), _SET) for k in loaded if k in data]:
        raise ConfigError(clashes)
    try:
        return model.model_validate({**data, **loaded}, context=context)
    except ValidationError as error:
        errors = error.errors()
        problems = [ConfigProblem(file, *locate(root, _loc(e)), _message(e)) for e in errors]
        raise ConfigError(sorted(problems, key=lambda problem: problem.line or 0)) from None


def locate(root: yaml.Node, loc: Loc) -> tuple[int, str]:
    """The 1-based line and dotted field path of a pydantic error loc in a YAML node tree.

    The line is that of the deepest node the loc reaches: an existing or unknown key's own line,
    or for a missing field the line where its parent mapping starts.
    """
    node: yaml.Node | None = root
    line = _line(root)
    shown: list[int | str] = []
    for position, part in enumerate(loc):
        if part == "[key]":  # a dict key failed validation: the line is already the key's
            continue
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            pair = _find_key(node, part)
            if pair is None and position < len(loc) - 1 and _has_scalar(node, part):
                continue  # a discriminated union's tag, as "local" in sources.0.local.path
            line = line if pair is None else _line(pair[0])
            node = None if pair is None else pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
            line = line if node is None else _line(node)
        else:
            node = None
        shown.append(part)
    return line, _dotted(shown)


def _loc(error: ErrorDetails) -> Loc:
    context = error.get("ctx") or {}
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):  # point at the tag field
        return (*error["loc"], str(context.get("discriminator", "")).strip("'"))
    return (*error["loc"], *context.get("at", ()))


def _message(error: ErrorDetails) -> str:
    if error["type"] == "union_tag_not_found":
        return "Field required"
    return error["msg"].removeprefix("Value error, ")


def _find_key(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    # The last match wins, as when YAML builds the dict (merged keys come before own keys).
    for key_node, value_node in reversed(node.value):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _has_scalar(node: yaml.MappingNode, value: str) -> bool:
    return any(isinstance(v, yaml.ScalarNode) and v.value == value for _, v in node.value)


def _dotted(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
    return path


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1
