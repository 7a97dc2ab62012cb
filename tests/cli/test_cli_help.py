"""Every command speaks Chinese and shows an example: found by walking the click group, so
commands added later are covered without touching this file."""

from __future__ import annotations

import re
from typing import Iterator

import click
import pytest
from click.testing import CliRunner

from ysxt_build.cli.main import main

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def walk(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        yield path + (name,), command
        if isinstance(command, click.Group):
            yield from walk(command, path + (name,))


COMMANDS = list(walk(main))
IDS = [" ".join(path) for path, _ in COMMANDS]


def test_there_are_commands() -> None:
    assert "check" in main.commands


def test_main_help() -> None:
    result = CliRunner().invoke(main, ["--help"], prog_name="ysxt")
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert CHINESE.search(main.help or "")
    for name in main.commands:
        assert name in result.output


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_command_help_is_chinese_with_an_example(path: tuple[str, ...], command: click.Command) -> None:
    help_text = command.help or ""
    assert CHINESE.search(help_text), f"ysxt {' '.join(path)} 的帮助不是中文"
    assert any(line.strip().startswith("例") for line in help_text.splitlines()), (
        f"ysxt {' '.join(path)} 的帮助里没有“例：”一行"
    )
    assert command.short_help is None or CHINESE.search(command.short_help)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_command_help_runs(path: tuple[str, ...], command: click.Command) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="ysxt")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：")
    assert f"ysxt {' '.join(path)}" in result.output
    assert "例" in result.output
    assert "Show this message" not in result.output


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_option_is_explained_in_chinese(path: tuple[str, ...], command: click.Command) -> None:
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help", "version"):
            assert CHINESE.search(param.help or ""), f"ysxt {' '.join(path)} {param.opts[0]} 没有中文说明"


def test_short_help_option() -> None:
    result = CliRunner().invoke(main, ["-h"], prog_name="ysxt")
    assert result.exit_code == 0
    assert result.output.startswith("用法：")


ENGLISH_PLACEHOLDER = re.compile(r"\b(OPTIONS|COMMAND|ARGS|INTEGER|TEXT|FLOAT|PATH|FILENAME|FILES?|DIRECTORY|BOOLEAN|RANGE)\b")


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_has_no_english_placeholders(path: tuple[str, ...], command: click.Command) -> None:
    """Nested groups too (ysxt export --help, ysxt export summary --help): 用法、[选项]、命令 [参数]、整数."""
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="ysxt", terminal_width=200)
    found = ENGLISH_PLACEHOLDER.findall(result.output)
    assert not found, f"ysxt {' '.join(path)} --help 中有英文占位词 {found}：\n{result.output}"
    if isinstance(command, click.Group):
        assert f"ysxt {' '.join(path)} [选项] 命令 [参数]..." in result.output
