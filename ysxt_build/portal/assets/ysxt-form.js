/* 填报: the form that writes a record file, in the browser alone.
 *
 * Drawn from fill/data.js (record types and fields from the schema and the plan, the messages
 * of `ysxt check`, organisations and their leading groups) and fill/o-<org>.js (ids taken,
 * records to correct, records to answer, counts of the duties). It writes the record exactly as
 * `ysxt new --answers` does: renderRecord() below is the twin of
 * ysxt_build/records/templates.py:render_record, and the tests keep them byte-identical.
 *
 * Every value is put into the page with textContent or as a property, never as markup.
 * Works only on the page that has <div id="ysxt-form">; loaded on every page (mkdocs.yml).
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var ROOT = SCRIPT && SCRIPT.src ? SCRIPT.src.replace(/assets\/[^\/?#]*([?#].*)?$/, "") : "";

  // ---- the record file (twin of ysxt_build/records/templates.py) ------------------------------

  var SPACE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\ufffe\uffff]+/g;
  var ID = /^[a-z0-9][a-z0-9_.\/-]*$/;
  var ID_LETTER = /[g-np-wyz]/;
  var KEYWORDS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
  var WIDE = "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e";
  var TEXT = new RegExp("^[A-Za-z0-9" + WIDE + "][A-Za-z0-9 ._/()%" + WIDE + "-]*$");
  var HAS_WIDE = new RegExp("[" + WIDE + "]");
  var UNPRINTABLE = /[\u007f-\u009f]/g;

  function has(obj, key) {
    return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== undefined;
  }

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  function comment(text) {
    return ("# " + String(text).replace(SPACE, " ").replace(/^ +| +$/g, "")).replace(/ +$/, "");
  }

  function scalar(v) {
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return String(v);
    if (v === null || v === undefined) return '""';
    var s = String(v);
    if (ID.test(s) && ID_LETTER.test(s) && KEYWORDS.indexOf(s) < 0) return s;
    if (TEXT.test(s) && HAS_WIDE.test(s) && s.charAt(s.length - 1) !== " ") return s;
    return JSON.stringify(s).replace(UNPRINTABLE, function (c) {
      return "\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  // The characters ysxt check refuses in a value or key (records/characters.py, the one table;
  // records/refused.py, the walk): ``chars`` is fill/data.js ``characters``, runs of code points
  // [first, last, name] with check's names, and check's messages. A newline or a tab is allowed
  // in the fields of spec.multiline only. Positions count characters (code points), as check does.
  function refusedName(chars, code) {
    var runs = chars.names, lo = 0, hi = runs.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (code < runs[mid][0]) hi = mid - 1;
      else if (code > runs[mid][1]) lo = mid + 1;
      else return runs[mid][2];
    }
    return null;
  }

  function firstRefused(chars, text, multiline) {
    for (var i = 0, n = 0; i < text.length; i++, n++) {
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        var low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) { code = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000; i++; }
      }
      if (multiline && code < 0x80 && chars.allowed_multiline.indexOf(String.fromCharCode(code)) >= 0) continue;
      var name = refusedName(chars, code);
      if (name !== null) return { at: n, code: code, name: name };
    }
    return null;
  }

  // every key and string value holding a refused character (at its first one), in check's order
  function refusedIn(chars, data, multiline) {
    var out = [];
    var found = function (text, pointer, isKey, long) {
      var r = firstRefused(chars, text, long);
      if (r) out.push({ pointer: pointer, key: isKey, at: r.at, code: r.code, name: r.name, multiline: long });
    };
    (function walk(v, pointer, long) {
      if (typeof v === "string") found(v, pointer, false, long);
      else if (Array.isArray(v)) v.forEach(function (x, i) { walk(x, pointer.concat([i]), long); });
      else if (isObject(v)) {
        var keys = Object.keys(v).filter(function (k) { return v[k] !== undefined; });
        keys.forEach(function (k) { found(k, pointer.concat([k]), true, false); });
        keys.forEach(function (k) { walk(v[k], pointer.concat([k]), multiline.indexOf(k) >= 0); });
      }
    })(data, [], false);
    return out;
  }

  // check's message and hint for one of them (check/control_chars.py)
  function refusedMessage(chars, r) {
    var hex = r.code.toString(16).toUpperCase();
    var extra = {
      field: r.pointer.join(".") || "文件", n: r.at + 1,
      "char": "U+" + (hex.length < 4 ? ("0000" + hex).slice(-4) : hex) + "（" + r.name + "）"
    };
    var line = (r.code === 10 || r.code === 13) && !r.multiline;
    return {
      message: fill((r.key ? chars.key : chars.value).message, "", extra),
      hint: (line ? chars.line : chars.value).hint
    };
  }

  function flow(v) {
    if (Array.isArray(v)) return "[" + v.map(flow).join(", ") + "]";
    if (isObject(v)) {
      return "{" + Object.keys(v).map(function (k) { return scalar(String(k)) + ": " + flow(v[k]); }).join(", ") + "}";
    }
    return scalar(v);
  }

  function isBlank(v) {
    if (Array.isArray(v)) return v.some(isBlank);
    if (isObject(v)) return Object.keys(v).some(function (k) { return isBlank(v[k]); });
    return typeof v === "string" && v === "";
  }

  function childOf(f, key) {
    var found = null;
    (f.children || []).forEach(function (c) { if (c.key === key) found = c; });
    return found;
  }

  function unknownField(key) {
    return { key: key, path: key, title: key, description: "", help: key, kind: "text", shape: "scalar", blank: '""' };
  }

  function Writer() {
    this.lines = [];
    this.blank = false;
  }

  Writer.prototype.field = function (f, value, indent) {
    var self = this;
    if (isObject(value)) {
      self.lines.push(indent + f.key + ":");
      self.children(f, value, f.required || [], indent + "  ");
    } else if (Array.isArray(value) && value.length && value.every(isObject)) {
      self.lines.push(indent + f.key + ":");
      value.forEach(function (item) {
        var keys = (f.children || []).filter(function (c) { return has(item, c.key); }).map(function (c) { return c.key; });
        Object.keys(item).forEach(function (k) { if (!childOf(f, k) && item[k] !== undefined) keys.push(k); });
        if (!keys.length) self.lines.push(indent + "  - {}");
        keys.forEach(function (k, i) {
          self.lines.push(indent + "  " + (i === 0 ? "- " : "  ") + k + ": " + flow(item[k]));
          self.blank = self.blank || isBlank(item[k]);
        });
      });
    } else {
      self.lines.push(indent + f.key + ": " + flow(value));
      self.blank = self.blank || isBlank(value);
    }
  };

  Writer.prototype.absent = function (f, required, indent) {
    var self = this;
    if (!required) {
      if (f.shape === "scalar" || f.shape === "list") {
        self.lines.push(indent + comment(f.help), indent + "# " + f.key + ": " + f.blank);
      }
      return;
    }
    self.blank = true;
    self.lines.push(indent + comment(f.help));
    if (f.shape === "object") {
      self.lines.push(indent + f.key + ":");
      self.children(f, {}, f.required || [], indent + "  ");
    } else if (f.shape === "objects") {
      self.lines.push(indent + f.key + ":");
      var keys = (f.required && f.required.length) ? f.required : [f.children[0].key];
      keys.forEach(function (key, i) {
        var child = childOf(f, key);
        self.lines.push(indent + "  " + (i === 0 ? "- " : "  ") + key + ": " + (child ? child.blank : '""'));
      });
    } else {
      self.lines.push(indent + f.key + ": " + f.blank);
    }
  };

  Writer.prototype.children = function (f, value, required, indent) {
    var self = this;
    (f.children || []).forEach(function (child) {
      if (has(value, child.key)) {
        self.lines.push(indent + comment(child.help));
        self.field(child, value[child.key], indent);
      } else {
        self.absent(child, required.indexOf(child.key) >= 0, indent);
      }
    });
    Object.keys(value).forEach(function (key) {
      if (!childOf(f, key) && value[key] !== undefined) self.field(unknownField(key), value[key], indent);
    });
  };

  function rosterLine(day, members) {
    var listed = members.map(function (m) { return m[0] + "（" + m[1] + "）"; }).join("、");
    return comment("本组织 " + day + " 在任的班子成员：" + (listed || "（该日没有在任的班子成员）"));
  }

  // chars: fill/data.js ``characters``; a value or key holding a character check refuses is not
  // written: an Error with ``refused`` (the list of refusedIn) is thrown, as render_record raises
  function renderRecord(spec, type, recordId, organization, values, roster, lines, chars) {
    var refused = refusedIn(chars, values, spec.multiline || []);
    if (refused.length) {
      var error = new Error("refused characters in " + refused.map(function (r) { return r.pointer.join("."); }).join(", "));
      error.refused = refused;
      throw error;
    }
    var w = new Writer();
    var rostered = roster === null || roster === undefined;
    type.fields.forEach(function (key) {
      var f = spec.fields[key];
      if (!rostered && (f.kind === "member" || f.kind === "members")) {
        w.lines.push(roster || "");
        rostered = true;
      }
      if (has(values, key)) {
        w.lines.push(comment(f.help));
        w.field(f, values[key], "");
      } else {
        w.absent(f, type.required.indexOf(key) >= 0, "");
      }
    });
    Object.keys(values).forEach(function (key) {
      if (type.fields.indexOf(key) < 0 && values[key] !== undefined) w.field(spec.fields[key] || unknownField(key), values[key], "");
    });
    var head = [lines.modeline, comment(type.title + "：" + type.description)];
    if (w.blank) head.push(lines.fill_blanks);
    head.push(lines.privacy, "id: " + scalar(recordId), "type: " + scalar(type.value), "organization: " + scalar(organization));
    return head.concat(w.lines).join("\n") + "\n";
  }

  // The record without the guidance the template writes as comments, for a new-file link that
  // would be too long with it: the same data. What a guidance line is comes from the portal
  // (fill/data.js ``guidance``: records/templates.py GUIDANCE_LINE, BLOCK_SCALAR, and the lines
  // kept, the modeline); the lines of a block scalar are content and stay. null without them.
  function withoutGuidance(text, guidance) {
    if (!guidance) return null;
    var comment = new RegExp(guidance.comment), block = new RegExp(guidance.block);
    var keep = guidance.keep || [];
    var inBlock = -1; // the indentation of the line that starts a block scalar, while in one
    return text.split("\n").filter(function (line) {
      var indent = line.length - line.replace(/^ +/, "").length;
      if (inBlock >= 0) {
        if (!line.replace(/[ \t]+/g, "") || indent > inBlock) return true;
        inBlock = -1;
      }
      if (comment.test(line)) return keep.indexOf(line) >= 0;
      if (block.test(line)) inBlock = indent;
      return true;
    }).join("\n");
  }

  function pad2(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function nextRecordId(taken, year, org, code) {
    var prefix = year + "-" + org + "-" + code + "-";
    var n = 1;
    while (taken.indexOf(prefix + pad2(n)) >= 0) n++;
    return prefix + pad2(n);
  }

  function amendmentId(taken, original) {
    var n = 1;
    while (taken.indexOf(original + "-gz" + n) >= 0) n++;
    return original + "-gz" + n;
  }

  // ---- small helpers -----------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else if (k.indexOf("data-") === 0 || k === "for" || k === "role" || k.indexOf("aria-") === 0) node.setAttribute(k, attrs[k]);
      else node[k] = attrs[k];
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function fill(template, v, extra) {
    var out = String(template).split("{v}").join(v === undefined ? "" : String(v));
    Object.keys(extra || {}).forEach(function (k) { out = out.split("{" + k + "}").join(String(extra[k])); });
    return out;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate());
  }

  // the days of a month of the (proleptic Gregorian) calendar, as Python's calendar says
  function daysIn(y, m) {
    var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  }

  function realDay(s) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
    var y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8, 10);
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
  }

  function loadScript(src, done, failed) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = done;
    s.onerror = failed;
    document.head.appendChild(s);
  }

  function encodePath(path) {
    return path.split("/").map(encodeURIComponent).join("/");
  }

  // ---- the form -------------------------------------------------------------------------------

  function Form(root, data) {
    this.root = root;
    this.data = data;
    this.spec = data.spec;
    this.orgs = data.orgs;
    this.state = { org: null, orgData: null, type: null, edit: null, files: {} };
    this.widgets = [];
    this.messages = data.messages;
    this.privacy = (data.privacy || []).map(function (rule) {
      try {
        return { re: new RegExp(rule.pattern, "g"), message: rule.message, hint: rule.hint };
      } catch (e) {
        return null; // an old browser without look-behind: the check on the pull request still runs
      }
    }).filter(Boolean);
    this.build();
  }

  Form.prototype.msg = function (path, rule) {
    var m = this.messages[path] || {};
    return m[rule] || null;
  };

  Form.prototype.build = function () {
    var self = this;
    self.root.textContent = "";
    self.banner = el("div", { class: "ysxt-form-banner", hidden: true });
    self.orgSelect = el("select", { id: "ysxt-org", name: "organization" });
    self.orgSelect.appendChild(el("option", { value: "", text: "（请选择组织）" }));
    self.orgs.forEach(function (o) {
      if (!o.listed) return; // dissolved: only its records can still be corrected
      var indent = new Array(o.depth + 1).join("\u3000");
      self.orgSelect.appendChild(el("option", { value: o.id, text: indent + o.name }));
    });
    self.typeSelect = el("select", { id: "ysxt-type", name: "type" });
    self.typeSelect.appendChild(el("option", { value: "", text: "（请选择记录类型）" }));
    self.spec.groups.forEach(function (g) {
      var group = el("optgroup", { label: g || "其他记录" });
      self.spec.types.forEach(function (t) {
        if (t.group === g) group.appendChild(el("option", { value: t.value, text: t.title }));
      });
      self.typeSelect.appendChild(group);
    });
    self.typeInfo = el("div", { class: "ysxt-form-typeinfo", hidden: true });
    self.fieldsBox = el("div", { class: "ysxt-form-fields" });
    self.counts = el("div", { class: "ysxt-form-counts", hidden: true, "aria-live": "polite" });
    self.output = el("div", { class: "ysxt-form-output" });
    var step1 = el("fieldset", { class: "ysxt-form-step" }, [
      el("legend", { text: "一、组织和记录类型" }),
      self.banner,
      self.row("ysxt-org", "组织", true, "", self.orgSelect),
      self.row("ysxt-type", "记录类型", true, "按所服务的责任分组；选好后下面说明它计入哪些责任。", self.typeSelect),
      self.typeInfo
    ]);
    self.step2 = el("fieldset", { class: "ysxt-form-step", hidden: true }, [
      el("legend", { text: "二、填写内容" }),
      el("p", { class: "ysxt-form-note", text: "带 * 的必须填写。填写时页面会按 ysxt check 的规则检查，有问题的地方下面用红字说明。" }),
      self.fieldsBox,
      self.counts
    ]);
    self.step3 = el("fieldset", { class: "ysxt-form-step", hidden: true }, [
      el("legend", { text: "三、生成记录文件并提交" }),
      self.output
    ]);
    self.root.appendChild(el("form", { class: "ysxt-form-form", autocomplete: "off", onsubmit: function (e) { e.preventDefault(); } },
      [step1, self.step2, self.step3]));
    self.orgSelect.addEventListener("change", function () { self.chooseOrg(self.orgSelect.value); });
    self.typeSelect.addEventListener("change", function () { self.chooseType(self.typeSelect.value); });
    var edit = /[?&]edit=([a-z0-9-]+)\/([0-9]{4})\/([a-z0-9-]+)/.exec(window.location.search);
    if (edit) self.openRecord(edit[1], edit[2], edit[3]);
  };

  Form.prototype.row = function (id, label, required, help, input) {
    var lab = el("label", { class: "ysxt-form-label", for: id }, [label, required ? el("span", { class: "ysxt-form-req", text: " *", title: "必填" }) : null]);
    return el("div", { class: "ysxt-form-row" }, [lab, help ? el("div", { class: "ysxt-form-help", text: help }) : null, input]);
  };

  Form.prototype.org = function () {
    var id = this.state.org;
    return this.orgs.filter(function (o) { return o.id === id; })[0] || null;
  };

  Form.prototype.type = function () {
    var v = this.state.type;
    return this.spec.types.filter(function (t) { return t.value === v; })[0] || null;
  };

  Form.prototype.chooseOrg = function (id, then) {
    var self = this;
    var keep = self.widgets.length ? self.collect() : null;
    self.widgets.forEach(function (w) {
      if (keep && ["member", "members", "record", "records", "evidence"].indexOf(w.field.kind) >= 0) delete keep[w.field.key];
    });
    self.state.org = id || null;
    self.state.orgData = null;
    if (!id) { self.redraw(keep); return; }
    var loaded = (window.YSXT_FORM_ORG || {})[id];
    var done = function () {
      self.state.orgData = (window.YSXT_FORM_ORG || {})[id] || { ids: [], records: {}, refs: [], entries: [] };
      self.redraw(keep);
      if (then) then();
    };
    if (loaded) { done(); return; }
    var org = self.orgs.filter(function (o) { return o.id === id; })[0];
    if (!org) { done(); return; }
    var file = org.file;
    loadScript(ROOT + file, done, function () {
      self.showBanner("无法加载这个组织的数据（" + file + "）。请刷新页面再试。", "error");
    });
  };

  Form.prototype.chooseType = function (value) {
    var keep = this.widgets.length ? this.collect() : null;
    this.state.type = value || null;
    this.redraw(keep);
  };

  Form.prototype.showBanner = function (text, kind) {
    this.banner.textContent = text;
    this.banner.className = "ysxt-form-banner ysxt-form-banner-" + (kind || "info");
    this.banner.hidden = !text;
  };

  // Open the form on a record of the portal: 修改 (same file) or, for an assessed year, 更正.
  Form.prototype.openRecord = function (orgId, year, recordId) {
    var self = this;
    var org = self.orgs.filter(function (o) { return o.id === orgId; })[0];
    if (!org) { self.showBanner("找不到组织“" + orgId + "”。", "error"); return; }
    var key = orgId + "/" + year;
    var file = org.records[year];
    if (!file) { self.showBanner("找不到记录“" + recordId + "”。", "error"); return; }
    var open = function () {
      var rec = ((window.YSXT_FORM_RECORDS || {})[key] || {})[recordId];
      if (!rec) { self.showBanner("找不到记录“" + recordId + "”。", "error"); return; }
      if (rec.closed && rec.amends) {
        self.showBanner("“" + rec.title + "”本身是更正记录，所在年度已经考核：请更正它所更正的原记录“" + rec.amends + "”。", "error");
        return;
      }
      if (!org.listed) self.orgSelect.appendChild(el("option", { value: org.id, text: org.name + "（已撤销）" }));
      self.orgSelect.value = orgId;
      self.chooseOrg(orgId, function () {
        var amend = !!rec.closed;
        rec.id = recordId;
        self.state.edit = { record: rec, amend: amend };
        self.orgSelect.disabled = true;
        self.typeSelect.disabled = true;
        self.typeSelect.value = rec.type;
        self.state.type = rec.type;
        var values = JSON.parse(JSON.stringify(rec.values));
        if (amend) values.amends = { record: recordId, reason: "" };
        self.showBanner(amend
          ? "正在更正：“" + rec.title + "”（" + recordId + "）。这条记录所在年度已经考核，原记录不能再改，"
            + "这里生成一条更正记录（新文件），写明更正原因，其他内容改成正确的。"
          : "正在修改：“" + rec.title + "”（" + recordId + "）。改好后用生成的内容替换原文件 " + rec.path + "。", "info");
        self.redraw(values, true);
        (function lock(ws) {
          ws.forEach(function (w) { if (w.path === "amends.record" && w.input) w.input.disabled = true; if (w.parts) lock(w.parts); });
        })(self.widgets);
      });
    };
    if ((window.YSXT_FORM_RECORDS || {})[key]) open();
    else loadScript(ROOT + file, open, function () { self.showBanner("找不到记录“" + recordId + "”（" + file + "）。", "error"); });
  };

  // ---- drawing the fields -----------------------------------------------------------------

  Form.prototype.redraw = function (values, replaceAll) {
    var self = this;
    var type = self.type();
    var org = self.org();
    self.fieldsBox.textContent = "";
    self.widgets = [];
    self.typeInfo.hidden = !type;
    self.step2.hidden = !(type && org && self.state.orgData);
    self.step3.hidden = self.step2.hidden;
    if (type) self.drawTypeInfo(type);
    if (self.step2.hidden) { self.update(); return; }
    var start = replaceAll ? (values || {}) : self.startValues(type, values || {});
    var more = el("details", { class: "ysxt-form-more" }, [el("summary", { text: "更多（一般不用填）" })]);
    type.fields.forEach(function (key) {
      if (key === "amends" && !has(start, "amends")) return; // only in a correction
      var f = self.spec.fields[key];
      var required = type.required.indexOf(key) >= 0;
      var why = type.needed[key] || "";
      var w = self.widget(f, f.path, required, why, type);
      self.widgets.push(w);
      var rare = !required && (f.shape === "object" || (f.kind === "text" && f.limits && f.limits.pattern));
      (rare ? more : self.fieldsBox).appendChild(w.node);
      if (rare && has(start, key)) more.open = true;
    });
    if (more.childNodes.length > 1) self.fieldsBox.appendChild(more);
    self.widgets.forEach(function (w) { if (has(start, w.field.key)) w.set(start[w.field.key]); });
    self.refreshMembers();
    self.update();
  };

  Form.prototype.startValues = function (type, kept) {
    var out = {};
    Object.keys(kept).forEach(function (k) {
      if (type.fields.indexOf(k) >= 0 && k !== "amends") out[k] = kept[k];
    });
    if (!has(out, "date")) out.date = today();
    Object.keys(type.defaults || {}).forEach(function (k) {
      if (!has(out, k)) out[k] = JSON.parse(JSON.stringify(type.defaults[k]));
    });
    if (type.default_participants && !has(out, "participants")) {
      // as `ysxt new` without answers: every member in office that day, to uncheck who was absent
      var seen = [];
      this.inOffice(out.date).forEach(function (t) { if (seen.indexOf(t[0]) < 0) seen.push(t[0]); });
      if (seen.length) out.participants = seen;
    }
    return out;
  };

  Form.prototype.drawTypeInfo = function (type) {
    var box = this.typeInfo;
    box.textContent = "";
    box.appendChild(el("p", { text: type.description }));
    var periods = this.data.labels.periods || {};  // 每年, 每半年 … and the vocabulary's own (每学期)
    var lines = type.duties.map(function (d) {
      var what = d.clause + " " + d.title;
      if (d.role === "qualifies") {
        var per = (d.period ? (periods[d.period] || "") : "") + (d.count ? " " + d.count + " 次" : "");
        var who = d.level === "member" ? (d.by === "lead" ? "，计入主持人/负责人" : "，计入参加的班子成员") : "";
        return "计入：" + what + "（" + per.trim() + who + "）";
      }
      if (d.role === "response") return "回应上级部署或事件，计入：" + what;
      if (d.role === "trigger") return "登记后产生责任：" + what;
      if (d.role === "event") return "须事先审核报备：" + what;
      if (d.role === "approval") return "作为事先审核报备，用于：" + what;
      return "检查时作为材料：" + what;
    });
    if (!lines.length) lines.push("这类记录不计入实施方案中按次数考核的责任，供检查时查阅。");
    box.appendChild(el("ul", {}, lines.map(function (t) { return el("li", { text: t }); })));
  };

  Form.prototype.inOffice = function (day) {
    var org = this.org();
    if (!org || !realDay(day)) return [];
    return org.terms.filter(function (t) { return t[3] <= day && (t[4] === null || day <= t[4]); });
  };

  Form.prototype.dateValue = function () {
    var w = this.widgets.filter(function (x) { return x.field.key === "date"; })[0];
    var v = w ? w.get() : undefined;
    return typeof v === "string" ? v : "";
  };

  Form.prototype.refreshMembers = function () {
    var day = this.dateValue();
    var terms = this.inOffice(day);
    var self = this;
    (function walk(ws) {
      ws.forEach(function (w) {
        if (w.refresh) w.refresh(day, terms);
        if (w.parts) walk(w.parts);
      });
    })(self.widgets);
  };

  Form.prototype.widget = function (f, path, required, why, type) {
    var self = this;
    var id = "ysxt-f-" + path.replace(/[^a-z0-9]+/g, "-");
    var error = el("div", { class: "ysxt-form-error", "aria-live": "polite" });
    var help = f.description + (why ? "（" + why + "）" : "");
    var w = { field: f, path: path, required: required, error: error };
    var input, box;
    var onChange = function () { self.changed(w); };
    var kind = f.kind;

    if (kind === "object") {
      var parts = f.children.map(function (c) {
        return self.widget(c, c.path, (f.required || []).indexOf(c.key) >= 0, "", type);
      });
      w.parts = parts;
      var legend = el("legend", {}, [f.title, required ? el("span", { class: "ysxt-form-req", text: " *" }) : null]);
      w.node = el("fieldset", { class: "ysxt-form-block", id: id }, [legend, help ? el("div", { class: "ysxt-form-help", text: help }) : null]
        .concat(parts.map(function (p) { return p.node; })).concat([error]));
      w.get = function () {
        var out = {};
        parts.forEach(function (p) { var v = p.get(); if (v !== undefined) out[p.field.key] = v; });
        return Object.keys(out).length || required ? out : undefined;
      };
      w.set = function (v) { parts.forEach(function (p) { if (has(v, p.field.key)) p.set(v[p.field.key]); }); };
      return w;
    }

    if (kind === "evidence" || kind === "objects") {
      return self.listWidget(w, f, id, help, type);
    }

    if (kind === "textarea") {
      input = el("textarea", { id: id, rows: 4, oninput: onChange });
    } else if (kind === "choice") {
      input = el("select", { id: id, onchange: onChange });
      input.appendChild(el("option", { value: "", text: required ? "（请选择）" : "（不写）" }));
      f.choices.forEach(function (c) { input.appendChild(el("option", { value: c[0], text: c[1] === c[0] ? c[1] : c[1] + "（" + c[0] + "）" })); });
    } else if (kind === "member" || kind === "org" || kind === "record") {
      input = el("select", { id: id, onchange: onChange });
    } else if (kind === "members" || kind === "orgs" || kind === "records" || kind === "choices") {
      input = el("div", { id: id, class: "ysxt-form-checks", role: "group" });
    } else if (kind === "scope") {
      input = el("div", { id: id, class: "ysxt-form-checks", role: "group" });
    } else if (kind === "strings") {
      input = el("textarea", { id: id, rows: 2, oninput: onChange, placeholder: "每行写一项" });
    } else {
      input = el("input", { id: id, type: "text", oninput: onChange });
      if (kind === "date") { input.placeholder = "YYYY-MM-DD，例如 " + today(); input.inputMode = "numeric"; }
      if (kind === "integer" || kind === "number") input.inputMode = kind === "integer" ? "numeric" : "decimal";
    }
    w.input = input;
    box = self.row(id, f.title, required, help, input);
    box.appendChild(error);
    w.node = box;

    if (kind === "members" || kind === "orgs" || kind === "records" || kind === "choices" || kind === "scope") {
      self.checkWidget(w, f, input, onChange, type);
    } else if (kind === "member" || kind === "org" || kind === "record") {
      self.selectWidget(w, f, input, required, type);
    } else {
      w.get = function () {
        var raw = input.value;
        if (kind === "strings") {
          var items = raw.split(/\r?\n/).map(function (s) { return s.trim(); }).filter(function (s) { return s; });
          return items.length ? items : undefined;
        }
        var v = kind === "textarea" ? raw.replace(/\r\n/g, "\n").trim() : raw.trim();
        if (!v) return undefined;
        if (kind === "integer" && /^-?[0-9]+$/.test(v)) return parseInt(v, 10);
        if (kind === "number" && /^-?[0-9]+(\.[0-9]+)?$/.test(v)) return parseFloat(v);
        return v;
      };
      w.set = function (v) { input.value = Array.isArray(v) ? v.join("\n") : (v === undefined ? "" : String(v)); };
    }
    return w;
  };

  // lead, report.submitted_to, lecture.approval …: one of a list
  Form.prototype.selectWidget = function (w, f, input, required, type) {
    var self = this;
    var current;
    w.options = function (day, terms) {
      if (f.kind === "member") {
        var seen = {};
        return terms.filter(function (t) { if (seen[t[0]]) return false; seen[t[0]] = 1; return true; })
          .map(function (t) { return [t[0], t[1] + " · " + (self.data.labels.roles[t[2]] || t[2])]; });
      }
      if (f.kind === "org") {
        return self.orgs.map(function (o) { return [o.id, o.name]; });
      }
      return self.refs(type.refs[f.path] || [], day);
    };
    w.refresh = function (day, terms) {
      var keep = w.get() !== undefined ? w.get() : current;
      input.textContent = "";
      input.appendChild(el("option", { value: "", text: required ? "（请选择）" : "（不写）" }));
      var opts = w.options(day, terms);
      if (keep && !opts.some(function (o) { return o[0] === keep; })) opts.push([keep, keep + "（不在列表中）"]);
      opts.forEach(function (o) { input.appendChild(el("option", { value: o[0], text: o[1] })); });
      input.value = keep || "";
      if (f.kind === "member" && !opts.length) input.firstChild.textContent = realDay(day) ? "（该日没有在任的班子成员）" : "（请先填写日期）";
    };
    w.get = function () { return input.value || undefined; };
    w.set = function (v) { current = v; w.refresh(self.dateValue(), self.inOffice(self.dateValue())); };
  };

  // the records a new one may name: directives, incidents, approvals, inspections, up to its date
  Form.prototype.refs = function (types, day) {
    var refs = (this.state.orgData && this.state.orgData.refs) || [];
    var labels = this.data.labels.types;
    return refs.filter(function (r) { return types.indexOf(r.type) >= 0 && (!realDay(day) || r.date <= day); })
      .sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; })
      .map(function (r) { return [r.id, r.date + " " + (labels[r.type] || r.type) + "：" + r.title]; });
  };

  // participants, responds_to, inspection.methods, directive.applies_to …: several of a list
  Form.prototype.checkWidget = function (w, f, box, onChange, type) {
    var self = this;
    var chosen = [];
    var all = null; // scope: the fixed value ("all") chosen
    w.options = function (day, terms) {
      if (f.kind === "members") {
        var seen = {};
        return terms.filter(function (t) { if (seen[t[0]]) return false; seen[t[0]] = 1; return true; })
          .map(function (t) { return [t[0], t[1] + " · " + (self.data.labels.roles[t[2]] || t[2])]; });
      }
      if (f.kind === "records") return self.refs(type.refs[f.path] || [], day);
      if (f.kind === "choices") return f.choices.map(function (c) { return [c[0], c[1]]; });
      return self.orgs.map(function (o) { return [o.id, o.name]; });
    };
    w.refresh = function (day, terms) {
      chosen = w.read();
      box.textContent = "";
      if (f.kind === "scope") {
        var allId = box.id + "-all";
        var fixed = (f.choices[0] || ["all", "全部"]);
        box.appendChild(el("label", { class: "ysxt-form-check ysxt-form-check-all" }, [
          el("input", { type: "checkbox", id: allId, class: "ysxt-form-all", checked: all !== null, onchange: function () { all = this.checked ? fixed[0] : null; w.refresh(day, terms); onChange(); } }),
          fixed[1]
        ]));
        if (all !== null) return;
      }
      var opts = w.options(day, terms);
      chosen.forEach(function (v) { if (!opts.some(function (o) { return o[0] === v; })) opts.push([v, v + "（不在列表中）"]); });
      if (!opts.length) {
        box.appendChild(el("span", { class: "ysxt-form-help", text: f.kind === "members" ? (realDay(day) ? "该日没有在任的班子成员。" : "请先填写日期。") : "没有可选的记录。" }));
      }
      opts.forEach(function (o) {
        box.appendChild(el("label", { class: "ysxt-form-check" }, [
          el("input", { type: "checkbox", value: o[0], checked: chosen.indexOf(o[0]) >= 0, onchange: onChange }), o[1]
        ]));
      });
    };
    w.read = function () {
      var out = [];
      var boxes = box.querySelectorAll("input[type=checkbox]:not(.ysxt-form-all)");
      Array.prototype.forEach.call(boxes, function (c) { if (c.checked) out.push(c.value); });
      return boxes.length || (f.kind === "scope" && all !== null) ? out : chosen;
    };
    w.get = function () {
      if (f.kind === "scope" && all !== null) return all;
      var v = w.read();
      return v.length ? v : undefined;
    };
    w.set = function (v) {
      if (f.kind === "scope" && typeof v === "string") { all = v; chosen = []; } else { chosen = (v || []).slice(); all = null; }
      box.textContent = "";
      var day = self.dateValue();
      w.refresh(day, self.inOffice(day));
      Array.prototype.forEach.call(box.querySelectorAll("input[type=checkbox]:not(.ysxt-form-all)"), function (c) {
        if (chosen.indexOf(c.value) >= 0) c.checked = true;
      });
    };
  };

  // evidence and other lists of blocks: one small group of inputs per item, added as needed
  Form.prototype.listWidget = function (w, f, id, help, type) {
    var self = this;
    var items = [];
    var list = el("div", { class: "ysxt-form-items" });
    var add = el("button", { type: "button", class: "md-button ysxt-form-add", text: f.kind === "evidence" ? "添加一份证明材料" : "添加一项" });
    w.node = el("fieldset", { class: "ysxt-form-block", id: id }, [
      el("legend", {}, [f.title, w.required ? el("span", { class: "ysxt-form-req", text: " *" }) : null]),
      help ? el("div", { class: "ysxt-form-help", text: help }) : null,
      list, add, w.error
    ]);
    var sync = function () {
      w.parts = [];
      items.forEach(function (it) { w.parts = w.parts.concat(it.parts || []); });
    };
    var addItem = function (value) {
      var item = f.kind === "evidence" ? self.evidenceItem(w, f, items.length, value || {}) : self.blockItem(w, f, items.length, value || {}, type);
      var remove = el("button", { type: "button", class: "ysxt-form-remove", text: "删除这一项", onclick: function () {
        var at = items.indexOf(item);
        if (at >= 0) items.splice(at, 1);
        list.removeChild(item.node);
        sync();
        self.changed(w);
      } });
      item.node.appendChild(remove);
      items.push(item);
      list.appendChild(item.node);
      sync();
    };
    add.onclick = function () { addItem(f.kind === "evidence" ? { title: "" } : {}); self.changed(w); };
    w.items = function () { return items; };
    w.get = function () {
      var out = items.map(function (it) { return it.get(); }).filter(function (v) { return v && Object.keys(v).length; });
      return out.length ? out : undefined;
    };
    w.set = function (v) {
      items.splice(0, items.length);
      list.textContent = "";
      sync();
      (Array.isArray(v) ? v : []).forEach(addItem);
    };
    return w;
  };

  Form.prototype.blockItem = function (w, f, index, value, type) {
    var self = this;
    var parts = f.children.map(function (c) {
      return self.widget(c, c.path, (f.required || []).indexOf(c.key) >= 0, "", type);
    });
    var node = el("div", { class: "ysxt-form-item" }, parts.map(function (p) { return p.node; }));
    parts.forEach(function (p) { if (has(value, p.field.key)) p.set(value[p.field.key]); });
    return {
      node: node, parts: parts,
      get: function () {
        var out = {};
        parts.forEach(function (p) { var v = p.get(); if (v !== undefined) out[p.field.key] = v; });
        return out;
      }
    };
  };

  // one evidence item: a file of the repository (picked here: name and sha256 computed) or a paper archive
  Form.prototype.evidenceItem = function (w, f, index, value) {
    var self = this;
    var n = self.uid = (self.uid || 0) + 1;
    var item = { value: value, file: null, hashing: false };
    var title = el("input", { type: "text", id: "ysxt-ev-title-" + n, value: value.title || "", oninput: function () { self.changed(w); } });
    var isFile = has(value, "file") || has(value, "sha256");
    var kindFile = el("input", { type: "radio", name: "ysxt-ev-kind-" + n, value: "file", checked: isFile });
    var kindPaper = el("input", { type: "radio", name: "ysxt-ev-kind-" + n, value: "archive", checked: !isFile });
    var archive = el("input", { type: "text", id: "ysxt-ev-archive-" + n, value: value.archive || "", placeholder: "例如 党建档案2026-03号盒", oninput: function () { self.changed(w); } });
    var picker = el("input", { type: "file", id: "ysxt-ev-file-" + n, class: "ysxt-form-file" });
    var fileInfo = el("div", { class: "ysxt-form-help" });
    var filePart = el("div", { class: "ysxt-form-evfile" }, [self.row("ysxt-ev-file-" + n, "选择材料文件（扫描件、照片等）", false, "页面计算文件的校验值（sha256），并给出上传时的文件名。文件不会被发送到任何地方。", picker), fileInfo]);
    var paperPart = self.row("ysxt-ev-archive-" + n, "纸质档案号或存放位置", false, "", archive);
    var sync = function () {
      filePart.hidden = !kindFile.checked;
      paperPart.hidden = !kindPaper.checked;
    };
    kindFile.onchange = kindPaper.onchange = function () { sync(); self.changed(w); };
    picker.onchange = function () {
      var file = picker.files && picker.files[0];
      if (!file) return;
      item.file = file;
      item.hashing = true;
      fileInfo.textContent = "正在计算校验值……";
      self.changed(w);
      var reader = new FileReader();
      reader.onload = function () {
        item.sha256 = window.ysxtSha256(new Uint8Array(reader.result));
        item.hashing = false;
        self.changed(w);
      };
      reader.onerror = function () {
        item.hashing = false;
        fileInfo.textContent = "无法读取这个文件，请重新选择。";
      };
      reader.readAsArrayBuffer(file);
    };
    item.fileInfo = fileInfo;
    item.node = el("div", { class: "ysxt-form-item ysxt-form-evidence" }, [
      self.row("ysxt-ev-title-" + n, "材料名称", true, "例如 会议记录、签到表、自查报告。", title),
      el("div", { class: "ysxt-form-checks", role: "radiogroup" }, [
        el("label", { class: "ysxt-form-check" }, [kindFile, "仓库中的文件（上传到记录仓库）"]),
        el("label", { class: "ysxt-form-check" }, [kindPaper, "纸质档案"])
      ]),
      filePart, paperPart
    ]);
    sync();
    item.get = function () {
      var out = {};
      if (title.value.trim()) out.title = title.value.trim();
      if (kindPaper.checked) {
        if (archive.value.trim()) out.archive = archive.value.trim(); else out.archive = "";
      } else if (item.file) {
        out.file = item.path || "";
        out.sha256 = item.sha256 || "";
      } else if (has(value, "file")) {
        out.file = value.file;
        if (has(value, "sha256")) out.sha256 = value.sha256;
      } else {
        out.file = "";
      }
      return out;
    };
    item.isFile = function () { return kindFile.checked; };
    return item;
  };

  // ---- reading, checking, writing -------------------------------------------------------------

  Form.prototype.collect = function () {
    var out = {};
    this.widgets.forEach(function (w) {
      var v = w.get();
      if (v !== undefined) out[w.field.key] = v;
    });
    return out;
  };

  Form.prototype.changed = function (w) {
    if (w) w.touched = true;
    if (w && w.field.key === "date") this.refreshMembers();
    this.update();
  };

  // The record's id, file and the evidence files' names in the repository.
  Form.prototype.place = function (values) {
    var type = this.type(), org = this.org(), data = this.state.orgData;
    var edit = this.state.edit;
    var day = typeof values.date === "string" && realDay(values.date) ? values.date : today();
    var year = day.slice(0, 4);
    var id;
    if (edit && !edit.amend) id = edit.record.id;
    else if (edit) id = amendmentId(data.ids || [], edit.record.id);
    else id = nextRecordId(data.ids || [], year, org.id, type.code);
    var dir = this.data.dirs.activities + "/" + year + "/" + org.id;
    var path = edit && !edit.amend ? edit.record.path : dir + "/" + id + ".yaml"; // 修改: the file as it is
    return {
      id: id, year: year, day: day,
      dir: path.slice(0, path.lastIndexOf("/")),
      path: path,
      evidenceDir: this.data.dirs.evidence + "/" + year + "/" + org.id,
      stem: id.indexOf(year + "-" + org.id + "-") === 0 ? id.slice((year + "-" + org.id + "-").length) : id
    };
  };

  Form.prototype.nameEvidence = function (place) {
    var ev = this.widgets.filter(function (x) { return x.field.kind === "evidence"; })[0];
    if (!ev) return [];
    var k = 0;
    return ev.items().map(function (item) {
      if (!item.file || !item.isFile()) return null;
      k += 1;
      var m = /\.([A-Za-z0-9]{1,8})$/.exec(item.file.name);
      var name = place.stem + (k > 1 ? "-" + k : "") + (m ? "." + m[1].toLowerCase() : "");
      item.path = place.evidenceDir + "/" + name;
      item.name = name;
      return item;
    }).filter(Boolean);
  };

  // 2025/2/3, 2025年2月3日, 2025-02-30 …: year, month and day as ysxt check reads a date
  // (its own pattern), whether or not the day exists; null when not written as a date
  Form.prototype.dateParts = function (path, v) {
    var rule = this.msg(path, "loose");
    var re = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
    if (rule && rule.pattern) { try { re = new RegExp(rule.pattern); } catch (e) { /* the strict form only */ } }
    var ascii = v.replace(/[\uff10-\uff19]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); });
    var m = re.exec(ascii);
    return m ? [+m[1], +(m[2] || m[4]), +(m[3] || m[5])] : null;
  };

  // why y-m-d is no day, in ysxt check's words (schema_messages.NO_SUCH_DAY): {reason, reason_hint}
  Form.prototype.noSuchDay = function (path, p) {
    var n = { y: p[0], m: p[1], d: p[2] };
    var c = "day";
    if (p[0] < 1) c = "year";
    else if (p[1] < 1 || p[1] > 12) c = "month";
    else if (p[1] === 2 && p[2] === 29 && daysIn(p[0], 2) === 28) c = "leap";
    else n.n = daysIn(p[0], p[1]);
    var rule = this.msg(path, "date-" + c) || { message: "", hint: "" };
    return { reason: fill(rule.message, "", n), reason_hint: fill(rule.hint, "", n) };
  };

  Form.prototype.check = function (values, place) {
    var self = this;
    var problems = [];
    var add = function (w, m, v, extra) {
      if (!m) m = { message: "“" + (w ? w.field.title : "") + "”需要填写", hint: "" };
      problems.push({ widget: w, message: fill(m.message, v, extra), hint: m.hint ? fill(m.hint, v, extra) : "" });
    };
    var checkValue = function (w, f, v, path, index) {
      var at = { i: index === undefined ? 0 : index };
      var kind = f.kind;
      var lim = f.limits || {};
      if (v === undefined || v === "" || (Array.isArray(v) && !v.length)) {
        if (w.required) {
          add(w, self.msg(path, f.shape === "list" ? "items" : "empty") || self.msg(path, "missing"), "", at);
          problems[problems.length - 1].empty = true;
        }
        return;
      }
      if (typeof v === "string") {
        if (kind === "date") {
          var parts = self.dateParts(path, v);
          if (!parts) { add(w, self.msg(path, "pattern"), v, at); return; }
          var day = String(parts[0]).padStart(4, "0") + "-" + pad2(parts[1]) + "-" + pad2(parts[2]);
          if (!realDay(day)) {
            var why = self.noSuchDay(path, parts);
            add(w, self.msg(path, "date"), v, { i: at.i, reason: why.reason, reason_hint: why.reason_hint });
            return;
          }
          if (day !== v) { add(w, self.msg(path, "loose"), v, { i: at.i, fixed: day }); return; }
          if (path === "date" && v > today()) add(w, self.msg(path, "future"), v, { today: today() });
        } else if (kind === "integer" || kind === "number") {
          add(w, self.msg(path, "type"), v, at);
          return;
        } else if (lim.pattern && !(new RegExp(lim.pattern)).test(v)) {
          add(w, self.msg(path, "pattern"), v, at);
        }
        if (lim.max_length && v.length > lim.max_length) add(w, self.msg(path, "long"), v, at);
      }
      if (typeof v === "number") {
        if (lim.minimum !== undefined && v < lim.minimum) add(w, self.msg(path, "minimum"), v, at);
        if (lim.maximum !== undefined && v > lim.maximum) add(w, self.msg(path, "maximum"), v, at);
      }
      if (Array.isArray(v) && f.shape === "list") {
        v.forEach(function (x) {
          if (typeof x === "string" && lim.item_max_length && x.length > lim.item_max_length) add(w, self.msg(path, "long"), x, at);
        });
        if (v.some(function (x, i) { return v.indexOf(x) !== i; })) add(w, self.msg(path, "unique"), "", at);
      }
    };
    var walk = function (ws) {
      ws.forEach(function (w) {
        var f = w.field;
        if (f.kind === "object") {
          var v = w.get();
          if (v !== undefined) walk(w.parts);
          return;
        }
        if (f.kind === "evidence") {
          w.items().forEach(function (item, i) {
            var v = item.get();
            var tf = childOf(f, "title");
            if (!v.title) add(w, self.msg(tf.path, "empty"), "", { i: i });
            else if (v.title.length > (tf.limits.max_length || 1e9)) add(w, self.msg(tf.path, "long"), v.title, { i: i });
            if (item.hashing) problems.push({ widget: w, message: "正在计算第 " + (i + 1) + " 份材料的校验值，请稍候。", hint: "" });
            else if (item.isFile() && !v.file) problems.push({ widget: w, message: "第 " + (i + 1) + " 份材料还没有选择文件。", hint: "请选择材料文件，或改为“纸质档案”并写档案号。" });
            else if (!item.isFile() && !v.archive) add(w, self.msg(childOf(f, "archive").path, "empty"), "", { i: i });
          });
          if (w.required && !w.items().length) add(w, self.msg(f.path, "missing"), "", {});
          return;
        }
        if (f.kind === "objects") {
          if (w.required && !w.items().length) add(w, self.msg(f.path, "missing"), "", {});
          w.items().forEach(function (item, i) {
            item.parts.forEach(function (p) { checkValue(p, p.field, p.get(), p.path, i); });
          });
          return;
        }
        checkValue(w, f, w.get(), w.path);
        if ((f.kind === "member" || f.kind === "members") && w.get() !== undefined && realDay(place.day)) {
          var office = self.inOffice(place.day).map(function (t) { return t[0]; });
          [].concat(w.get()).forEach(function (m) {
            if (office.indexOf(m) >= 0) return;
            var org = self.org();
            var name = org.terms.filter(function (t) { return t[0] === m; }).map(function (t) { return t[1]; })[0];
            problems.push({ widget: w, message: (name ? name + "（" + m + "）" : m) + "在 " + place.day + " 不在" + org.name + "任职",
              hint: "请检查活动日期和参加人员；任职变动请先在组织文件中登记。" });
          });
        }
      });
    };
    walk(self.widgets);
    // the privacy rule, on every text the clerk wrote
    var texts = function (ws, out) {
      ws.forEach(function (w) {
        if (w.parts) texts(w.parts, out);
        if (w.items && w.field.kind === "evidence") {
          w.items().forEach(function (it) { var v = it.get(); out.push([w, v.title]); out.push([w, v.archive]); });
          return;
        }
        var v = w.get();
        if (typeof v === "string" && w.field.kind !== "evidence") out.push([w, v]);
        if (Array.isArray(v)) v.forEach(function (x) { if (typeof x === "string") out.push([w, x]); });
      });
      return out;
    };
    texts(self.widgets, []).forEach(function (pair) {
      if (typeof pair[1] !== "string") return;
      self.privacy.forEach(function (rule) {
        rule.re.lastIndex = 0;
        var m;
        while ((m = rule.re.exec(pair[1])) !== null) {
          problems.push({ widget: pair[0], message: fill(rule.message, m[0].slice(0, 3)), hint: rule.hint });
          if (!rule.re.global) break;
        }
      });
    });
    // characters ysxt check refuses (invisible ones pasted in, mostly), in check's words, under
    // the field that holds them: no file is made with one
    refusedIn(self.data.characters, values, self.spec.multiline || []).forEach(function (r) {
      var w = self.widgets.filter(function (x) { return x.field.key === r.pointer[0]; })[0];
      var part = w && w.parts && w.parts.filter(function (x) { return x.field.key === r.pointer[1]; })[0];
      var m = refusedMessage(self.data.characters, r);
      problems.push({ widget: part || w || null, message: m.message, hint: m.hint });
    });
    if (self.state.edit && !self.state.edit.amend && place.year !== self.state.edit.record.date.slice(0, 4)) {
      var dw = self.widgets.filter(function (x) { return x.field.key === "date"; })[0];
      problems.push({ widget: dw, message: "修改记录时不能把日期改到另一年（原记录是 " + self.state.edit.record.date + "）",
        hint: "记录按年份放在不同的文件夹里：请另外新建一条记录，并在仓库网页中删除原记录。" });
    }
    return problems;
  };

  Form.prototype.url = function (blob) {
    var url = URL.createObjectURL(blob);
    this.urls = (this.urls || []).concat([url]);
    return url;
  };

  Form.prototype.update = function () {
    var self = this;
    var type = self.type(), org = self.org();
    (self.urls || []).forEach(function (u) { URL.revokeObjectURL(u); });
    self.urls = [];
    self.output.textContent = "";
    (function clear(ws) { ws.forEach(function (w) { w.error.textContent = ""; if (w.parts) clear(w.parts); }); })(self.widgets);
    if (!type || !org || !self.state.orgData) return;
    var values = self.collect();
    var place = self.place(values);
    self.nameEvidence(place);
    values = self.collect(); // with the evidence files' names
    var problems = self.check(values, place);
    problems.forEach(function (p) {
      var target = p.widget && (!p.empty || p.widget.touched || self.tried) ? p.widget.error : null;
      if (target) {
        target.appendChild(el("p", { class: "ysxt-form-msg", text: p.message }));
        if (p.hint) target.appendChild(el("p", { class: "ysxt-form-hint", text: "提示：" + p.hint }));
      }
    });
    self.drawCounts(type, values);
    self.drawEvidenceInfo(place);
    if (problems.length) {
      self.output.appendChild(el("p", { class: "ysxt-form-blocked", text: "还有 " + problems.length + " 处需要改正，改好后这里生成记录文件：" }));
      self.output.appendChild(el("ul", { class: "ysxt-form-problems" }, problems.map(function (p) {
        return el("li", { text: p.message });
      })));
      self.root.setAttribute("data-state", "invalid");
      return;
    }
    var terms = self.inOffice(place.day);
    var roster = rosterLine(String(values.date), terms.map(function (t) { return [t[0], t[1]]; }));
    var text = renderRecord(self.spec, type, place.id, org.id, values, roster, self.data.lines, self.data.characters);
    self.text = text;
    self.drawOutput(text, place);
    self.root.setAttribute("data-state", "ready");
  };

  // 将计入: what the record will count for, from the counts computed for the portal
  Form.prototype.drawCounts = function (type, values) {
    var box = this.counts;
    box.textContent = "";
    var data = this.state.orgData;
    var day = values.date;
    if (!data || typeof day !== "string" || !realDay(day) || (this.state.edit && !this.state.edit.amend)) { box.hidden = true; return; }
    var lines = [];
    var names = {};
    this.org().terms.forEach(function (t) { names[t[0]] = t[1]; });
    var text = [values.title || ""].concat(values.topics || []).join(" ");
    var period = typeof values.period === "string" ? values.period : null;
    var entryOf = function (d, member, trigger) {
      return data.entries.filter(function (e) {
        return e.plan === d.plan && e.ob === d.obligation && (e.member || null) === (member || null) && (e.trigger || null) === (trigger || null)
          && (trigger ? true : (period ? e.period === period : e.start <= day && day <= e.end));
      })[0];
    };
    Object.keys(type.needed || {}).forEach(function (key) {
      if (!has(values, key) && key !== "report") lines.push(["warn", type.needed[key] + "；现在没有写。"]);
    });
    var count = function (e) {
      var n = e.done + 1;
      return "（第 " + n + " 次，" + (n <= e.required ? "共需 " + e.required + " 次" : "已满 " + e.required + " 次") + "）";
    };
    type.duties.forEach(function (d) {
      if (d.role === "qualifies") {
        if (d.keywords.length && !d.keywords.some(function (k) { return text.indexOf(k) >= 0; })) {
          lines.push(["warn", "标题和议题中都没有“" + d.keywords.join("”“") + "”等词，不会计入“" + d.title + "”。"]);
          return;
        }
        var who = d.level === "member" ? (d.by === "lead" ? [values.lead] : [values.lead].concat(values.participants || [])) : [null];
        var seen = {};
        who.forEach(function (m) {
          if ((d.level === "member" && !m) || seen[m]) return;
          seen[m] = 1;
          var e = entryOf(d, m, null);
          var name = m ? (names[m] || m) + " " : "";
          if (e) lines.push(["ok", "将计入：" + name + e.zh + " " + d.title + count(e)]);
        });
        if (d.report_to && !(values.report && values.report.submitted_to === d.report_to && values.report.submitted_on)) {
          lines.push(["warn", "“" + d.title + "”要求书面报送，写明报送对象和日期才算完成。"]);
        }
        if (d.evidence && !values.evidence) lines.push(["warn", "“" + d.title + "”要求有证明材料。"]);
      } else if (d.role === "response") {
        (values.responds_to || []).forEach(function (trigger) {
          data.entries.filter(function (e) { return e.plan === d.plan && e.ob === d.obligation && e.trigger === trigger; }).forEach(function (e) {
            if (e.member && (d.by === "lead" ? e.member !== values.lead : (values.participants || []).concat([values.lead]).indexOf(e.member) < 0)) return;
            var name = e.member ? (names[e.member] || e.member) + " " : "";
            var when = e.due ? "，截止 " + e.due : "";
            lines.push(["ok", "将完成：" + name + d.title + "（回应 " + trigger + when + (e.done ? "，已完成过" : "") + "）"]);
          });
        });
      } else if (d.role === "trigger") {
        lines.push(["info", "登记后产生：" + d.title]);
      }
    });
    box.hidden = !lines.length;
    if (!lines.length) return;
    box.appendChild(el("ul", {}, lines.map(function (l) { return el("li", { class: "ysxt-form-count-" + l[0], text: l[1] }); })));
  };

  Form.prototype.drawEvidenceInfo = function (place) {
    var forge = this.data.forge;
    var self = this;
    this.nameEvidence(place).forEach(function (item) {
      item.fileInfo.textContent = "";
      if (item.hashing || !item.sha256) { item.fileInfo.textContent = "正在计算校验值……"; return; }
      var url = self.url(item.file);
      item.fileInfo.appendChild(el("span", { text: "已选：" + item.file.name + "，校验值 " + item.sha256.slice(0, 12) + "…。上传时文件名用 " + item.name + "，放到仓库的 " + place.evidenceDir + "/ 文件夹。" }));
      item.fileInfo.appendChild(el("a", { href: url, download: item.name, class: "ysxt-form-link", text: "下载改名后的文件（" + item.name + "）" }));
      if (forge) {
        item.fileInfo.appendChild(el("a", { href: self.forgeUpload(place), target: "_blank", rel: "noopener", class: "ysxt-form-link", text: "打开仓库网页中的上传页面" }));
      }
    });
  };

  // ---- the forge ------------------------------------------------------------------------------

  Form.prototype.branch = function (place) {
    return "tianbao-" + place.id;
  };

  // the forge's new-file page with the file name and, unless ``text`` is null, the content filled in
  Form.prototype.forgeNew = function (text, place) {
    var f = this.data.forge;
    var name = place.path.slice(place.dir.length + 1);
    var branch = encodePath(f.branch), dir = encodePath(place.dir);
    var content = text === null ? "" : encodeURIComponent(text);
    if (f.kind === "github") return f.repo + "/new/" + branch + "/" + dir + "?filename=" + encodeURIComponent(name) + (text === null ? "" : "&value=" + content);
    if (f.kind === "gitlab") return f.repo + "/-/new/" + branch + "/" + dir + "?file_name=" + encodeURIComponent(name) + (text === null ? "" : "&content=" + content);
    return f.repo + "/_new/" + branch + "/" + dir + "/?filename=" + encodeURIComponent(name) + (text === null ? "" : "&value=" + content);
  };

  // bytes of the address as the browser sends it (other than ASCII percent-encoded)
  function urlBytes(url) {
    return url.replace(/[^\x00-\x7f]/g, function (c) { return encodeURIComponent(c); }).length;
  }

  // whether the new-file link carrying ``text`` is short enough for the servers before a forge
  // (the limit comes from the portal: pages_form.FORGE_URL_LIMIT)
  Form.prototype.forgeNewFits = function (text, place) {
    return urlBytes(this.forgeNew(text, place)) <= (this.data.url_limit || 8000);
  };

  Form.prototype.forgeEdit = function (path) {
    var f = this.data.forge;
    var branch = encodePath(f.branch), p = encodePath(path);
    if (f.kind === "github") return f.repo + "/edit/" + branch + "/" + p;
    if (f.kind === "gitlab") return f.repo + "/-/edit/" + branch + "/" + p;
    return f.repo + "/_edit/" + branch + "/" + p;
  };

  // the forge's upload page for the evidence folder on the record's branch, or for ``dir`` on ``branch``
  Form.prototype.forgeUpload = function (place, branchName, dirName) {
    var f = this.data.forge;
    var branch = encodePath(branchName || this.branch(place)), dir = encodePath(dirName || place.evidenceDir);
    if (f.kind === "github") return f.repo + "/upload/" + branch + "/" + dir;
    if (f.kind === "gitlab") return f.repo + "/-/tree/" + branch + "/" + dir;
    return f.repo + "/_upload/" + branch + "/" + dir;
  };

  Form.prototype.drawOutput = function (text, place) {
    var self = this;
    var out = self.output;
    var forge = self.data.forge;
    var editing = self.state.edit && !self.state.edit.amend;
    var name = place.path.slice(place.dir.length + 1);
    out.appendChild(el("p", {}, ["记录文件：", el("code", { class: "ysxt-form-path", text: place.path })]));
    // a long record: the link carries it without the template's guidance comments (the same
    // data); when even that does not fit, no link that the forge would refuse, but the file to
    // upload or the text to paste instead
    var linked = text;
    if (forge && !editing && !self.forgeNewFits(text, place)) {
      var bare = withoutGuidance(text, self.data.guidance);
      if (bare !== null && bare !== text) linked = bare;
    }
    var shorter = linked !== text;
    var tooLong = forge && !editing && !self.forgeNewFits(linked, place);
    var buttons = el("div", { class: "ysxt-form-buttons" });
    if (forge && !tooLong) {
      var href = editing ? self.forgeEdit(place.path) : self.forgeNew(linked, place);
      buttons.appendChild(el("a", { class: "md-button md-button--primary ysxt-form-forge", href: href, target: "_blank", rel: "noopener",
        text: editing ? "在仓库网页中修改" : "在仓库网页中新建" }));
    }
    var blob = new Blob([text], { type: "text/yaml;charset=utf-8" });
    buttons.appendChild(el("a", { class: "md-button ysxt-form-download" + (tooLong ? " md-button--primary" : ""), href: self.url(blob), download: name, text: "下载文件" }));
    if (tooLong) {
      buttons.appendChild(el("a", { class: "md-button ysxt-form-upload", href: self.forgeUpload(place, forge.branch, place.dir), target: "_blank", rel: "noopener",
        text: "打开仓库网页中的上传页面" }));
    }
    var copied = el("span", { class: "ysxt-form-copied", "aria-live": "polite" });
    buttons.appendChild(el("button", { type: "button", class: "md-button ysxt-form-copy", text: "复制内容", onclick: function () {
      copied.textContent = self.copy(text) ? "已复制。" : "没能复制，请在下面的内容中全选后复制。";
    } }));
    if (tooLong) {
      buttons.appendChild(el("a", { class: "md-button ysxt-form-forge-blank", href: self.forgeNew(null, place), target: "_blank", rel: "noopener",
        text: "在仓库网页中新建（粘贴内容）" }));
    }
    buttons.appendChild(copied);
    if (tooLong) {
      out.appendChild(el("p", { class: "ysxt-form-warn ysxt-form-toolong", role: "status",
        text: "这条记录内容较长，不能放进“在仓库网页中新建”的链接（链接超过 " + (self.data.url_limit || 8000) +
          " 字节，仓库网页会打不开）。请按下面的步骤，用“下载文件”后上传，或用“复制内容”后粘贴。" }));
    }
    out.appendChild(buttons);
    if (shorter && !tooLong) {
      out.appendChild(el("p", { class: "ysxt-form-note ysxt-form-short",
        text: "说明：这条记录较长，“在仓库网页中新建”打开的文件省去了以 # 开头的填写说明，记录内容相同；" +
          "“下载文件”和“复制内容”得到的是带说明的完整文件。" }));
    }
    var steps = [];
    if (editing) {
      steps.push(forge ? "点“在仓库网页中修改”打开原文件，全选删除原内容，粘贴这里复制的内容。" : "在仓库网页中打开原文件 " + place.path + "，点“编辑”，全选删除原内容，粘贴这里复制的内容。");
    } else if (tooLong) {
      steps.push("点“下载文件”，保存的文件名是 " + name + "，不要改名。");
      steps.push("点“打开仓库网页中的上传页面”：打开仓库的 " + place.dir + "/ 文件夹" +
        (forge.kind === "gitlab" ? "，在页面上点“+”，选“上传文件”" : "") +
        "。把下载的文件拖进页面，或点“选择文件”选中它；上传后文件的位置应是 " + place.path + "。打开的页面说找不到这个文件夹时（这是本组织这一年的第一条记录），请用下一步的办法。");
      steps.push("上传不方便时，也可以点“复制内容”，再点“在仓库网页中新建（粘贴内容）”：文件名已经填好，在内容框中粘贴。");
    } else if (forge) {
      steps.push("点“在仓库网页中新建”：仓库网页打开新建文件页，文件名和内容已经填好，不用改动。");
    } else {
      steps.push("门户没有设置仓库网址（mkdocs.yml 中 extra.ysxt.repo_url）：请下载文件，在仓库网页中进入 " + place.dir + "/ 文件夹，上传这个文件。");
    }
    steps.push("提交时选择“新建分支并发起合并请求”，分支名写 " + self.branch(place) + "，再点提交。");
    if (self.nameEvidence(place).length) {
      steps.push("把证明材料上传到同一个分支的 " + place.evidenceDir + "/ 文件夹，文件名用上面给出的名字（可先点“下载改名后的文件”）。");
    }
    steps.push("发起合并请求。系统自动检查（ysxt check），几分钟后在合并请求页面显示结果；审核人确认后合并。");
    out.appendChild(el("ol", { class: "ysxt-form-steps" }, steps.map(function (s) { return el("li", { text: s }); })));
    out.appendChild(el("details", { class: "ysxt-form-preview", open: true }, [
      el("summary", { text: "文件内容" }),
      el("pre", { class: "ysxt-form-yaml", text: text })
    ]));
  };

  Form.prototype.copy = function (text) {
    var area = el("textarea", { value: text, readOnly: true, class: "ysxt-form-clip" });
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    if (!ok && navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text);
      ok = true;
    }
    return ok;
  };

  // ---- start ------------------------------------------------------------------------------------

  window.ysxtForm = {
    renderRecord: renderRecord, refusedIn: refusedIn, refusedMessage: refusedMessage, withoutGuidance: withoutGuidance, scalar: scalar, comment: comment, rosterLine: rosterLine,
    nextRecordId: nextRecordId, amendmentId: amendmentId
  };

  function start() {
    var root = document.getElementById("ysxt-form");
    if (!root) return;
    var go = function () {
      if (!window.YSXT_FORM) { root.textContent = "无法加载填报数据（fill/data.js）。请刷新页面；仍不行时请联系门户的管理人员。"; return; }
      window.ysxtForm.form = new Form(root, window.YSXT_FORM);
    };
    if (window.YSXT_FORM) go();
    else loadScript(ROOT + "fill/data.js", go, go);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
