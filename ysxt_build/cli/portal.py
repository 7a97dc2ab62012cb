"""``ysxt build`` and ``ysxt serve``: the portal's commands (registered in cli.py)."""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

import click

from ..portal.build import Generated, PortalError, build_site, generate
from ..portal.site import UnsafeOutput, check_site_dir
from .common import CONTEXT, DATE, EXIT_FINDINGS, EXIT_USAGE, require_repo
from .reference import command_reference

EXIT_FAILED = EXIT_FINDINGS


def _report(g: Generated) -> None:
    r = g.result
    click.echo(
        f"已生成页面：{g.pages} 个（更新 {len(r.written)}，未变 {r.unchanged}，删除旧页面 {len(r.deleted)}），"
        f"用时 {g.seconds:.1f} 秒。",
        err=True,
    )
    if g.load_errors:
        click.echo(f"注意：有 {g.load_errors} 个文件有错误，没有计入；请运行 ysxt check 查看并改正。", err=True)
    if r.kept:
        shown = "、".join(f"docs/{k}" for k in r.kept[:5]) + (f" 等 {len(r.kept)} 个" if len(r.kept) > 5 else "")
        click.echo(
            f"注意：{shown} 不是这次生成的页面，也不能确认是 ysxt 以前生成的，所以没有删除；"
            "如果不需要，请手动删除（它们也会出现在网站上）。",
            err=True,
        )


@contextlib.contextmanager
def _failures() -> Iterator[None]:
    """A refusal to write (a link, a folder outside the repository: exit code 2) or a failed
    build (exit code 1) as one Chinese line."""
    try:
        yield
    except UnsafeOutput as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(EXIT_USAGE)
    except PortalError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(EXIT_FAILED)


_repo = click.option(
    "--repo", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    help="记录仓库的位置（含 records/、docs/ 和 mkdocs.yml 的文件夹）。",
)
_as_of = click.option("--as-of", "as_of", type=DATE, default=None, help="按哪一天的情况生成（YYYY-MM-DD），默认今天。")
_source = click.option(
    "--source-url", default=None, metavar="网址",
    help="来源文件链接的网址前缀，例如 https://git.example.cn/town/records/src/branch/main/；"
    "默认取 mkdocs.yml 中 extra.ysxt.source_url，不设则只显示文件路径。",
)


@click.command(context_settings=CONTEXT)
@_repo
@_as_of
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="文件夹", help="网站输出到哪里，默认仓库下的 site/。")
@click.option("--markdown-only", is_flag=True, help="只生成 docs/ 下的 Markdown 页面，不运行 MkDocs。")
@_source
@click.option("--no-cache", is_flag=True, help="不使用也不更新缓存（.ysxt-cache/），全部重新计算和转换；结果与使用缓存时相同。")
def build(repo: Path, as_of: Optional[date], site_dir: Optional[Path], markdown_only: bool, source_url: Optional[str],
          no_cache: bool) -> None:
    """生成内部门户网站（首页、责任清单、各组织、记录、日历等）。

    先按记录计算各项责任的状态，把页面写成 docs/ 下的 Markdown，
    再用 MkDocs 生成静态网站（严格模式：有任何警告都算失败）。
    生成的 site/ 文件夹可以用任何静态网页服务器在内网发布。

    \b
    例：
      ysxt build                            生成到 site/
      ysxt build --as-of 2025-12-31         按 2025 年底的情况生成
      ysxt build --markdown-only && mkdocs build --strict

    退出码：0 成功，1 网站生成失败，2 用法或环境错误。
    """
    root = require_repo(repo)
    day = as_of or date.today()
    target = site_dir if site_dir is not None else root / "site"
    with _failures():
        if not markdown_only:
            check_site_dir(root, target)  # before anything is written
        _report(generate(root, day, source_url, use_cache=not no_cache, commands=command_reference()))
        if markdown_only:
            return
        build_site(root, target, use_cache=not no_cache)
    click.echo(
        f"网站已生成：{target}\n请用网页服务器发布这个文件夹后用网址访问（本机预览用 ysxt serve）；"
        "直接双击打开其中的 index.html 也能浏览，但搜索不能用。",
        err=True,
    )


@click.command(context_settings=CONTEXT)
@_repo
@_as_of
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="地址:端口", help="预览服务器的地址和端口。")
@_source
def serve(repo: Path, as_of: Optional[date], dev_addr: str, source_url: Optional[str]) -> None:
    """在本机预览门户，记录有改动时自动更新页面。

    records/ 下的文件一有改动就重新计算并生成页面，浏览器自动刷新。
    按 Ctrl+C 停止。正式发布请用 ysxt build 生成 site/ 文件夹。

    \b
    例：
      ysxt serve                            然后用浏览器打开 http://127.0.0.1:8000/
      ysxt serve --dev-addr 0.0.0.0:8000    让同一内网的其他电脑也能访问

    退出码：0 正常停止，1 出错，2 用法或环境错误。
    """
    from ..portal.serve import serve_site

    root = require_repo(repo)
    commands = command_reference()

    def regenerate() -> set[str]:
        g = generate(root, as_of or date.today(), source_url, commands=commands)
        _report(g)
        return set(g.files)

    with _failures():
        serve_site(root, dev_addr, regenerate)
