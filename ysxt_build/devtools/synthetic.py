"""A synthetic county-scale records repository, for benchmarks and tests.

``generate(out_dir, ...)`` writes a complete repository that passes
``ysxt check --as-of 2026-12-31``: the real plan, a town committee, N party organisations
(general branches with branches under them; villages, communities, offices, schools and
enterprises; some founded or dissolved during the period, some with a change of secretary),
their leading groups, and M activity records over 2022–2026 of every record type, with
valid references (people in office on the day, responses to earlier directives and
incidents, lectures approved beforehand) and evidence (paper-archive references, and a few
small files with their SHA-256).

Everything is decided by ``random.Random(seed)``: the same arguments give byte-identical
files. Nothing reads the clock.

Command line::

    python -m ysxt_build.devtools.synthetic OUT_DIR --orgs 1000 --members 5000 --records 100000 --seed 1
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional, Sequence

from ..records import layout

FIRST_YEAR = 2022
LAST_YEAR = 2026
AS_OF = date(LAST_YEAR, 12, 31)
TOWN_ID = "town"
DEFAULT_ORGS = 1000
MEMBERS_PER_ORG = 5
DEFAULT_RECORDS = 100_000
EVIDENCE_FILE_EVERY = 500  # one record in this many carries a real evidence file

_START = date(FIRST_YEAR, 1, 1).toordinal()
_END = AS_OF.toordinal()


def _o(y: int, m: int, d: int) -> int:
    return date(y, m, d).toordinal()


def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


def _year(day: int) -> int:
    return date.fromordinal(day).year


# -- YAML text ----------------------------------------------------------------------------

_PLAIN = re.compile(
    "[0-9A-Za-z\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u201c\u2018]"
    "[^\\x00-\\x1f:#\\[\\]{},&*!|>'\"%@`\\\\]*"
)
_RESERVED = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null|~)|[-+]?[0-9][0-9_.eE+-]*|[-+]?\.[0-9].*"
)


def _s(value: str) -> str:
    """A YAML scalar: plain when it is safe to be, double-quoted otherwise."""
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and not _RESERVED.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(_s(v) for v in values) + "]"


# -- vocabulary ---------------------------------------------------------------------------

_SURNAMES = [
    ("张", "zhang"), ("王", "wang"), ("李", "li"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
    ("胡", "hu"), ("朱", "zhu"), ("高", "gao"), ("林", "lin"), ("何", "he"), ("郭", "guo"),
    ("马", "ma"), ("罗", "luo"), ("梁", "liang"), ("宋", "song"), ("郑", "zheng"), ("谢", "xie"),
    ("韩", "han"), ("唐", "tang"), ("冯", "feng"), ("于", "yu"), ("董", "dong"), ("萧", "xiao"),
    ("程", "cheng"), ("曹", "cao"), ("袁", "yuan"), ("邓", "deng"), ("许", "xu"), ("傅", "fu"),
    ("沈", "shen"), ("曾", "zeng"), ("彭", "peng"), ("吕", "lv"),
]
_GIVEN = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"),
    ("平", "ping"), ("刚", "gang"), ("桂", "gui"), ("英", "ying"), ("华", "hua"), ("建", "jian"),
    ("国", "guo"), ("红", "hong"), ("文", "wen"), ("志", "zhi"), ("海", "hai"), ("玉", "yu"),
    ("兰", "lan"), ("春", "chun"), ("晓", "xiao"), ("东", "dong"), ("林", "lin"), ("斌", "bin"),
    ("浩", "hao"), ("宇", "yu"), ("鹏", "peng"), ("辉", "hui"),
]
_PLACE = [
    ("青", "qing"), ("山", "shan"), ("河", "he"), ("东", "dong"), ("西", "xi"), ("南", "nan"),
    ("北", "bei"), ("石", "shi"), ("林", "lin"), ("桥", "qiao"), ("湾", "wan"), ("新", "xin"),
    ("和", "he"), ("平", "ping"), ("安", "an"), ("富", "fu"), ("民", "min"), ("兴", "xing"),
    ("华", "hua"), ("龙", "long"), ("凤", "feng"), ("柳", "liu"), ("桃", "tao"), ("杨", "yang"),
    ("金", "jin"), ("银", "yin"), ("水", "shui"), ("田", "tian"), ("坪", "ping"), ("岭", "ling"),
    ("沟", "gou"), ("坝", "ba"), ("庄", "zhuang"), ("塘", "tang"), ("溪", "xi"), ("岗", "gang"),
    ("丰", "feng"), ("乐", "le"), ("泉", "quan"), ("云", "yun"),
]
_OFFICES = [
    ("党政办", "dzb"), ("财政所", "czs"), ("农业农村服务中心", "nyzx"), ("综合文化站", "whz"),
    ("司法所", "sfs"), ("社会事务办", "swb"), ("经济发展办", "jfb"), ("综治中心", "zzzx"),
    ("自然资源所", "zrs"), ("退役军人服务站", "tyjr"), ("便民服务中心", "bmzx"),
    ("应急管理办", "yjb"), ("城建办", "cjb"), ("市场监管所", "scjg"), ("卫生院", "wsy"),
]
_SCHOOLS = [("小学", "xx"), ("中学", "zx"), ("中心小学", "zxxx"), ("幼儿园", "yey"), ("职业学校", "zyxx")]
_ENTERPRISES = [
    ("农业专业合作社", "hzs"), ("建材有限公司", "jcgs"), ("食品有限公司", "spgs"),
    ("物流有限公司", "wlgs"), ("纺织有限公司", "fzgs"), ("茶业有限公司", "cygs"),
    ("电子科技有限公司", "dzgs"), ("机械制造有限公司", "jxgs"),
]
_CATEGORY_WEIGHTS = [("village", 40), ("community", 14), ("office", 16), ("school", 15), ("enterprise", 15)]
_PORTFOLIOS = [
    "组织", "纪检", "统战", "综治维稳", "妇联", "共青团", "民兵", "经济发展", "社会事务",
    "文明实践", "教学管理", "安全生产", "生态环保",
]
_CN_NUM = "一二三四五六七八九十"

_THEMES = [
    "学习贯彻党的二十大精神", "社会主义核心价值观", "网络安全和网络文明", "铸牢中华民族共同体意识",
    "乡村振兴", "移风易俗", "法治宣传教育", "党史学习教育", "主题教育", "防范化解意识形态风险",
    "宗教工作政策", "反电信网络诈骗宣传", "新时代文明实践", "红色文化传承", "爱国主义教育",
    "习近平新时代中国特色社会主义思想", "全面从严治党", "基层治理", "未成年人思想道德建设",
    "意识形态阵地管理", "网络舆情研判", "宣传思想文化队伍建设",
]
_TOPICS_IDEO = ["意识形态工作", "网络舆情", "宣传思想工作", "舆论引导", "意识形态阵地管理"]
_TOPICS_OTHER = [
    "理论学习", "社会主义核心价值观", "网络安全", "意识形态风险研判", "新时代文明实践",
    "党风廉政建设", "乡村振兴", "精神文明建设", "统战工作", "法治宣传", "移风易俗",
    "未成年人思想道德建设", "文化惠民", "民族团结",
]
_COMMON_SENTENCES = [
    "会议强调，要切实扛起意识形态工作主体责任，书记带头抓、分管领导具体抓。",
    "要求各班子成员落实“一岗双责”，把意识形态工作与业务工作同部署、同落实、同检查。",
    "会上对照年度工作要点逐项梳理了落实情况，明确了下一步的责任分工和完成时限。",
    "要求加强对宣传栏、微信群等阵地的日常管理，做到有人管、有制度、有记录。",
    "会议指出，当前意识形态领域总体稳定，但网络舆情风险不容忽视，要做好研判和引导。",
    "与会人员结合各自分管工作作了交流发言。",
    "会后形成了会议纪要，相关材料已归档。",
    "要求党员干部增强政治敏锐性和鉴别力，不信谣、不传谣，正确引导群众。",
    "明确由分管领导牵头，每月对阵地内容进行一次检查，发现问题及时整改。",
    "强调要把意识形态工作纳入党建工作责任制，纳入年度考核的重要内容。",
    "会议还研究了近期群众关注的热点问题，提出了有针对性的宣传解读措施。",
    "要求及时向镇党委报告重要情况，确保信息畅通、处置及时。",
]
_TYPE_SENTENCES: dict[str, list[str]] = {
    "special_study": [
        "专题研究本单位意识形态工作，分析研判意识形态领域形势。",
        "听取了分管领导关于上阶段意识形态工作情况的汇报，研究部署下阶段重点任务。",
        "逐条对照实施方案，查找工作中的薄弱环节并研究改进措施。",
    ],
    "party_briefing": [
        "在党内通报了本单位意识形态领域的总体情况和需要关注的问题。",
        "通报了上级关于意识形态工作的最新要求，以及本单位阵地管理检查中发现的问题。",
        "对网络舆情和群众思想动态作了分析，提出了引导意见。",
    ],
    "self_inspection": [
        "对照意识形态工作责任制考评方案开展专题自查，逐项核对台账资料。",
        "自查发现会议记录不够规范、阵地登记更新不及时等问题，已列出整改清单。",
        "自查结果形成书面报告，按要求报送镇党委。",
    ],
    "directive": [
        "收到上级关于意识形态工作的部署文件，已登记并按要求分送各党组织传达学习。",
        "文件要求各党组织第一时间传达学习，结合实际抓好贯彻落实。",
    ],
    "directive_study": [
        "第一时间传达学习上级文件精神，结合本单位实际研究贯彻落实措施。",
        "组织班子成员和党员原原本本学习文件，逐条明确落实责任。",
    ],
    "group_study": [
        "中心组成员围绕学习主题开展集中学习和交流研讨。",
        "学习了上级关于意识形态工作的重要论述，结合工作实际谈体会。",
    ],
    "cadre_training": [
        "组织党员干部开展意识形态专题培训，提升识别和应对意识形态风险的能力。",
        "培训采取专题辅导加案例分析的方式进行，参训人员完成了学习心得。",
    ],
    "theory_training": [
        "班子成员参加理论培训，系统学习党的创新理论。",
        "培训结束后进行了测试，参训班子成员全部合格。",
    ],
    "supervision": [
        "对分管范围内的意识形态工作开展督促指导和工作检查，查阅台账、实地查看阵地。",
        "检查中发现个别宣传栏内容更新不及时，已当场提出整改要求并明确整改时限。",
        "听取了相关负责同志的工作汇报，对下一步工作提出了具体意见。",
    ],
    "portfolio_meeting": [
        "根据上级部署召开分管范围意识形态工作专题会议，传达文件精神并部署落实。",
        "会议明确了分管范围内各项任务的责任人和完成时限。",
    ],
    "democratic_life_meeting": [
        "班子成员在对照检查材料中专门查摆了落实意识形态工作责任制方面的问题。",
        "开展了批评和自我批评，明确了整改措施。",
    ],
    "organisational_life_meeting": [
        "党员对照检查内容包含意识形态工作，逐一发言并开展批评和自我批评。",
        "会议对查摆出的问题建立了整改台账。",
    ],
    "duty_report": [
        "述职报告专门报告了履行意识形态工作责任制的情况。",
        "总结了本年度抓意识形态工作的做法和成效，查找了不足，提出了明年的工作打算。",
    ],
    "annual_work_plan": [
        "把意识形态工作纳入年度重点工作安排，与党建工作、中心工作同部署。",
        "明确了全年意识形态工作的重点任务、责任分工和时间节点。",
    ],
    "lecture": [
        "活动事先履行了审核报备手续，主讲内容经过审核。",
        "活动现场秩序良好，参加人员反响积极。",
    ],
    "approval": [
        "对拟举办活动的主题、主讲人、内容提纲和参加对象进行了审核。",
        "审核意见已书面反馈举办单位，活动方案已存档备查。",
    ],
    "incident": [
        "发现情况后立即核实，掌握了基本情况和传播范围。",
        "事件只涉及组织层面的概况，未涉及群众个人信息。",
    ],
    "incident_report": [
        "第一时间以书面形式向镇党委报告了有关情况。",
        "报告说明了事件的基本情况、已采取的措施和下一步工作打算。",
    ],
    "incident_response": [
        "班子成员靠前指挥，组织人员开展研判处置，及时发布权威信息回应关切。",
        "经过处置，相关信息已得到澄清，未造成进一步影响。",
        "事后召开分析会，总结经验教训，完善了应对预案。",
    ],
    "other": [
        "走访联系党外代表人士和新媒体从业人员，听取意见建议。",
        "组织宣传思想文化骨干开展业务交流，加强队伍建设。",
        "对本单位管理的宣传阵地进行了巡查，登记了阵地基本情况。",
    ],
}
_EVIDENCE_TITLES: dict[str, list[str]] = {
    "meeting": ["会议记录", "签到表", "会议纪要", "会议照片"],
    "self_inspection": ["自查报告", "问题整改清单", "签到表"],
    "party_briefing": ["通报文件", "会议记录"],
    "training": ["培训课件", "签到表", "学习记录", "学习心得"],
    "supervision": ["检查记录表", "督导反馈意见"],
    "duty_report": ["述职报告"],
    "annual_work_plan": ["年度工作要点", "会议记录"],
    "lecture": ["活动方案", "签到表", "讲稿"],
    "approval": ["审核报备表"],
    "directive": ["文件原件", "文件签收单"],
    "incident": ["情况记录"],
    "incident_report": ["情况报告"],
    "incident_response": ["处置记录", "研判会记录"],
    "other": ["工作记录", "走访记录"],
}
_EVIDENCE_KIND = {
    "special_study": "meeting", "directive_study": "meeting", "portfolio_meeting": "meeting",
    "democratic_life_meeting": "meeting", "organisational_life_meeting": "meeting",
    "group_study": "training", "cadre_training": "training", "theory_training": "training",
}
_ABBR = {
    "special_study": "zyyj", "party_briefing": "dntb", "self_inspection": "ztzc",
    "directive": "sjbs", "directive_study": "cdxx", "group_study": "zxz",
    "cadre_training": "gbpx", "theory_training": "llpx", "supervision": "dcjc",
    "portfolio_meeting": "fghy", "democratic_life_meeting": "mzsh",
    "organisational_life_meeting": "zzsh", "duty_report": "szbg", "annual_work_plan": "ndap",
    "lecture": "jz", "approval": "shbb", "incident": "sj", "incident_report": "qkbg",
    "incident_response": "sjcz", "other": "qt",
}
RECORD_TYPES: tuple[str, ...] = tuple(_ABBR)
# Same-day order: what is referred to comes first.
_TYPE_ORDER = {t: i for i, t in enumerate(
    ["directive", "incident", "approval", "incident_report", "incident_response", "lecture"]
    + [t for t in _ABBR if t not in
       ("directive", "incident", "approval", "incident_report", "incident_response", "lecture")]
)}
_DIRECTIVE_ISSUERS = [
    ("中共XX县委宣传部", "X宣发"), ("中共XX县委办公室", "X委办发"), ("中共XX县委网信办", "X网信发"),
    ("中共XX县委组织部", "X组发"), ("中共XX县委", "X发"), ("XX县委教育工委", "X教工委发"),
]
_DIRECTIVE_TITLES = [
    "关于做好{y}年意识形态工作的通知",
    "关于进一步加强网络意识形态工作的意见",
    "关于开展{t}宣传教育活动的通知",
    "关于认真学习贯彻{t}有关精神的通知",
    "关于印发《{y}年全县宣传思想文化工作要点》的通知",
    "关于加强意识形态阵地管理的通知",
    "关于做好重要时间节点网络舆情监测应对工作的通知",
    "关于开展意识形态工作责任制落实情况督查的通知",
]
_INCIDENTS: dict[str, list[str]] = {
    "public_opinion": [
        "网络平台出现涉{p}征地补偿的不实信息", "网络平台出现涉{p}低保评定的负面帖文",
        "短视频平台出现涉{p}环境整治的片面信息", "网络平台出现涉{p}工程质量的质疑帖文",
        "本地论坛出现涉{p}物业收费的集中讨论", "网络平台出现涉{p}学校招生的不实传言",
    ],
    "public_event": [
        "{p}暴雨内涝引发网络关注", "{p}道路交通事故引发群众关注", "{p}企业劳资纠纷引发关注",
    ],
    "position": [
        "{p}公开栏张贴内容出现导向偏差", "{p}工作群转发不实信息", "{p}公众号推文出现审核疏漏",
    ],
    "other": ["{p}意识形态领域其他重大情况", "{p}发现非法宣传品"],
}
_LECTURE_SPEAKERS = [
    "县委党校教师", "县委宣讲团成员", "镇党委书记", "县融媒体中心记者", "县人民法院法官",
    "县文化馆馆员", "县委党史研究室工作人员", "镇党委宣传委员",
]
_POSITION_KINDS: dict[str, list[tuple[str, str]]] = {
    "village": [("board", "村务公开栏"), ("chat_group", "村民微信群"), ("library", "农家书屋"),
                ("broadcast", "村广播"), ("lecture_hall", "新时代文明实践站")],
    "community": [("board", "社区宣传栏"), ("chat_group", "居民微信群"), ("wechat_account", "社区公众号"),
                  ("lecture_hall", "社区文化礼堂")],
    "office": [("board", "政务公开栏"), ("chat_group", "工作群")],
    "school": [("board", "校园宣传栏"), ("website", "学校网站"), ("wechat_account", "学校公众号"),
               ("broadcast", "校园广播")],
    "enterprise": [("board", "企业宣传栏"), ("chat_group", "职工微信群")],
}

# Random additions after the yearly cadence: (type, weight).
_FILL_WEIGHTS = [
    ("supervision", 20), ("directive_study", 15), ("portfolio_meeting", 6), ("group_study", 8),
    ("cadre_training", 5), ("theory_training", 5), ("special_study", 4), ("party_briefing", 3),
    ("lecture", 6), ("incident", 5), ("other", 15), ("organisational_life_meeting", 2),
    ("approval", 1),
]
# The yearly cadence: (type, first month-day, last month-day).
_CADENCE = [
    ("annual_work_plan", (1, 5), (3, 31)),
    ("special_study", (1, 15), (6, 30)),
    ("special_study", (7, 1), (12, 20)),
    ("party_briefing", (3, 1), (11, 30)),
    ("self_inspection", (5, 20), (7, 10)),
    ("self_inspection", (11, 20), (12, 31)),
    ("group_study", (2, 1), (6, 30)),
    ("group_study", (8, 1), (11, 30)),
    ("cadre_training", (3, 1), (11, 30)),
    ("theory_training", (4, 1), (10, 31)),
    ("life_meeting", (12, 1), (12, 31)),
    ("duty_report", (12, 10), (12, 31)),
]
_CADENCE_SKIP = 0.08  # share of cadence items an organisation fails to record


# -- the model being generated ------------------------------------------------------------


@dataclass
class _Term:
    member_id: str
    name: str
    role: str
    portfolio: str
    start: int
    end: Optional[int] = None

    def holds(self, day: int) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class _Org:
    id: str
    name: str
    short: str  # the unit's name, e.g. 青山村
    kind: str
    category: str
    parent: Optional[str]
    founded: int
    dissolved: Optional[int] = None
    terms: list[_Term] = field(default_factory=list)
    positions: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    reviewed: list[int] = field(default_factory=list)
    watch: Optional[int] = None
    size: int = 3

    @property
    def first(self) -> int:
        return max(self.founded, _START)

    @property
    def last(self) -> int:
        return min(self.dissolved, _END) if self.dissolved is not None else _END

    def holders(self, day: int) -> list[_Term]:
        return [t for t in self.terms if t.holds(day)]

    def holder(self, day: int, role: str) -> _Term:
        for t in self.terms:
            if t.role == role and t.holds(day):
                return t
        raise AssertionError(f"{self.id}: no {role} on {_iso(day)}")


@dataclass(eq=False)
class _Rec:
    type: str
    org: _Org
    day: int
    theme: str
    summary: str
    topics: list[str]
    lead: Optional[str] = None
    participants: list[str] = field(default_factory=list)
    attendance: Optional[int] = None
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (title, archive)
    evidence_file: bool = False
    responds_to: list["_Rec"] = field(default_factory=list)
    report: Optional[tuple[int, str]] = None  # (submitted_on, document_no)
    directive: Optional[tuple[str, str, Optional[list[str]], Optional[int]]] = None
    incident: Optional[tuple[str, str]] = None
    lecture: Optional[tuple[str, str, Optional["_Rec"]]] = None
    approval: Optional[tuple[str, str]] = None
    serial: int = 0
    id: str = ""
    seq: int = 0


@dataclass(frozen=True)
class Summary:
    """What was written."""

    organizations: int
    members: int
    records: int
    evidence_files: int
    by_type: dict[str, int]


# -- the generator ------------------------------------------------------------------------


class _Generator:
    def __init__(self, seed: int, orgs: int, members: int, records: int, reviewed_as_list: bool) -> None:
        self.rng = random.Random(seed)
        self.n_orgs = orgs
        self.n_members = members
        self.n_records = records
        self.reviewed_as_list = reviewed_as_list
        self.orgs: list[_Org] = []
        self.org_ids: set[str] = set()
        self.member_ids: set[str] = set()
        self.records: list[_Rec] = []
        self.serial = 0
        self.all_directives: list[_Rec] = []
        self.all_directive_days: list[int] = []
        self.listed_directives: dict[str, list[_Rec]] = {}
        self.doc_counter: Counter[tuple[str, int]] = Counter()

    # -- helpers --------------------------------------------------------------------------

    def _day(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def _unique_org_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.org_ids:
            candidate = f"{base}-{n}"
            n += 1
        self.org_ids.add(candidate)
        return candidate

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        sur, sur_py = rng.choice(_SURNAMES)
        parts = [rng.choice(_GIVEN) for _ in range(1 if rng.random() < 0.35 else 2)]
        name = sur + "".join(c for c, _ in parts)
        base = f"m-{sur_py}-{''.join(p for _, p in parts)}"
        candidate, n = base, 2
        while candidate in self.member_ids:
            candidate = f"{base}-{n}"
            n += 1
        self.member_ids.add(candidate)
        return candidate, name

    def _place(self) -> tuple[str, str]:
        (a, pa), (b, pb) = self.rng.sample(_PLACE, 2)
        return a + b, pa + pb

    # -- organisations --------------------------------------------------------------------

    def build_organizations(self) -> None:
        rng = self.rng
        town = _Org(TOWN_ID, "中共XX镇委员会", "XX镇", "town_committee", "town", None, _o(1984, 1, 1))
        self.org_ids.add(TOWN_ID)
        town.size = 7
        units: list[_Org] = []
        categories = [c for c, _ in _CATEGORY_WEIGHTS]
        weights = [w for _, w in _CATEGORY_WEIGHTS]
        while len(units) < self.n_orgs:
            category = rng.choices(categories, weights)[0]
            place, py = self._place()
            with_branches = 0
            if category in ("village", "community"):
                kind = "general_branch" if rng.random() < 0.75 else "branch"
                suffix = "村" if category == "village" else "社区"
                short = place + suffix
                base = f"{py}-{category}"
                if kind == "general_branch" and rng.random() < 0.6:
                    with_branches = rng.randint(1, 3)
            else:
                table = {"office": _OFFICES, "school": _SCHOOLS, "enterprise": _ENTERPRISES}[category]
                unit, abbr = rng.choice(table)
                short = place + unit
                base = f"{py}-{abbr}"
                kind = "branch"
                if category in ("school", "enterprise") and rng.random() < 0.2:
                    kind = "general_branch"
                    with_branches = rng.randint(1, 2)
            org_id = self._unique_org_id(base)
            name = short + ("党总支" if kind == "general_branch" else "党支部")
            founded, dissolved = self._lifetime(None)
            parent_org = _Org(org_id, name, short, kind, category, TOWN_ID, founded, dissolved)
            units.append(parent_org)
            for k in range(1, with_branches + 1):
                if len(units) >= self.n_orgs:
                    break
                label = _CN_NUM[k - 1]
                prefix = "教师" if category == "school" else ("职工" if category == "enterprise" else "")
                sub_id = self._unique_org_id(f"{org_id}-b{k}")
                sub_founded, sub_dissolved = self._lifetime(parent_org)
                units.append(
                    _Org(sub_id, f"{short}{prefix}第{label}党支部", f"{short}{prefix}第{label}支部", "branch",
                         category, org_id, sub_founded, sub_dissolved)
                )
        # leading-group sizes: exactly n_members people over the units, at least three each
        base_size, extra = divmod(self.n_members, max(1, len(units)))
        for i, org in enumerate(units):
            org.size = max(3, base_size + (1 if i < extra else 0))
        self.orgs = [town] + units
        for org in self.orgs:
            self._leading_group(org)
            self._positions(org)

    def _lifetime(self, parent: Optional[_Org]) -> tuple[int, Optional[int]]:
        rng = self.rng
        roll = rng.random()
        if parent is None:
            if roll < 0.06:  # founded during the period
                founded = self._day(_START + 1, _o(LAST_YEAR, 9, 30))
            else:
                founded = self._day(_o(1990, 1, 1), _o(FIRST_YEAR - 1, 12, 31))
            dissolved = None
            if rng.random() < 0.06:
                first = max(founded, _START) + 120
                if first <= _o(LAST_YEAR, 10, 31):
                    dissolved = self._day(first, _o(LAST_YEAR, 10, 31))
            return founded, dissolved
        lo = parent.founded
        hi = min(parent.last - 120, _o(LAST_YEAR, 9, 30))
        if roll < 0.1 and hi > max(lo, _START):
            founded = self._day(max(lo, _START), hi)
        else:
            founded = self._day(lo, max(lo, min(hi, _START - 1)))
        dissolved = parent.dissolved
        if dissolved is None and rng.random() < 0.04:
            first = max(founded, _START) + 120
            if first <= _o(LAST_YEAR, 10, 31):
                dissolved = self._day(first, _o(LAST_YEAR, 10, 31))
        return founded, dissolved

    def _leading_group(self, org: _Org) -> None:
        rng = self.rng
        a, b = org.first, org.last
        start = org.founded if org.founded >= _START else self._day(max(org.founded, _o(2016, 1, 1)), _START - 1)
        change = org.size >= 4 and b - a > 150 and rng.random() < (0.8 if org.kind == "town_committee" else 0.15)
        slots = org.size - (1 if change else 0)
        people = [self._person() for _ in range(slots)]
        terms: list[_Term] = []
        for i, (mid, name) in enumerate(people):
            if i == 0:
                role, portfolio = "secretary", "全面工作"
            elif i == 1:
                role, portfolio = "member_in_charge", "宣传思想、意识形态"
            else:
                role, portfolio = "committee_member", _PORTFOLIOS[(i - 2) % len(_PORTFOLIOS)]
            member_start = start if i < 2 or rng.random() < 0.7 else self._day(start, max(start, a))
            terms.append(_Term(mid, name, role, portfolio, member_start))
        if change:
            when = self._day(a + 60, b - 30)
            terms[0].end = when - 1
            mid, name = self._person()
            terms.append(_Term(mid, name, "secretary", "全面工作", when))
        if len(terms) >= 5 and b - a > 150 and rng.random() < 0.1:
            leaver = terms[2]
            leaver.end = self._day(max(leaver.start, a) + 60, b - 30)
        if org.dissolved is not None:
            for t in terms:
                if t.end is None or t.end > org.dissolved:
                    t.end = org.dissolved
        org.terms = terms

    def _positions(self, org: _Org) -> None:
        rng = self.rng
        kinds = _POSITION_KINDS.get(org.category, [("board", "宣传栏"), ("wechat_account", "“XX镇发布”公众号")])
        if org.kind == "town_committee":
            kinds = [("wechat_account", "“XX镇发布”微信公众号"), ("board", "镇政务公开栏"), ("website", "镇政府网站")]
        count = rng.randint(1, len(kinds))
        manager = org.terms[1].member_id
        for i, (kind, label) in enumerate(kinds[:count]):
            since = self._day(max(org.founded, _o(2005, 1, 1)), max(org.founded, _o(2023, 12, 31)))
            if since > org.last:
                since = org.founded
            name = label if org.kind == "town_committee" or label.startswith("“") else f"{org.short}{label}"
            org.positions.append((f"{kind.replace('_', '-')}-{i + 1}", name, kind, manager, since))
        # reviews of the register: about every half year, with gaps
        day = org.first + rng.randint(20, 120)
        while day <= org.last:
            if rng.random() < 0.85:
                org.reviewed.append(day)
            day += rng.randint(150, 200)
        if not org.reviewed:
            org.reviewed.append(org.first)
        if org.kind == "town_committee" or rng.random() < 0.7:
            org.watch = self._day(org.founded, max(org.founded, min(org.last, _o(2024, 6, 30))))

    # -- records --------------------------------------------------------------------------

    def build_records(self) -> None:
        n_directives = max(1, self.n_records // 200) if self.n_records >= 2 else self.n_records
        remaining = self.n_records - n_directives
        town = self.orgs[0]
        self._directives(town, n_directives)
        weights = [(o.last - o.first + 1) * (3 if o.kind == "town_committee" else 1) for o in self.orgs]
        budgets = _apportion(remaining, weights)
        for org, budget in zip(self.orgs, budgets):
            self._org_records(org, budget)

    def _new(self, type_: str, org: _Org, day: int, theme: str = "") -> _Rec:
        rng = self.rng
        sentences = _TYPE_SENTENCES[type_]
        picked = rng.sample(sentences, rng.randint(1, min(2, len(sentences))))
        if type_ not in ("directive", "incident", "approval"):
            picked += rng.sample(_COMMON_SENTENCES, rng.randint(1, 3))
        theme = theme or rng.choice(_THEMES)
        summary = (f"围绕“{theme}”，" if rng.random() < 0.5 else "") + "".join(picked)
        if type_ in ("incident", "self_inspection", "supervision", "approval"):
            topics = ["意识形态工作"] if type_ != "incident" else [rng.choice(["网络舆情", "意识形态风险研判"])]
        else:
            topics = []
            if rng.random() < 0.92:
                topics.append(rng.choice(_TOPICS_IDEO))
            topics += [t for t in rng.sample(_TOPICS_OTHER, rng.randint(0, 2)) if t not in topics]
            if not topics:
                topics.append(rng.choice(_TOPICS_OTHER))
        rec = _Rec(type_, org, day, theme, summary, topics)
        if rng.random() < 0.88 or type_ == "self_inspection":
            kind = _EVIDENCE_KIND.get(type_, type_)
            titles = _EVIDENCE_TITLES.get(kind, ["工作记录"])
            year = _year(day)
            for title in rng.sample(titles, rng.randint(1, min(3, len(titles)))):
                if org.kind == "town_committee":
                    archive = f"镇党委办公室档案{year}年第{rng.randint(1, 40)}卷"
                else:
                    archive = f"{org.short}党建档案{year}-{rng.randint(1, 12):02d}号盒"
                rec.evidence.append((title, archive))
        self.serial += 1
        rec.serial = self.serial
        rec.evidence_file = self.serial % EVIDENCE_FILE_EVERY == 1
        self.records.append(rec)
        return rec

    def _meeting_people(self, rec: _Rec, lead_role: str = "secretary", everyone: bool = False) -> None:
        rng = self.rng
        holders = rec.org.holders(rec.day)
        lead = rec.org.holder(rec.day, lead_role)
        rec.lead = lead.member_id
        if everyone or len(holders) <= 3:
            chosen = holders
        else:
            others = [t for t in holders if t is not lead]
            keep = rng.randint(max(1, len(others) - 2), len(others))
            kept = set(id(t) for t in rng.sample(others, keep))
            chosen = [t for t in holders if t is lead or id(t) in kept]
        rec.participants = [t.member_id for t in chosen]
        rec.attendance = len(chosen) + rng.randint(0, 60)

    def _directives(self, town: _Org, count: int) -> None:
        rng = self.rng
        days = sorted(self._day(_START, _END) for _ in range(count))
        others = self.orgs[1:]
        for day in days:
            year = _year(day)
            issuer, prefix = rng.choice(_DIRECTIVE_ISSUERS)
            self.doc_counter[(prefix, year)] += 1
            doc_no = f"{prefix}〔{year}〕{self.doc_counter[(prefix, year)]}号"
            applies: Optional[list[str]] = None
            if rng.random() < 0.2 and others:
                alive = [o.id for o in others if o.first <= day <= o.last]
                if alive:
                    applies = sorted(rng.sample(alive, min(len(alive), rng.randint(2, 10))))
            deadline = rng.choice([3, 5, 10, 15]) if rng.random() < 0.15 else None
            rec = self._new("directive", town, day)
            rec.directive = (issuer, doc_no, applies, deadline)
            rec.topics = ["意识形态工作"]
            if applies is None:
                self.all_directives.append(rec)
                self.all_directive_days.append(day)
            else:
                for org_id in applies:
                    self.listed_directives.setdefault(org_id, []).append(rec)

    def _pick_directive(self, org: _Org) -> Optional[_Rec]:
        a, b = org.first, org.last
        lo = bisect.bisect_left(self.all_directive_days, a)
        hi = bisect.bisect_right(self.all_directive_days, b)
        listed = [d for d in self.listed_directives.get(org.id, ()) if a <= d.day <= b]
        total = (hi - lo) + len(listed)
        if total == 0:
            return None
        i = self.rng.randrange(total)
        return self.all_directives[lo + i] if i < hi - lo else listed[i - (hi - lo)]

    def _org_records(self, org: _Org, budget: int) -> None:
        rng = self.rng
        a, b = org.first, org.last
        cadence: list[tuple[str, int]] = []
        for year in range(_year(a), _year(b) + 1):
            ya, yb = max(a, _o(year, 1, 1)), min(b, _o(year, 12, 31))
            for type_, (m1, d1), (m2, d2) in _CADENCE:
                lo, hi = max(ya, _o(year, m1, d1)), min(yb, _o(year, m2, d2))
                if lo > hi or rng.random() < _CADENCE_SKIP:
                    continue
                if type_ == "duty_report":
                    day = self._day(lo, hi)
                    for term in org.holders(day):
                        cadence.append(("duty_report:" + term.member_id, day))
                    continue
                cadence.append((type_, self._day(lo, hi)))
        rng.shuffle(cadence)
        cadence = sorted(cadence[:budget], key=lambda it: (it[1], it[0]))
        for type_, day in cadence:
            self._single(org, type_, day)
        remaining = budget - len(cadence)
        fill_types = [t for t, _ in _FILL_WEIGHTS]
        fill_weights = [w for _, w in _FILL_WEIGHTS]
        while remaining > 0:
            type_ = rng.choices(fill_types, fill_weights)[0]
            if type_ in ("directive_study", "portfolio_meeting"):
                directive = self._pick_directive(org)
                if directive is None:
                    type_ = "other"
                else:
                    span = 10 if type_ == "directive_study" else 20
                    day = min(b, directive.day + rng.randint(0, span))
                    rec = self._new(type_, org, day, directive.theme)
                    rec.responds_to = [directive]
                    if type_ == "directive_study":
                        self._meeting_people(rec)
                    else:
                        self._meeting_people(rec, "member_in_charge")
                    remaining -= 1
                    continue
            if type_ == "lecture" and remaining >= 2:
                remaining -= self._lecture(org)
                continue
            if type_ == "incident":
                remaining -= self._incident(org, remaining)
                continue
            if type_ == "lecture":
                type_ = "other"
            self._single(org, type_, self._day(a, b))
            remaining -= 1

    def _single(self, org: _Org, type_: str, day: int) -> None:
        rng = self.rng
        if type_.startswith("duty_report:"):
            member = type_.split(":", 1)[1]
            rec = self._new("duty_report", org, day)
            rec.lead = member
            return
        if type_ == "life_meeting":
            type_ = "democratic_life_meeting" if org.kind == "town_committee" else "organisational_life_meeting"
        rec = self._new(type_, org, day)
        if type_ == "supervision":
            holders = org.holders(day)
            lead = rng.choice(holders)
            rec.lead = lead.member_id
            if rng.random() < 0.4 and len(holders) > 1:
                other = rng.choice([t for t in holders if t is not lead])
                rec.participants = [lead.member_id, other.member_id]
        elif type_ == "other":
            rec.lead = rng.choice(org.holders(day)).member_id
        elif type_ == "approval":
            rec.approval = ("镇党委宣传办", "rejected")
            rec.lead = org.holder(day, "member_in_charge").member_id
        elif type_ == "theory_training":
            self._meeting_people(rec, everyone=True)
        elif type_ in ("democratic_life_meeting", "organisational_life_meeting", "annual_work_plan"):
            self._meeting_people(rec, everyone=True)
        else:
            self._meeting_people(rec)
        if type_ == "self_inspection" and rng.random() < 0.9:
            submitted = min(_END, day + rng.randint(0, 12))
            year = _year(day)
            rec.report = (submitted, f"{org.short}自查〔{year}〕{1 if date.fromordinal(day).month <= 6 else 2}号")

    def _lecture(self, org: _Org) -> int:
        rng = self.rng
        a, b = org.first, org.last
        day = self._day(min(b, a + 20), b)
        form = rng.choice(["报告会", "研讨会", "讲座", "论坛", "讲坛"])
        theme = rng.choice(_THEMES)
        approved_on = max(a, day - rng.randint(2, 20))
        approval = self._new("approval", org, approved_on, theme)
        approval.approval = (rng.choice(["镇党委宣传办", "镇党委办公室"]),
                             "approved" if rng.random() < 0.85 else "filed")
        approval.lead = org.holder(approved_on, "member_in_charge").member_id
        approval.lecture = (form, "", None)  # the form, for the title only
        rec = self._new("lecture", org, day, theme)
        rec.lecture = (form, rng.choice(_LECTURE_SPEAKERS), approval)
        self._meeting_people(rec, "member_in_charge")
        return 2

    def _incident(self, org: _Org, remaining: int) -> int:
        rng = self.rng
        a, b = org.first, org.last
        day = self._day(a, b)
        category = rng.choices(["public_opinion", "public_event", "position", "other"], [60, 15, 15, 10])[0]
        level = "major" if rng.random() < 0.15 else "general"
        what = rng.choice(_INCIDENTS[category]).format(p=org.short)
        incident = self._new("incident", org, day, what)
        incident.incident = (category, level)
        written = 1
        if level == "major" and remaining - written >= 1 and rng.random() < 0.9:
            on = min(b, day + rng.choice([0, 0, 0, 1, 1, 2]))
            report = self._new("incident_report", org, on, what)
            report.responds_to = [incident]
            report.lead = org.holder(on, "secretary").member_id
            report.report = (on, "")
            written += 1
        if remaining - written >= 1 and rng.random() < 0.92:
            on = min(b, day + rng.randint(0, 5))
            response = self._new("incident_response", org, on, what)
            response.responds_to = [incident]
            self._meeting_people(response, "member_in_charge")
            sec = org.holder(on, "secretary").member_id
            if sec not in response.participants:
                response.participants.insert(0, sec)
            written += 1
        return written

    # -- ids and titles -------------------------------------------------------------------

    def assign_ids(self) -> None:
        by_org: dict[str, list[_Rec]] = {}
        for rec in self.records:
            by_org.setdefault(rec.org.id, []).append(rec)
        for org_id, recs in by_org.items():
            recs.sort(key=lambda r: (r.day, _TYPE_ORDER[r.type], r.serial))
            counter: Counter[tuple[int, str]] = Counter()
            for rec in recs:
                year = _year(rec.day)
                abbr = _ABBR[rec.type]
                counter[(year, abbr)] += 1
                rec.seq = counter[(year, abbr)]
                rec.id = f"{year}-{org_id}-{abbr}-{rec.seq:02d}"

    def title(self, rec: _Rec) -> str:
        y = _year(rec.day)
        n = rec.seq
        nth = _CN_NUM[n - 1] if n <= 10 else str(n)
        half = "上半年" if date.fromordinal(rec.day).month <= 6 else "下半年"
        t, theme = rec.type, rec.theme
        if t == "special_study":
            return f"{y}年第{nth}次意识形态工作专题研究会议"
        if t == "party_briefing":
            return f"{y}年{half}意识形态领域情况党内通报"
        if t == "self_inspection":
            return f"{y}年{half}意识形态工作责任制落实情况专题自查"
        if t == "directive":
            assert rec.directive is not None
            pattern = _DIRECTIVE_TITLES[rec.serial % len(_DIRECTIVE_TITLES)]
            return f"{rec.directive[0]}{pattern.format(y=y, t=theme)}（{rec.directive[1]}）"
        if t == "directive_study":
            target = rec.responds_to[0]
            assert target.directive is not None
            return f"传达学习上级文件精神（{target.directive[1]}）"
        if t == "group_study":
            return f"{y}年第{nth}次理论学习中心组学习：{theme}"
        if t == "cadre_training":
            return f"{y}年党员干部意识形态专题培训（{theme}）"
        if t == "theory_training":
            return f"{y}年班子成员理论培训：{theme}"
        if t == "supervision":
            return f"{y}年{half}分管范围意识形态工作督促指导和检查"
        if t == "portfolio_meeting":
            target = rec.responds_to[0]
            assert target.directive is not None
            return f"分管范围意识形态工作专题会议（落实{target.directive[1]}）"
        if t == "democratic_life_meeting":
            return f"{y - 1 if date.fromordinal(rec.day).month == 1 else y}年度领导班子民主生活会"
        if t == "organisational_life_meeting":
            return f"{y}年度组织生活会（第{nth}次）" if n > 1 else f"{y}年度组织生活会"
        if t == "duty_report":
            return f"{y}年度个人述职报告（含履行意识形态工作责任制情况）"
        if t == "annual_work_plan":
            return f"{y}年意识形态工作要点及年度重点工作安排"
        if t == "lecture":
            assert rec.lecture is not None
            return f"“{theme}”专题{rec.lecture[0]}"
        if t == "approval":
            form = rec.lecture[0] if rec.lecture else "讲座"
            return f"关于举办“{theme}”{form}的审核报备"
        if t == "incident":
            return f"关于{theme}的情况"
        if t == "incident_report":
            return f"关于{theme}的情况报告"
        if t == "incident_response":
            return f"{theme}的研判处置"
        return f"{y}年{theme}相关工作（第{nth}次）"

    # -- text -----------------------------------------------------------------------------

    def organization_text(self, org: _Org) -> str:
        out = [
            "# yaml-language-server: $schema=../../schema/organization.schema.json",
            f"id: {org.id}",
            f"name: {_s(org.name)}",
            f"kind: {org.kind}",
            f"category: {org.category}",
        ]
        if org.parent:
            out.append(f"parent: {org.parent}")
        out.append(f'founded: "{_iso(org.founded)}"')
        if org.dissolved is not None:
            out.append(f'dissolved: "{_iso(org.dissolved)}"')
        account = "xx-town-office" if org.kind == "town_committee" else f"{org.id}-clerk"
        out.append(f"maintainers: [{account}]")
        out.append("members:")
        for t in org.terms:
            out.append(f"  - id: {t.member_id}")
            out.append(f"    name: {t.name}")
            out.append(f"    role: {t.role}")
            out.append(f"    portfolio: {_s(t.portfolio)}")
            out.append(f'    from: "{_iso(t.start)}"')
            if t.end is not None:
                out.append(f'    to: "{_iso(t.end)}"')
        if self.reviewed_as_list:
            out.append("positions_reviewed: [" + ", ".join(f'"{_iso(d)}"' for d in org.reviewed) + "]")
        else:
            out.append(f'positions_reviewed: "{_iso(org.reviewed[-1])}"')
        out.append("positions:")
        for pid, name, kind, manager, since in org.positions:
            out.append(f"  - id: {pid}")
            out.append(f"    name: {_s(name)}")
            out.append(f"    kind: {kind}")
            out.append(f"    manager: {manager}")
            out.append(f'    since: "{_iso(since)}"')
        if org.watch is not None:
            out.append("mechanisms:")
            out.append("  public_opinion_watch:")
            out.append(f'    established: "{_iso(org.watch)}"')
            out.append(f"    document: {_s('《' + org.short + '网络舆情监测应对工作制度》')}")
        return "\n".join(out) + "\n"

    def record_text(self, rec: _Rec, evidence_file: Optional[tuple[str, str]]) -> str:
        out = [
            "# yaml-language-server: $schema=../../../../schema/record.schema.json",
            f"id: {rec.id}",
            f"type: {rec.type}",
            f"organization: {rec.org.id}",
            f'date: "{_iso(rec.day)}"',
            f"title: {_s(self.title(rec))}",
        ]
        if rec.lead:
            out.append(f"lead: {rec.lead}")
        if rec.participants:
            out.append("participants: [" + ", ".join(rec.participants) + "]")
        if rec.attendance is not None:
            out.append(f"attendance: {rec.attendance}")
        if rec.topics:
            out.append(f"topics: {_flow(rec.topics)}")
        out.append(f"summary: {_s(rec.summary)}")
        if rec.evidence or evidence_file:
            out.append("evidence:")
            if evidence_file:
                out.append(f"  - title: {_s(rec.evidence[0][0] if rec.evidence else '工作记录')}")
                out.append(f"    file: {evidence_file[0]}")
                out.append(f"    sha256: {evidence_file[1]}")
            for title, archive in rec.evidence[1 if evidence_file and rec.evidence else 0:]:
                out.append(f"  - title: {_s(title)}")
                out.append(f"    archive: {_s(archive)}")
        if rec.responds_to:
            out.append("responds_to: [" + ", ".join(r.id for r in rec.responds_to) + "]")
        if rec.report is not None:
            out.append("report:")
            out.append(f"  submitted_to: {TOWN_ID}")
            out.append(f'  submitted_on: "{_iso(rec.report[0])}"')
            if rec.report[1]:
                out.append(f"  document_no: {_s(rec.report[1])}")
        if rec.directive is not None:
            issuer, doc_no, applies, deadline = rec.directive
            out.append("directive:")
            out.append(f"  issuer: {_s(issuer)}")
            out.append(f"  document_no: {_s(doc_no)}")
            out.append("  applies_to: " + ("all" if applies is None else "[" + ", ".join(applies) + "]"))
            if deadline is not None:
                out.append(f"  deadline_days: {deadline}")
        if rec.incident is not None:
            out.append("incident:")
            out.append(f"  category: {rec.incident[0]}")
            out.append(f"  level: {rec.incident[1]}")
        if rec.type == "lecture" and rec.lecture is not None:
            form, speaker, approval = rec.lecture
            out.append("lecture:")
            out.append(f"  form: {form}")
            out.append(f"  speaker: {_s(speaker)}")
            if approval is not None:
                out.append(f"  approval: {approval.id}")
        if rec.approval is not None:
            out.append("approval:")
            out.append(f"  approver: {_s(rec.approval[0])}")
            out.append(f"  result: {rec.approval[1]}")
        return "\n".join(out) + "\n"

    def evidence_bytes(self, rec: _Rec) -> bytes:
        text = (
            f"{self.title(rec)}\n"
            f"{rec.org.name}  {_iso(rec.day)}\n\n"
            f"{rec.summary}\n\n"
            "（证明材料的文字版，合成数据，仅供测试。）\n"
        )
        return text.encode("utf-8")


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder, ties by position)."""
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def default_plan() -> Path:
    """The real plan, from the repository this package lives in."""
    return Path(__file__).resolve().parents[2] / layout.PLANS / "xx-town-2025.yaml"


def _reviewed_as_list() -> bool:
    """Whether the organisation schema wants ``positions_reviewed`` as a list of dates."""
    try:
        from ..records.schemas import SchemaSet

        node = SchemaSet.load().property_schema("organization", "positions_reviewed")
    except (OSError, ValueError, KeyError):
        return True
    return node is not None and node.get("type") == "array"


def generate(
    out_dir: Path,
    orgs: int = DEFAULT_ORGS,
    members: Optional[int] = None,
    records: int = DEFAULT_RECORDS,
    seed: int = 1,
    plan: Optional[Path] = None,
    overwrite: bool = False,
) -> Summary:
    """Write a synthetic records repository into ``out_dir``; returns what was written.

    ``members`` is the number of leading-group members of the ``orgs`` organisations (the
    town committee has its own, besides); default five per organisation. Refuses to write
    into a directory that already has ``records/`` unless ``overwrite``, which removes it.
    """
    if orgs < 1:
        raise ValueError("orgs must be at least 1")
    if records < 0:
        raise ValueError("records must not be negative")
    members = MEMBERS_PER_ORG * orgs if members is None else members
    plan_file = plan or default_plan()
    plan_bytes = plan_file.read_bytes()
    out_dir = Path(out_dir)
    records_dir = out_dir / layout.RECORDS
    if records_dir.exists():
        if not overwrite:
            raise FileExistsError(f"{records_dir} already exists")
        shutil.rmtree(records_dir)
        shutil.rmtree(out_dir / ".ysxt-cache", ignore_errors=True)

    gen = _Generator(seed, orgs, members, records, _reviewed_as_list())
    gen.build_organizations()
    gen.build_records()
    gen.assign_ids()

    made: set[str] = set()

    def write(rel: str, data: bytes) -> None:
        parent = rel.rsplit("/", 1)[0]
        if parent not in made:
            os.makedirs(out_dir / parent, exist_ok=True)
            made.add(parent)
        with open(out_dir / rel, "wb") as handle:
            handle.write(data)

    write(f"{layout.PLANS}/{plan_file.name}", plan_bytes)
    try:
        from ..records.schemas import schema_dir

        for schema in sorted(schema_dir().glob("*.schema.json")):
            write(f"schema/{schema.name}", schema.read_bytes())
    except OSError:
        pass  # the schemas are a convenience for editors only
    for org in gen.orgs:
        write(layout.organization_path(org.id), gen.organization_text(org).encode("utf-8"))
    files = 0
    for rec in gen.records:
        evidence: Optional[tuple[str, str]] = None
        year = _year(rec.day)
        if rec.evidence_file:
            content = gen.evidence_bytes(rec)
            rel = f"{layout.EVIDENCE}/{year}/{rec.org.id}/{rec.id}.txt"
            write(rel, content)
            evidence = (rel, hashlib.sha256(content).hexdigest())
            files += 1
        write(layout.record_path(year, rec.org.id, rec.id), gen.record_text(rec, evidence).encode("utf-8"))
    return Summary(
        organizations=len(gen.orgs),
        members=sum(len({t.member_id for t in o.terms}) for o in gen.orgs),
        records=len(gen.records),
        evidence_files=files,
        by_type=dict(sorted(Counter(r.type for r in gen.records).items())),
    )


class _ChineseHelp(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Optional[str], actions: Any, groups: Any, prefix: Optional[str] = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ysxt_build.devtools.synthetic",
        formatter_class=_ChineseHelp,
        add_help=False,
        description=(
            "生成一个县级规模的合成记录仓库（用于性能测试和测试）：实施方案、镇党委和若干党组织、\n"
            "班子成员任职，以及 2022–2026 年的各类工作记录（证明材料多为纸质档案号，少数为文件）。\n"
            "生成的仓库能通过 ysxt check --as-of 2026-12-31。同样的参数（含 --seed）生成完全相同的文件。"
        ),
        epilog=(
            "例：\n"
            "  python -m ysxt_build.devtools.synthetic /tmp/county\n"
            "  python -m ysxt_build.devtools.synthetic /tmp/county --orgs 1000 --members 5000 --records 100000 --seed 1\n"
            "  python -m ysxt_build.devtools.synthetic /tmp/small --orgs 5 --records 200 --force\n\n"
            "退出码：0 成功，2 用法错误或文件夹中已有 records/。"
        ),
    )
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出。")
    parser.add_argument("out_dir", metavar="输出文件夹", type=Path, help="写入合成仓库的文件夹（在其中创建 records/）。")
    parser.add_argument("--orgs", type=int, default=DEFAULT_ORGS, metavar="数量", help=f"党组织数量（不含镇党委），默认 {DEFAULT_ORGS}。")
    parser.add_argument("--members", type=int, default=None, metavar="人数", help=f"班子成员总数（不含镇党委），默认每个组织 {MEMBERS_PER_ORG} 人。")
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS, metavar="条数", help=f"工作记录总数，默认 {DEFAULT_RECORDS}。")
    parser.add_argument("--seed", type=int, default=1, metavar="种子", help="随机种子，默认 1；种子相同则生成的文件相同。")
    parser.add_argument("--plan", type=Path, default=None, metavar="文件", help="实施方案文件，默认本仓库的 records/plans/xx-town-2025.yaml。")
    parser.add_argument("--force", action="store_true", help="输出文件夹中已有 records/ 时，先删除再生成。")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args: Any = _parser().parse_args(argv)
    try:
        summary = generate(
            args.out_dir,
            orgs=args.orgs,
            members=args.members,
            records=args.records,
            seed=args.seed,
            plan=args.plan,
            overwrite=args.force,
        )
    except FileExistsError as exc:
        print(f"错误：{exc}（已有 records/ 文件夹）。\n提示：换一个文件夹，或加 --force 覆盖。", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(
        f"已生成：{summary.organizations} 个党组织（含镇党委），{summary.members} 名班子成员，"
        f"{summary.records} 条工作记录，{summary.evidence_files} 个证明材料文件。"
    )
    for type_, count in summary.by_type.items():
        print(f"  {type_}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
