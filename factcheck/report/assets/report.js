/* factcheck report: renders the interactive parts of report.html from the
 * embedded report JSON (schema factcheck.report/1). Vanilla JS, no network.
 *
 * The server (factcheck/report/html.py) already rendered the summary and the
 * first findings; this script adds the filters, renders further findings on
 * demand, the facts, the timeline, the claim graph (cytoscape.js, evaluated
 * only when the reader opens the graph) and the articles (bodies rendered only
 * when an article is opened). All text goes into the DOM through textContent
 * or createTextNode, never through innerHTML.
 *
 * window.factcheckReport exposes the data and a few hooks for the browser tests.
 */
(function () {
  "use strict";
  performance.mark("fc-start");

  var main = document.getElementById("fc-main");
  var PAGE = Number(main.getAttribute("data-page-size")) || 30;
  var ARTICLE_PAGE = 20;
  var report = JSON.parse(document.getElementById("fc-data").textContent);
  var findings = report.findings || [];
  function reasonsOf(f) { return f.reasons && f.reasons.length ? f.reasons : (f.reason ? [f.reason] : []); }
  var api = (window.factcheckReport = { report: report, ready: false, graph: null });

  var SEVERITY_RANK = { high: 3, medium: 2, low: 1, info: 0 };
  // Kept in step with report.css ([data-kind] badges) so a kind has one colour everywhere.
  var KIND_COLOURS = {
    contradict: "#b3261e",
    number_mismatch: "#b45f06",
    date_mismatch: "#1f5fa8",
    entity_mismatch: "#0b7a75",
    attribution: "#a3306b",
    quote_drift: "#7b3fa0",
    update: "#6b5b00",
    possible_contradiction: "#8e4a2c",
    agree: "#2e7d32",
    aligned: "#9aa3ab"
  };
  var SPARE_COLOURS = ["#6d4c41", "#3949ab", "#00838f", "#ad1457", "#558b2f", "#4e342e"];
  var LINE_STYLES = ["solid", "dashed", "dotted"];
  var LABEL_GROUPS = [
    ["cue", ["neg", "polar", "cue", "modal", "hedg", "ruled", "status"]],
    ["number", ["num", "quant", "amount", "unit", "count"]],
    ["speaker", ["speak", "attrib", "source", "actor"]],
    ["quote", ["quot", "word"]],
    ["time", ["time", "date", "day", "tempor"]],
    ["entity", ["entit", "name", "place", "person"]]
  ];

  // ---- look-ups -----------------------------------------------------------
  var articles = new Map();
  var articleOrder = new Map();
  var sentences = new Map(); // sentence id -> {s, a}
  report.articles.forEach(function (a, i) {
    articles.set(a.id, a);
    articleOrder.set(a.id, i);
    a.sentences.forEach(function (s) { sentences.set(s.id, { s: s, a: a }); });
  });
  var partners = new Map(); // sentence id -> [partner sentence ids]
  (report.pairs || []).forEach(function (p) {
    push(partners, p.a, p.b);
    push(partners, p.b, p.a);
  });
  var findingsOf = new Map(); // sentence id -> [finding index]
  var findingIndexByAnchor = new Map();
  findings.forEach(function (f, i) {
    push(findingsOf, f.a, i);
    if (f.b !== f.a) push(findingsOf, f.b, i);
    findingIndexByAnchor.set(findingAnchor(f, i), i);
  });

  function push(map, key, value) {
    var list = map.get(key);
    if (list) list.push(value); else map.set(key, [value]);
  }

  // ---- small helpers (mirrors of html.py where the markup must match) ---
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        el.setAttribute(k, v === true ? "" : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, kid) {
    if (kid === null || kid === undefined || kid === false || kid === "") return;
    if (Array.isArray(kid)) { kid.forEach(function (k) { append(el, k); }); return; }
    el.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  function anchorId(id) { return String(id).trim().split(/\s+/).join("_"); }
  function kindLabel(kind) { return String(kind || "").replace(/_/g, " "); }
  function outletName(a) { return a.outlet || a.id; }
  function labelGroup(label) {
    var low = String(label || "").toLowerCase();
    for (var i = 0; i < LABEL_GROUPS.length; i++) {
      if (LABEL_GROUPS[i][1].some(function (stem) { return low.indexOf(stem) >= 0; })) return LABEL_GROUPS[i][0];
    }
    return "other";
  }
  function findingAnchor(f, n) { return "finding-" + anchorId(f.fingerprint || String(n)); }
  // a statement with no speaker is the outlet's own text (the same words in report.md)
  var NARRATOR = "the outlet itself";
  function percent(x) { return Math.floor(Number(x || 0) * 100 + 0.5); }
  function side(id) {
    var hit = sentences.get(id);
    if (hit) return hit;
    var articleId = String(id).replace(/:s\d+$/, "");
    return {
      s: { id: id, text: "(sentence not in this report)" },
      a: articles.get(articleId) || { id: articleId, outlet: null, title: "", published: null, language: null }
    };
  }
  function truncate(text, n) {
    text = String(text || "");
    return text.length > n ? text.slice(0, n - 1).replace(/\s+\S*$/, "") + "…" : text;
  }
  function fold(text) {
    // case- and accent-insensitive search: "Kovalenko" finds "kovalenko", "Oezil" no, but "Ozil" finds "Özil"
    return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
  }
  function colourOf(kind) {
    if (KIND_COLOURS[kind]) return KIND_COLOURS[kind];
    var sum = 0;
    for (var i = 0; i < kind.length; i++) sum = (sum * 31 + kind.charCodeAt(i)) >>> 0;
    return SPARE_COLOURS[sum % SPARE_COLOURS.length];
  }

  // Evidence spans placed in a sentence (see html.py's locate_spans). Offsets in
  // the report count code points, as Python does; they are turned into UTF-16
  // offsets first (the same numbers unless the text has astral characters).
  function unitOffset(text, cp) {
    if (!/[\uD800-\uDFFF]/.test(text)) return cp;
    var unit = 0;
    for (var i = 0; i < cp && unit < text.length; i++) unit += text.codePointAt(unit) > 0xffff ? 2 : 1;
    return unit;
  }
  function pieces(text, span) {
    var cpLength = Array.from(text).length;
    var start = span.start, end = span.end, want = span.text || "";
    var valid = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= cpLength;
    if (valid) { start = unitOffset(text, start); end = unitOffset(text, end); }
    if (valid && (!want || text.slice(start, end) === want)) return [[start, end]];
    var words = want.split("…").map(function (w) { return w.trim(); }).filter(Boolean);
    if (!words.length) return [];
    var ranges = (valid ? [[start, end]] : []).concat([[0, text.length]]);
    for (var r = 0; r < ranges.length; r++) {
      var found = [], pos = ranges[r][0], hi = ranges[r][1];
      for (var w = 0; w < words.length; w++) {
        var at = text.indexOf(words[w], pos);
        if (at < 0 || at + words[w].length > hi) break;
        found.push([at, at + words[w].length]);
        pos = at + words[w].length;
      }
      if (found.length === words.length) return found;
    }
    return [];
  }
  function locateSpans(text, spans) {
    var placed = [];
    spans.forEach(function (span) {
      var found = pieces(text, span);
      found.forEach(function (p, n) { placed.push([p[0], p[1], span, n < found.length - 1]); });
    });
    placed.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var result = [], lastEnd = 0;
    placed.forEach(function (p) {
      if (p[0] >= lastEnd) { result.push(p); lastEnd = p[1]; }
    });
    return result;
  }
  function highlight(el, text, spans) {
    var pos = 0;
    locateSpans(text, spans).forEach(function (p) {
      var label = p[2].label || "evidence";
      append(el, text.slice(pos, p[0]));
      el.appendChild(h("mark", { class: "ev ev-" + labelGroup(label) + (p[3] ? " ev-part" : ""), "data-label": label },
        text.slice(p[0], p[1])));
      pos = p[1];
    });
    append(el, text.slice(pos));
    return el;
  }

  // ---- finding cards (same DOM as html.py's _finding_card) --------------
  function findingCard(n) {
    var f = findings[n];
    var kind = f.kind || "", severity = f.severity || "";
    var head = h("header", { class: "finding-head" },
      h("span", { class: "rank" }, "#" + (n + 1)),
      h("span", { class: "badge kind", "data-kind": kind }, kindLabel(kind)),
      h("span", { class: "badge sev sev-" + severity }, severity),
      h("code", { class: "code" }, f.code == null ? "" : String(f.code)),
      h("span", { class: "conf" }, "confidence " + percent(f.confidence) + "%"),
      reasonsOf(f).length ? h("span", { class: "reason" }, reasonsOf(f).map(kindLabel).join(", ")) : null);
    var evidence = f.evidence || [];
    var sides = h("div", { class: "sides" });
    var langs = {};
    ["a", "b"].forEach(function (key) {
      var hit = side(f[key]);
      var lang = hit.a.language || null;
      langs[key] = lang;
      var spans = evidence.filter(function (ev) { return ev.side === key; });
      sides.appendChild(h("figure", { class: "side side-" + key },
        h("figcaption", null,
          h("span", { class: "side-tag" }, key.toUpperCase()),
          h("span", { class: "outlet" }, outletName(hit.a)),
          h("time", null, hit.a.published || "date unknown"),
          h("a", { class: "sent-link", href: "#" + anchorId(f[key]) }, "in the article"),
          h("span", { class: "title", lang: lang }, hit.a.title || "")),
        highlight(h("blockquote", { class: "sentence", lang: lang }), hit.s.text, spans)));
    });
    var card = h("article", {
      class: "finding", id: findingAnchor(f, n), "data-index": n, "data-kind": kind, "data-severity": severity
    }, head, h("p", { class: "explanation" }, f.explanation || ""), sides);
    if (evidence.length) card.appendChild(evidenceList(evidence, langs));
    return card;
  }
  // each side's words in the marks of its language (report.css: German „…“, else “…”)
  function evidenceList(evidence, langs) {
    var byLabel = new Map();
    evidence.forEach(function (ev) { push(byLabel, ev.label || "evidence", ev); });
    var ul = h("ul", { class: "evidence" });
    byLabel.forEach(function (evs, label) {
      var li = h("li", null, h("span", { class: "ev-key ev-" + labelGroup(label) }, label));
      evs.forEach(function (ev) {
        li.appendChild(h("span", { class: "ev-item" },
          h("span", { class: "ev-side" }, String(ev.side || "").toUpperCase()),
          h("q", { lang: langs[ev.side] || null }, ev.text || "")));
      });
      ul.appendChild(li);
    });
    return ul;
  }
  api.findingCard = findingCard;

  // ---- findings list: filters, search, lazy paging ----------------------
  var list = document.getElementById("fc-finding-list");
  var form = document.getElementById("fc-filters");
  var countEl = document.getElementById("fc-count");
  var moreBtn = document.getElementById("fc-more-findings");
  var cards = new Map();
  var state = { kind: "", outlet: "", severity: "", q: "", limit: PAGE };
  var haystacks = [];
  var matched = findings.map(function (_, i) { return i; });

  if (list) {
    Array.prototype.forEach.call(list.querySelectorAll(".finding[data-index]"), function (el) {
      cards.set(Number(el.getAttribute("data-index")), el);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".nojs-more"), function (el) { el.remove(); });

  function findingOutlets(f) {
    if (f.outlets && f.outlets.length) return f.outlets;
    return [outletName(side(f.a).a), outletName(side(f.b).a)];
  }
  function haystack(i) {
    if (haystacks[i] === undefined) {
      var f = findings[i], A = side(f.a), B = side(f.b);
      haystacks[i] = fold([f.kind, kindLabel(f.kind), f.code, f.severity, f.explanation, kindLabel(f.reason),
        A.s.text, B.s.text, A.a.title, B.a.title, f.a, f.b, findingOutlets(f).join(" "),
        (f.evidence || []).map(function (ev) { return ev.label + " " + ev.text; }).join(" ")].join("\n"));
    }
    return haystacks[i];
  }
  function matches(i) {
    var f = findings[i];
    if (state.kind && f.kind !== state.kind) return false;
    if (state.severity && f.severity !== state.severity) return false;
    if (state.outlet && findingOutlets(f).indexOf(state.outlet) < 0) return false;
    if (state.q) {
      var text = haystack(i);
      return state.q.split(/\s+/).every(function (word) { return text.indexOf(word) >= 0; });
    }
    return true;
  }
  function renderFindings() {
    if (!list) return;
    matched = [];
    for (var i = 0; i < findings.length; i++) if (matches(i)) matched.push(i);
    var shown = matched.slice(0, state.limit);
    var nodes = shown.map(function (i) {
      if (!cards.has(i)) cards.set(i, findingCard(i));
      return cards.get(i);
    });
    if (!nodes.length) {
      nodes = [h("p", { class: "empty" }, "No finding matches these filters. ",
        h("button", { type: "button", class: "link", "data-action": "reset-filters" }, "Show all findings"))];
    }
    list.replaceChildren.apply(list, nodes);
    var filtered = matched.length < findings.length ? " (filtered from " + findings.length + ")" : "";
    countEl.textContent = "Showing " + shown.length + " of " + matched.length + " findings" + filtered;
    var rest = matched.length - shown.length;
    moreBtn.hidden = rest <= 0;
    moreBtn.textContent = "Show " + Math.min(PAGE, rest) + " more findings (" + rest + " left)";
  }
  function readFilters() {
    state.kind = form.elements.kind.value;
    state.outlet = form.elements.outlet.value;
    state.severity = form.elements.severity.value;
    state.q = fold(form.elements.q.value).trim();
    state.limit = PAGE;
    renderFindings();
    if (graphDrawn) drawGraph();
  }
  if (form && list) {
    form.hidden = false;
    var timer = 0;
    form.addEventListener("change", readFilters);
    form.addEventListener("input", function (e) {
      if (e.target !== form.elements.q) return;
      clearTimeout(timer);
      timer = setTimeout(readFilters, 120);
    });
    form.addEventListener("reset", function () { setTimeout(readFilters, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); readFilters(); });
  }
  function showMore(button, grow) {
    var first = grow();
    if (first) { first.setAttribute("tabindex", "-1"); first.focus({ preventScroll: false }); }
    return button;
  }
  if (moreBtn) {
    moreBtn.addEventListener("click", function () {
      showMore(moreBtn, function () {
        var from = state.limit;
        state.limit += PAGE;
        renderFindings();
        return cards.get(matched[from]);
      });
    });
  }
  main.addEventListener("click", function (e) {
    var t = e.target.closest("[data-action=reset-filters]");
    if (t && form) { form.reset(); }
  });

  // ---- lazy lists (facts, timeline, articles) ----------------------------
  function lazyList(container, items, render, noun, pageSize) {
    var ol = h("ol", { class: "lazy-list" });
    var btn = h("button", { type: "button", class: "more" });
    var shown = 0;
    function grow() {
      var first = null;
      var upto = Math.min(items.length, shown + pageSize);
      for (; shown < upto; shown++) {
        var el = render(items[shown], shown);
        if (!first) first = el;
        ol.appendChild(el);
      }
      var rest = items.length - shown;
      btn.hidden = rest <= 0;
      btn.textContent = "Show " + Math.min(pageSize, rest) + " more " + noun + " (" + rest + " left)";
      return first;
    }
    btn.addEventListener("click", function () { showMore(btn, grow); });
    container.replaceChildren(ol, h("p", { class: "more-wrap" }, btn));
    grow();
    return {
      reveal: function (index) { while (shown <= index && shown < items.length) grow(); },
      reset: function (newItems) { items = newItems; shown = 0; ol.replaceChildren(); grow(); },
      get shown() { return shown; }
    };
  }

  function sentenceRef(id, label) {
    return h("a", { class: "sent-link", href: "#" + anchorId(id) }, label);
  }

  // ---- facts ---------------------------------------------------------------
  function renderFacts() {
    var body = document.getElementById("fc-facts-body");
    if (!body) return;
    var facts = report.facts || [];
    if (!facts.length) { body.replaceChildren(h("p", { class: "empty" }, "No facts were clustered.")); return; }
    var single = facts.filter(function (f) { return f.single_source; }).length;
    var only = h("input", { type: "checkbox", id: "fc-facts-single" });
    var status = h("p", { class: "count", role: "status" });
    var holder = h("div");
    body.replaceChildren(
      h("p", { class: "facts-controls" }, h("label", null, only, " Only facts from a single outlet (" + single + ")")),
      status, holder);
    function item(fact) {
      var outlets = fact.outlets || [];
      var meta = h("p", { class: "fact-meta" },
        fact.single_source ? h("span", { class: "badge single" }, "single source") : null,
        h("span", { class: "n-outlets" }, outlets.length + (outlets.length === 1 ? " outlet: " : " outlets: ")),
        outlets.map(function (o) { return h("span", { class: "chip" }, o); }));
      var ids = fact.sentences || [];
      var folded = h("details", null, h("summary", null, ids.length + (ids.length === 1 ? " sentence" : " sentences")));
      // a fact many outlets share has many sentences: list them only when asked
      folded.addEventListener("toggle", function () {
        if (!folded.open || folded.querySelector("ul")) return;
        folded.appendChild(h("ul", { class: "fact-sentences" }, ids.map(function (sid) {
          var hit = side(sid);
          return h("li", null, h("span", { class: "outlet" }, outletName(hit.a)), " ",
            h("time", null, hit.a.published || "date unknown"), " ",
            h("span", { lang: hit.a.language || null }, hit.s.text), " ", sentenceRef(sid, "in the article"));
        })));
      });
      return h("li", { class: "fact" + (fact.single_source ? " single" : ""), id: "fact-" + anchorId(fact.id) },
        h("p", { class: "fact-text" }, fact.text || ""), meta, folded);
    }
    var lazy = lazyList(holder, facts, item, "facts", PAGE);
    function update() {
      var items = only.checked ? facts.filter(function (f) { return f.single_source; }) : facts;
      lazy.reset(items);
      status.textContent = "Showing " + items.length + " of " + facts.length + " facts; " + single + " from a single outlet";
    }
    only.addEventListener("change", update);
    update();
  }

  // ---- timeline --------------------------------------------------------------
  function statementDate(st) {
    if (st.date) return st.date;
    var published = side(st.sentence).a.published || "";
    return st.dated_by === "before" && published ? "before " + published : published;
  }
  function renderTimeline() {
    var body = document.getElementById("fc-timeline-body");
    if (!body) return;
    var entries = report.timeline || [];
    if (!entries.length) { body.replaceChildren(h("p", { class: "empty" }, "No positions over time were found.")); return; }
    function item(entry) {
      // the statements come in time order from the analysis ("zuvor" already placed before its
      // article's day); re-sorting by the displayed date strings would misplace "before …"
      var statements = entry.statements || [];
      var ol = h("ol", { class: "statements" });
      var previous = null;
      statements.forEach(function (st) {
        var hit = side(st.sentence);
        // a step is marked only where the analysis found the position changed (a contradiction over time):
        // "possible" then "asserted" without one is no change of position
        var changed = !!entry.changed && previous !== null && st.modality !== previous;
        ol.appendChild(h("li", { class: "statement" + (changed ? " changed" : "") },
          h("p", { class: "when" }, h("time", null, statementDate(st) || "date unknown"),
            st.time_text ? h("span", { class: "said" }, " (" + st.time_text + ")") : null),
          h("p", { class: "what" },
            h("span", { class: "badge modality", "data-modality": st.modality || "" }, kindLabel(st.modality || "asserted")),
            changed ? h("span", { class: "changed-tag" }, "changed: " + kindLabel(previous) + " → " + kindLabel(st.modality)) : null,
            h("span", { class: "speaker", title: st.speaker_text ? st.speaker : null }, st.speaker_text || st.speaker || NARRATOR),
            h("span", { class: "outlet" }, outletName(hit.a))),
          h("blockquote", { class: "sentence", lang: hit.a.language || null }, hit.s.text),
          h("p", null, sentenceRef(st.sentence, "in the article"))));
        previous = st.modality;
      });
      return h("li", { class: "position" },
        h("h3", null, h("span", { class: "actor" }, entry.actor || "unknown actor"),
          entry.proposition ? " on " : null,  // no content word the statements share: the actor alone
          entry.proposition ? h("span", { class: "proposition" }, entry.proposition) : null), ol);
    }
    lazyList(body, entries, item, "positions", 20);
  }

  // ---- articles ----------------------------------------------------------------
  var articleList = null;
  function articleShell(a) {
    var aligned = 0, flagged = 0;
    a.sentences.forEach(function (s) {
      if (partners.has(s.id)) aligned++;
      if (findingsOf.has(s.id)) flagged++;
    });
    var det = h("details", { class: "article", id: "article:" + anchorId(a.id), "data-article": a.id },
      h("summary", null,
        h("span", { class: "outlet" }, outletName(a)),
        h("time", null, a.published || "date unknown"),
        h("span", { class: "title", lang: a.language || null }, a.title || a.id),
        h("span", { class: "counts" }, a.sentences.length + " sentences · " + aligned + " aligned · " +
          flagged + " in findings")));
    det.addEventListener("toggle", function () { if (det.open) renderArticleBody(det, a); });
    return h("li", null, det);
  }
  function renderArticleBody(det, a) {
    if (det.getAttribute("data-rendered")) return;
    det.setAttribute("data-rendered", "1");
    var meta = h("p", { class: "article-meta" },
      a.url ? [h("span", { class: "lbl" }, "URL "), h("span", { class: "url" }, a.url), " · "] : null,
      a.source ? [h("span", { class: "lbl" }, "file "), h("code", null, a.source), " · "] : null,
      h("span", { class: "lbl" }, "language "), a.language || "unknown");
    var body = h("div", { class: "article-body", lang: a.language || null });
    var para = null, previousEnd = null;
    a.sentences.forEach(function (s) {
      // the report has no paragraph marks: a gap of two or more characters between
      // sentences is a blank line (or more) in the cleaned text
      if (!para || (previousEnd !== null && s.start - previousEnd >= 2)) {
        para = h("p", { class: "para" });
        body.appendChild(para);
      }
      previousEnd = s.end;
      var mine = partners.get(s.id) || [], flags = findingsOf.get(s.id) || [];
      var diverges = flags.some(function (i) { return findings[i].kind !== "agree"; });
      var cls = "sent" + (mine.length ? " aligned" : "") + (diverges ? " flagged" : "");
      para.appendChild(h("span", { class: cls, id: anchorId(s.id), "data-sentence": s.id }, s.text));
      if (mine.length || flags.length) {
        var refs = h("span", { class: "refs" });
        mine.forEach(function (pid) {
          var other = side(pid);
          var label = other.a.id === a.id ? "↔ " + pid.replace(/^.*:/, "") : "↔ " + outletName(other.a);
          refs.appendChild(h("a", { href: "#" + anchorId(pid), class: "partner", title: truncate(other.s.text, 140) }, label));
        });
        flags.forEach(function (i) {
          var f = findings[i];
          refs.appendChild(h("a", { href: "#" + findingAnchor(f, i), class: "flag", "data-kind": f.kind },
            (f.kind === "agree" ? "✓ " : "⚑ ") + kindLabel(f.kind)));
        });
        para.appendChild(refs);
      }
      para.appendChild(document.createTextNode(" "));
    });
    var parts = [meta, body];
    if ((a.removed || []).length) {
      var ul = h("ul", { class: "removed-list" });
      a.removed.forEach(function (r) {
        ul.appendChild(h("li", null, h("span", { class: "rule" }, r.rule), h("span", { class: "line" },
          r.line ? "line " + r.line : ""), h("span", { class: "text" }, r.text)));
      });
      parts.push(h("details", { class: "removed" },
        h("summary", null, "Removed page furniture (" + a.removed.length + " lines)"), ul));
    }
    append(det, parts);
  }
  function renderArticles() {
    var body = document.getElementById("fc-articles-body");
    articleList = lazyList(body, report.articles, articleShell, "articles", ARTICLE_PAGE);
  }

  // ---- navigation to sentences, articles and findings that are not rendered yet ---
  function revealArticle(a) {
    articleList.reveal(articleOrder.get(a.id));
    var det = document.getElementById("article:" + anchorId(a.id));
    renderArticleBody(det, a);
    det.open = true;
    return det;
  }
  function focusTarget(el) {
    Array.prototype.forEach.call(document.querySelectorAll(".is-target"), function (x) { x.classList.remove("is-target"); });
    el.classList.add("is-target");
    if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|SUMMARY|INPUT|SELECT)$/.test(el.tagName)) el.setAttribute("tabindex", "-1");
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  }
  function reveal(id) {
    var el;
    var hit = sentences.get(id) || sentences.get(sentenceIdByAnchor.get(id));
    if (hit) {
      revealArticle(hit.a);
      el = document.getElementById(anchorId(hit.s.id));
    } else if (id.indexOf("article:") === 0 && articleByAnchor.has(id)) {
      el = revealArticle(articleByAnchor.get(id)).querySelector("summary");
    } else if (findingIndexByAnchor.has(id) && list) {
      var i = findingIndexByAnchor.get(id);
      if (!matches(i)) {
        // clear the filters without a reset event, whose handler would page back to the start
        ["kind", "outlet", "severity", "q"].forEach(function (k) { form.elements[k].value = ""; state[k] = ""; });
      }
      renderFindings();
      var at = matched.indexOf(i);
      if (at >= state.limit) { state.limit = at + 1; renderFindings(); }
      el = cards.get(i);
    } else {
      return false;
    }
    if (el) focusTarget(el);
    return Boolean(el);
  }
  var sentenceIdByAnchor = new Map();
  sentences.forEach(function (_, id) { sentenceIdByAnchor.set(anchorId(id), id); });
  var articleByAnchor = new Map();
  report.articles.forEach(function (a) { articleByAnchor.set("article:" + anchorId(a.id), a); });
  function isDynamic(id) {
    return sentenceIdByAnchor.has(id) || articleByAnchor.has(id) || findingIndexByAnchor.has(id);
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest('a[href^="#"]');
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (!isDynamic(id)) return;
    e.preventDefault();
    if (reveal(id) && location.hash !== "#" + id) history.pushState(null, "", "#" + id);
  });
  window.addEventListener("popstate", function () {
    var id = decodeURIComponent(location.hash.slice(1));
    if (isDynamic(id)) reveal(id);
  });
  api.reveal = reveal;

  // ---- claim graph -----------------------------------------------------------
  var graphDrawn = false;
  function loadCytoscape() {
    if (window.cytoscape) return window.cytoscape;
    var src = document.getElementById("fc-cytoscape-src");
    var script = document.createElement("script");
    script.textContent = src.textContent;
    document.head.appendChild(script);
    return window.cytoscape;
  }
  var MAX_GRAPH_EDGES = 200;
  function graphFromFindings() {
    var nodes = new Map(), edges = [], parents = new Map(), note = "";
    var chosen = matched.slice(0, MAX_GRAPH_EDGES);
    // a few articles are drawn as boxes holding their sentences; with many, boxes
    // only clutter the force layout, so each node names its outlet instead
    var involved = new Set();
    chosen.forEach(function (i) { involved.add(side(findings[i].a).a.id); involved.add(side(findings[i].b).a.id); });
    var boxes = involved.size <= MAX_COLUMNS;
    function node(id) {
      if (nodes.has(id)) return;
      var hit = side(id);
      var parent = boxes ? "art:" + hit.a.id : null;
      if (parent && !parents.has(parent)) {
        parents.set(parent, { id: parent, label: outletName(hit.a) + (hit.a.published ? " · " + hit.a.published : ""), kind: "article" });
      }
      var label = boxes ? id.replace(/^.*:/, "") + " " + truncate(hit.s.text, 40)
        : outletName(hit.a) + " " + id.replace(/^.*:/, "");
      nodes.set(id, { id: id, parent: parent, label: label, kind: "sentence", sentence: id });
    }
    if (matched.length > MAX_GRAPH_EDGES) {
      note = "Showing the first " + MAX_GRAPH_EDGES + " of " + matched.length + " matching findings; the filters above narrow it down.";
    }
    chosen.forEach(function (i) {
      var f = findings[i];
      node(f.a); node(f.b);
      edges.push({ id: "f" + i, source: f.a, target: f.b, kind: f.kind, label: kindLabel(f.kind), finding: i });
    });
    var pairs = report.pairs || [];
    if (!findings.length) {
      pairs = pairs.slice().sort(function (x, y) { return y.score - x.score; }).slice(0, MAX_GRAPH_EDGES);
      pairs.forEach(function (p) { node(p.a); node(p.b); });
      note = "No findings: the graph shows the aligned sentence pairs.";
    }
    var linked = new Set(edges.map(function (e) { return e.source + "\n" + e.target; }));
    pairs.forEach(function (p, j) {
      // a pair that already carries a finding edge would only draw a second line under it
      if (linked.has(p.a + "\n" + p.b) || linked.has(p.b + "\n" + p.a)) return;
      if (nodes.has(p.a) && nodes.has(p.b)) {
        edges.push({ id: "p" + j, source: p.a, target: p.b, kind: "aligned", label: findings.length ? "" : "aligned" });
      }
    });
    return { nodes: Array.from(parents.values()).concat(Array.from(nodes.values())), edges: edges, note: note };
  }
  // A few articles read best as columns (one per article, sentences top to bottom
  // in reading order); many articles, or a graph from report.graph, get a force layout.
  var MAX_COLUMNS = 8;
  function layoutFor(model) {
    var parents = model.nodes.filter(function (n) { return n.kind === "article"; });
    if (!parents.length) {
      return { name: model.nodes.length > 500 ? "grid" : "cose", animate: false, padding: 20,
        nodeDimensionsIncludeLabels: true, idealEdgeLength: function () { return 90; }, nodeRepulsion: function () { return 9000; },
        gravity: 0.6, numIter: 600, randomize: true };
    }
    var column = new Map();
    parents.sort(function (x, y) { return articleOrder.get(x.id.slice(4)) - articleOrder.get(y.id.slice(4)); })
      .forEach(function (p, i) { column.set(p.id, i); });
    var rows = new Map();
    var positions = {};
    model.nodes.filter(function (n) { return n.parent; })
      .sort(function (x, y) { return sentenceIndex(x.id) - sentenceIndex(y.id); })
      .forEach(function (n) {
        var row = rows.get(n.parent) || 0;
        rows.set(n.parent, row + 1);
        positions[n.id] = { x: column.get(n.parent) * 300, y: row * 90 };
      });
    return { name: "preset", positions: positions, padding: 30, fit: true };
  }
  function sentenceIndex(id) {
    var m = /:s(\d+)$/.exec(id);
    return m ? Number(m[1]) : 0;
  }
  function drawGraph() {
    var canvas = document.getElementById("fc-graph-canvas");
    var legend = document.getElementById("fc-graph-legend");
    var detail = document.getElementById("fc-graph-detail");
    var textView = document.getElementById("fc-graph-text");
    var cytoscape = loadCytoscape();
    // the full claim graph (every claim, speaker and entity) is in report.json and the
    // GraphML file; on screen the findings between claims are what a reader can follow
    var model = graphFromFindings();
    var kinds = [];
    model.edges.forEach(function (e) { if (kinds.indexOf(e.kind) < 0) kinds.push(e.kind); });
    var styleOf = {};
    kinds.filter(function (k) { return k !== "aligned"; }).forEach(function (k, i) {
      styleOf[k] = { colour: colourOf(k), line: LINE_STYLES[i % LINE_STYLES.length] };
    });
    styleOf.aligned = { colour: colourOf("aligned"), line: "dashed" };
    canvas.hidden = false;
    legend.hidden = false;
    textView.hidden = false;
    legend.replaceChildren();
    append(legend, [h("span", { class: "lbl" }, "Edges:"), kinds.map(function (k) {
      return h("span", { class: "legend-item" },
        h("span", { class: "swatch", "aria-hidden": "true", style: "border-top: 3px " + styleOf[k].line + " " + styleOf[k].colour }),
        kindLabel(k));
    }), model.note ? h("span", { class: "note" }, model.note) : null]);
    var elements = model.nodes.map(function (n) { return { group: "nodes", data: n }; }).concat(
      model.edges.map(function (e) {
        return { group: "edges", data: Object.assign({ colour: styleOf[e.kind].colour, line: styleOf[e.kind].line }, e) };
      }));
    if (api.graph) api.graph.destroy();
    var cy = cytoscape({
      container: canvas,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 9, "text-wrap": "wrap", "text-max-width": 110,
          "text-valign": "bottom", "text-margin-y": 3, "background-color": "#46525c", "width": 14, "height": 14,
          "color": "#1d2327", "font-family": "system-ui, sans-serif" } },
        { selector: ":parent", style: {
          "background-color": "#eef1f4", "background-opacity": 0.7, "border-color": "#8c98a4", "border-width": 1,
          "shape": "round-rectangle", "padding": 14, "text-valign": "top", "text-margin-y": -4, "font-size": 11,
          "text-max-width": 240,
          "font-weight": "bold" } },
        { selector: "edge", style: {
          "width": 3, "line-color": "data(colour)", "line-style": "data(line)", "curve-style": "bezier",
          "label": "data(label)", "font-size": 9, "color": "data(colour)", "text-rotation": "autorotate",
          "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 2,
          "font-weight": "bold" } },
        { selector: "edge[kind = 'aligned']", style: { "width": 1.5 } },
        { selector: ":selected", style: { "border-width": 3, "border-color": "#111", "line-color": "#111", "background-color": "#111" } }
      ],
      layout: layoutFor(model)
    });
    cy.on("tap", "node", function (e) {
      var d = e.target.data();
      if (!d.sentence) { detail.replaceChildren(h("p", null, d.label)); return; }
      var hit = side(d.sentence);
      var related = (findingsOf.get(d.sentence) || []).map(function (i) {
        return h("li", null, h("a", { href: "#" + findingAnchor(findings[i], i), "data-kind": findings[i].kind },
          "⚑ " + kindLabel(findings[i].kind) + " #" + (i + 1)));
      });
      detail.replaceChildren(h("p", null, h("span", { class: "outlet" }, outletName(hit.a)), " ",
        h("time", null, hit.a.published || ""), " ", sentenceRef(d.sentence, "in the article")),
        h("blockquote", { class: "sentence", lang: hit.a.language || null }, hit.s.text),
        related.length ? h("ul", { class: "related" }, related) : null);
    });
    canvas.onkeydown = function (e) {
      var z = cy.zoom(), c = { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 };
      if (e.key === "+" || e.key === "=") cy.zoom({ level: z * 1.2, renderedPosition: c });
      else if (e.key === "-" || e.key === "−") cy.zoom({ level: z / 1.2, renderedPosition: c });
      else if (e.key === "0") cy.fit(undefined, 20);
      else if (e.key === "ArrowLeft") cy.panBy({ x: 40, y: 0 });
      else if (e.key === "ArrowRight") cy.panBy({ x: -40, y: 0 });
      else if (e.key === "ArrowUp") cy.panBy({ x: 0, y: 40 });
      else if (e.key === "ArrowDown") cy.panBy({ x: 0, y: -40 });
      else return;
      e.preventDefault();
    };
    var listEl = document.getElementById("fc-graph-list");
    listEl.replaceChildren.apply(listEl, model.edges.filter(function (e) { return e.kind !== "aligned" || !findings.length; })
      .map(function (e) {
        var ends = [e.source, e.target].map(function (id) {
          var n = model.nodes.find(function (x) { return x.id === id; });
          return n && n.sentence ? sentenceRef(n.sentence, outletName(side(n.sentence).a) + " " + id.replace(/^.*:/, ""))
            : h("span", null, n ? n.label : id);
        });
        var why = e.finding !== undefined ? h("span", { class: "why" }, " " + (findings[e.finding].explanation || "")) : null;
        return h("li", null, ends[0], h("span", { class: "edge-kind", "data-kind": e.kind }, " — " + e.label + " — "), ends[1], why);
      }));
    api.graph = cy;
    graphDrawn = true;
    return cy;
  }
  var drawBtn = document.getElementById("fc-graph-draw");
  if (drawBtn) {
    drawBtn.hidden = false;
    drawBtn.addEventListener("click", function () {
      drawGraph();
      drawBtn.textContent = "Redraw the claim graph";
      document.getElementById("fc-graph-canvas").focus({ preventScroll: true });
    });
  }
  api.drawGraph = drawGraph;

  // ---- first render ----------------------------------------------------------
  renderFindings();
  renderFacts();
  renderTimeline();
  renderArticles();
  document.documentElement.classList.add("js");
  api.ready = true;
  performance.mark("fc-rendered");
  if (location.hash && isDynamic(decodeURIComponent(location.hash.slice(1)))) reveal(decodeURIComponent(location.hash.slice(1)));
})();
