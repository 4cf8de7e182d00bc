"""A strict reader for the YAML subset the deploy manifests use (PyYAML is not installed).

Block mappings and sequences by indentation, plain / single- / double-quoted scalars, flow
sequences of scalars, comments. Anything else (anchors, tags, block scalars, flow mappings,
tabs, several documents, a duplicate key) raises YamlError, so a manifest that parses here
is plain YAML that any parser reads the same way. Plain scalars follow YAML 1.2's core
schema for the few values used: integers, true / false, null.
"""

from __future__ import annotations

import re
from typing import Any

INT = re.compile(r"[-+]?[0-9]+")


class YamlError(ValueError):
    """Outside the subset, or not YAML at all: the line number and why."""


def _strip_comment(text: str) -> str:
    quote = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text.rstrip()


def _scalar(text: str, line: int) -> Any:
    if not text:
        return None
    if text[0] in "&*!|>{%@`":
        raise YamlError(f"line {line}: unsupported YAML {text[0]!r}")
    if text[0] == '"':
        if len(text) < 2 or text[-1] != '"':
            raise YamlError(f"line {line}: unclosed double quote")
        body = text[1:-1]
        if re.search(r'(?<!\\)"', body):
            raise YamlError(f"line {line}: stray double quote")
        return body.replace('\\"', '"').replace("\\\\", "\\")
    if text[0] == "'":
        if len(text) < 2 or text[-1] != "'" or "'" in text[1:-1].replace("''", ""):
            raise YamlError(f"line {line}: bad single-quoted scalar")
        return text[1:-1].replace("''", "'")
    if text[0] == "[":
        if text[-1] != "]":
            raise YamlError(f"line {line}: unclosed flow sequence")
        inner = text[1:-1].strip()
        return [_scalar(item.strip(), line) for item in inner.split(",")] if inner else []
    if ": " in text or text.endswith(":"):
        raise YamlError(f"line {line}: a mapping where a scalar belongs")
    if INT.fullmatch(text):
        return int(text)
    return {"true": True, "false": False, "null": None, "~": None}.get(text, text)


def _key_value(content: str, line: int) -> tuple[str, str]:
    if content[0] in "'\"":
        end = content.find(content[0], 1)
        if end < 0 or content[end + 1:end + 2] != ":":
            raise YamlError(f"line {line}: bad quoted key")
        return content[1:end], content[end + 2:].strip()
    match = re.match(r"([^:]+?):(?: (.*)|$)", content)
    if not match:
        raise YamlError(f"line {line}: expected 'key: value'")
    return match.group(1), (match.group(2) or "").strip()


def _block(lines: list[tuple[int, int, str]], i: int, indent: int) -> tuple[Any, int]:
    number, _, content = lines[i]
    if content == "-" or content.startswith("- "):
        items: list[Any] = []
        while i < len(lines) and lines[i][1] == indent and (
                lines[i][2] == "-" or lines[i][2].startswith("- ")):
            number, _, content = lines[i]
            rest = content[1:].lstrip()
            if not rest:
                if i + 1 >= len(lines) or lines[i + 1][1] <= indent:
                    items.append(None)
                    i += 1
                    continue
                value, i = _block(lines, i + 1, lines[i + 1][1])
            elif rest[0] not in "'\"[" and (": " in rest or rest.endswith(":")):
                lines[i] = (number, indent + len(content) - len(rest), rest)
                value, i = _block(lines, i, lines[i][1])
            else:
                value, i = _scalar(rest, number), i + 1
            items.append(value)
        return items, i
    mapping: dict[str, Any] = {}
    while i < len(lines) and lines[i][1] == indent:
        number, _, content = lines[i]
        if content == "-" or content.startswith("- "):
            raise YamlError(f"line {number}: a sequence item inside a mapping")
        key, rest = _key_value(content, number)
        if key in mapping:
            raise YamlError(f"line {number}: duplicate key {key!r}")
        i += 1
        if rest:
            mapping[key] = _scalar(rest, number)
        elif i < len(lines) and (lines[i][1] > indent or (
                lines[i][1] == indent and lines[i][2].startswith("- "))):
            mapping[key], i = _block(lines, i, lines[i][1])
        else:
            mapping[key] = None
    return mapping, i


def loads(text: str) -> Any:
    """The one document in ``text``, as dicts, lists, str, int, bool and None."""
    lines: list[tuple[int, int, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if "\t" in raw[:len(raw) - len(raw.lstrip())]:
            raise YamlError(f"line {number}: a tab in the indentation")
        content = _strip_comment(raw.strip())
        if content in ("---", "...") or content.startswith("--- "):
            raise YamlError(f"line {number}: one document per file here")
        if content:
            lines.append((number, len(raw) - len(raw.lstrip()), content))
    if not lines:
        return None
    value, end = _block(lines, 0, lines[0][1])
    if end != len(lines):
        raise YamlError(f"line {lines[end][0]}: unexpected indentation")
    return value
