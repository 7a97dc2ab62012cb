"""Portal settings from ``mkdocs.yml`` (``extra.ysxt``), read without running MkDocs.

mkdocs.yml may hold tags such as ``!!python/name:…`` or ``!ENV``; they are read as plain
values here (only ``extra.ysxt`` is used).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .context import PortalSettings


class _Loader(yaml.SafeLoader):
    pass


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None


_Loader.add_multi_constructor("!", _any_tag)
_Loader.add_multi_constructor("tag:", _any_tag)


def read_settings(config_file: Path) -> PortalSettings:
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader subclass
    except (OSError, yaml.YAMLError):
        return PortalSettings()
    extra = (data or {}).get("extra") or {}
    ysxt = extra.get("ysxt") or {} if isinstance(extra, dict) else {}
    if not isinstance(ysxt, dict):
        return PortalSettings()
    defaults = PortalSettings()
    return PortalSettings(
        source_url=str(ysxt.get("source_url") or ""),
        recent_records=int(ysxt.get("recent_records", defaults.recent_records)),
        list_limit=int(ysxt.get("list_limit", defaults.list_limit)),
        forge=str(ysxt.get("forge") or defaults.forge),
        repo_url=str(ysxt.get("repo_url") or ""),
        branch=str(ysxt.get("branch") or defaults.branch),
    )
