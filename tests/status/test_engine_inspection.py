"""The town committee's half-year inspections (三) and the corrections they require."""

from __future__ import annotations

from datetime import date

from tests.builders.repo import Repo
from ysxt_build.check.repository import load_repository
from ysxt_build.status.engine import compute_status
from ysxt_build.status.model import Entry

BRANCH = """\
id: hexi-branch
name: 河西村党支部
kind: branch
category: village
parent: town
founded: "2010-01-01"
members:
  - id: m-zhao-lei
    name: 赵磊
    role: secretary
    from: "2020-01-01"
"""

INSPECTION = """\
id: 2025-town-jc-01
type: inspection
organization: town
date: "2025-07-10"
title: 2025年上半年意识形态工作责任制检查（青山村）
inspection:
  target: qingshan-village
  period: 2025H1
  methods: [on_site, files, self_report]
  conclusion: fair
  findings: [阵地登记未及时更新]
  corrections:
    - id: c1
      text: 更新阵地登记
      deadline: "2025-08-31"
    - id: c2
      text: 补齐会议记录
      deadline: "2025-09-30"
"""

RECTIFICATION = """\
id: 2025-qingshan-village-zg-01
type: rectification
organization: qingshan-village
date: "{day}"
title: 整改阵地登记
responds_to: [2025-town-jc-01]
rectification:
  items: [c1]
"""


def entries(repo: Repo, as_of: date, obligation: str) -> list[Entry]:
    loaded = load_repository(repo.root, use_cache=False)
    assert not loaded.problems, loaded.problems
    return [e for e in compute_status(loaded.dataset, as_of).entries if e.obligation == obligation]


def test_inspection_coverage_lists_organisations_not_yet_inspected(repo: Repo) -> None:
    repo.write("records/organizations/hexi-branch.yaml", BRANCH)
    repo.write("records/activities/2025/town/2025-town-jc-01.yaml", INSPECTION)
    (h1,) = [e for e in entries(repo, date(2025, 8, 15), "town-inspection") if e.period == "2025H1"]
    assert h1.organization == "town"
    assert h1.status == "overdue"  # one of two inspected, due 2025-07-31 (half end + 31 days)
    assert (h1.required, h1.done) == (2, 1)
    assert h1.records == ("2025-town-jc-01",)
    assert h1.note == "还有 1 个组织未检查：河西村党支部；截止 2025-07-31"


def test_inspection_coverage_met_when_every_organisation_inspected(repo: Repo) -> None:
    repo.write("records/activities/2025/town/2025-town-jc-01.yaml", INSPECTION)
    (h1,) = [e for e in entries(repo, date(2025, 8, 15), "town-inspection") if e.period == "2025H1"]
    assert (h1.status, h1.completed_on) == ("met", date(2025, 7, 10))


def test_corrections_are_owed_by_the_inspected_organisation(repo: Repo) -> None:
    repo.write("records/activities/2025/town/2025-town-jc-01.yaml", INSPECTION)
    repo.write(
        "records/activities/2025/qingshan-village/2025-qingshan-village-zg-01.yaml",
        RECTIFICATION.format(day="2025-08-20"),
    )
    found = {e.trigger: e for e in entries(repo, date(2025, 10, 15), "org-rectification")}
    assert set(found) == {"2025-town-jc-01#c1", "2025-town-jc-01#c2"}
    c1, c2 = found["2025-town-jc-01#c1"], found["2025-town-jc-01#c2"]
    assert (c1.organization, c1.status, c1.due) == ("qingshan-village", "met", date(2025, 8, 31))
    assert c1.records == ("2025-qingshan-village-zg-01",)
    assert (c2.status, c2.due) == ("missing", date(2025, 9, 30))
    assert "补齐会议记录" in c2.note and "至今未整改" in c2.note


def test_correction_open_before_its_deadline_and_late_after(repo: Repo) -> None:
    repo.write("records/activities/2025/town/2025-town-jc-01.yaml", INSPECTION)
    early = {e.trigger: e for e in entries(repo, date(2025, 7, 20), "org-rectification")}
    assert early["2025-town-jc-01#c1"].status == "open"  # 42 days left, warning window is 30
    before = {e.trigger: e for e in entries(repo, date(2025, 8, 10), "org-rectification")}
    assert before["2025-town-jc-01#c1"].status == "due_soon"
    repo.write(
        "records/activities/2025/qingshan-village/2025-qingshan-village-zg-01.yaml",
        RECTIFICATION.format(day="2025-09-05"),
    )
    late = {e.trigger: e for e in entries(repo, date(2025, 10, 15), "org-rectification")}
    assert late["2025-town-jc-01#c1"].status == "met_late"
