"""YAML reading that remembers where each value came from, so problems name ``path:line``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass
class LocatedYaml:
    """Parsed YAML data together with its node tree (for line numbers)."""

    data: Any
    node: yaml.Node | None
    line_offset: int = 0

    def line_of(self, loc: Sequence[str | int]) -> int:
        """1-based line of the value at ``loc`` (a pydantic error location) or its parent."""
        node = self.node
        line = node.start_mark.line if node is not None else 0
        for key in loc:
            if node is None:
                break
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                        child = v
                        line = k.start_mark.line
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(key, int)
                and 0 <= key < len(node.value)
            ):
                child = node.value[key]
            if child is None:
                continue  # a location part with no key in the file (e.g. a union tag)
            node = child
            line = max(line, node.start_mark.line) if isinstance(key, int) else line
        return line + 1 + self.line_offset


class YamlSyntaxError(Exception):
    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line = line
        self.what = what


_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that rejects a key given twice in one mapping (a common editing slip)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"khóa '{key}' lặp lại / duplicate key '{key}'", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(text: str, line_offset: int = 0) -> LocatedYaml:
    """Parse ``text``; raise :class:`YamlSyntaxError` with a 1-based line on bad YAML."""
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()  # parse once; the node tree keeps the line numbers
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlSyntaxError(line, f"YAML không hợp lệ / invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1 + line_offset, f"YAML không hợp lệ / invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    return LocatedYaml(data=data, node=node, line_offset=line_offset)
