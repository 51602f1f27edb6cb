"""``litx report OUT_DIR``: one self-contained HTML file to review an extract run in a browser.

No network, styles and script inline, works from a ``file://`` URL. Sections: an index of documents
(counts, errors, check flags); per document, its text with entity and outcome spans marked (displaCy's
entity markup) beside its outcome table (sortable, filterable; choosing a row scrolls to its evidence);
a forest plot (SVG, log scale) of hazard ratios with their CIs per trial and endpoint, one mark per HR
with ``data-row`` naming its row, gold values overlaid when ``--gold`` is given, flagged rows marked;
with ``--gold`` the comparison (reason codes, both sides' evidence); the evidence table across documents.
"""
from __future__ import annotations

import html
import math
from collections import Counter, defaultdict
from pathlib import Path

from .io import read_csv

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222}header{background:#243b53;color:#fff;padding:12px 20px}
main{padding:10px 20px}h2{border-bottom:1px solid #ccc;margin-top:28px}table{border-collapse:collapse;font-size:12px}
th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top}th{background:#f0f4f8;cursor:pointer;position:sticky;top:0}
tr.sel td{background:#fff3c4}.doc{display:grid;grid-template-columns:1fr 1fr;gap:14px}.text{white-space:pre-wrap;
max-height:520px;overflow:auto;border:1px solid #ddd;padding:8px;font-size:12px}.tbl{max-height:520px;overflow:auto}
mark{padding:0 2px;border-radius:3px}mark.o{background:#ffd166}mark.DRUG{background:#b5e48c}mark.GENE{background:#a0c4ff}
mark.TRIAL{background:#ffc6ff}mark.hit{outline:3px solid #e63946}.flag{color:#c1121f;font-weight:600}input.f{width:100%}
svg text{font-size:11px}.err{color:#c1121f}
"""

_JS = """
window.onerror=function(m){document.body.dataset.jsError=String(m);};
window.addEventListener('load',()=>{document.body.dataset.ready=document.querySelectorAll('rect.hr-mark').length;});
function sortBy(th){const t=th.closest('table'),i=[...th.parentNode.children].indexOf(th),b=t.tBodies[0];
const asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';const rows=[...b.rows];rows.sort((x,y)=>{
const a=x.cells[i].textContent,c=y.cells[i].textContent,na=parseFloat(a),nc=parseFloat(c);
const r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c);return asc?r:-r});rows.forEach(r=>b.appendChild(r));}
function filt(inp){const q=inp.value.toLowerCase(),t=document.getElementById(inp.dataset.t);
for(const r of t.tBodies[0].rows){r.style.display=r.textContent.toLowerCase().includes(q)?'':'none';}}
function go(id){const m=document.getElementById(id);if(!m)return;document.querySelectorAll('mark.hit').forEach(x=>x.classList.remove('hit'));
m.classList.add('hit');m.scrollIntoView({block:'center'});document.querySelectorAll('tr.sel').forEach(x=>x.classList.remove('sel'));
const r=document.querySelector('tr[data-row="'+id+'"]');if(r)r.classList.add('sel');}
document.addEventListener('click',e=>{const th=e.target.closest('th');if(th&&th.closest('table.sortable')){sortBy(th);return;}
const tr=e.target.closest('tr[data-row]');if(tr){go(tr.dataset.row);return;}const c=e.target.closest('[data-row]');if(c)go(c.dataset.row);});
"""

_OUTCOME_SHOWN = ("trial", "endpoint", "measure", "arm", "arm_role", "population", "value", "ci_low", "ci_high", "unit",
                  "p_value", "timepoint", "flags", "why")


def _e(s) -> str:
    return html.escape(str(s if s is not None else ""), quote=True)


def row_id(doc_id: str, n: int) -> str:
    """The id of outcome row ``n`` (its index in outcomes.csv) of a document: its mark and table row."""
    return "o-" + "".join(c if c.isalnum() else "_" for c in doc_id) + f"-{n}"


def marked_text(text: str, outcomes: list[tuple[int, dict]], entities: list[dict]) -> str:
    """The document's text with outcome spans (ids for scrolling) and entity spans marked, no two marks
    overlapping (outcomes first, then longer entities)."""
    spans = [(int(o["start"]), int(o["end"]), "o", row_id(o["doc_id"], n), f"{o['measure']} {o['endpoint']}")
             for n, o in outcomes if o.get("start")]
    spans += [(int(e["start"]), int(e["end"]), e["label"], "", f"{e['label']}: {e['canonical']}") for e in entities]
    taken, chosen = [], []
    for s, e, cls, ident, title in sorted(spans, key=lambda x: (x[2] != "o", -(x[1] - x[0]), x[0])):
        if s < e and not any(s < b and a < e for a, b in taken):
            taken.append((s, e))
            chosen.append((s, e, cls, ident, title))
    out, pos = [], 0
    for s, e, cls, ident, title in sorted(chosen):
        out.append(_e(text[pos:s]))
        idattr = f' id="{ident}"' if ident else ""
        out.append(f'<mark class="{cls}"{idattr} title="{_e(title)}">{_e(text[s:e])}</mark>')
        pos = e
    out.append(_e(text[pos:]))
    return "".join(out)


def _table(tid: str, columns, rows, row_ids=None) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = []
    for k, r in enumerate(rows):
        attr = f' data-row="{row_ids[k]}"' if row_ids else ""
        body.append(f"<tr{attr}>" + "".join(f"<td>{_e(r.get(c, ''))}</td>" for c in columns) + "</tr>")
    return (f'<input class="f" data-t="{tid}" placeholder="filter…" oninput="filt(this)">'
            f'<table class="sortable" id="{tid}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _num(s) -> float | None:
    try:
        v = float(s)
    except (TypeError, ValueError):
        return None
    return v if v > 0 and math.isfinite(v) else None


def _plot_key(row: dict) -> tuple[str, str]:
    """A plot per trial and endpoint; values with no trial are plotted per document (nothing ties them)."""
    trial = row.get("trial") or f"{row.get('doc_id', '').lstrip(chr(39))} (no trial)"
    return trial, row.get("endpoint") or "?"


def forest_plot(hrs: list[tuple[str, dict]], gold: list[dict]) -> str:
    """One SVG per trial and endpoint: each HR a square (red when flagged by a check) with its CI as a
    line, on a log scale around 1; gold HRs of the same trial and endpoint as hollow diamonds."""
    groups: dict[tuple, list] = defaultdict(list)
    for rid, o in hrs:
        if _num(o.get("value")):
            groups[_plot_key(o)].append((rid, o))
    gold_by = defaultdict(list)
    for g in gold:
        if g.get("measure") == "hr" and _num(g.get("value")):
            gold_by[_plot_key(g)].append(g)
    svgs = []
    for (trial, endpoint), items in sorted(groups.items()):
        golds = gold_by.get((trial, endpoint), [])
        vals = [v for _, o in items for v in (_num(o.get("value")), _num(o.get("ci_low")), _num(o.get("ci_high"))) if v]
        vals += [v for g in golds for v in (_num(g.get("value")),) if v]
        lo, hi = min(vals + [0.5]), max(vals + [2.0])
        x = lambda v: 170 + 380 * (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo))  # noqa: E731
        n = len(items) + len(golds)
        h = 30 + 18 * n
        parts = [f'<svg class="forest" width="600" height="{h}" role="img" aria-label="{_e(trial)} {_e(endpoint)}">',
                 f'<text x="4" y="14" font-weight="bold">{_e(trial)} — {_e(endpoint)}</text>',
                 f'<line x1="{x(1):.1f}" y1="20" x2="{x(1):.1f}" y2="{h - 6}" stroke="#999" stroke-dasharray="3,3"/>']
        for k, (rid, o) in enumerate(items):
            y = 32 + 18 * k
            v, a, b = _num(o["value"]), _num(o.get("ci_low")), _num(o.get("ci_high"))
            checked = any(f in (o.get("flags") or "").split(";") for f in
                          ("inconsistent_ci", "ci_reversed", "ci_asymmetric", "p_ci_conflict", "direction_conflict", "implausible_hr"))
            color = "#c1121f" if checked else "#243b53"
            label = _e(f"{o.get('population') or o.get('arm') or 'all'} {o['value']}")
            parts.append(f'<text x="4" y="{y + 4}">{label[:28]}</text>')
            if a and b:
                parts.append(f'<line x1="{x(a):.1f}" y1="{y}" x2="{x(b):.1f}" y2="{y}" stroke="{color}"/>')
            parts.append(f'<rect class="hr-mark" data-row="{rid}" x="{x(v) - 4:.1f}" y="{y - 4}" width="8" height="8" '
                         f'fill="{color}"><title>{label}</title></rect>')
        for k, g in enumerate(golds):
            y = 32 + 18 * (len(items) + k)
            v = _num(g["value"])
            parts.append(f'<text x="4" y="{y + 4}" fill="#666">gold {_e(g["value"])}</text>')
            parts.append(f'<path class="gold-mark" d="M{x(v):.1f} {y - 5} l5 5 l-5 5 l-5 -5 z" fill="none" stroke="#2a9d8f"/>')
        parts.append("</svg>")
        svgs.append("".join(parts))
    return "\n".join(svgs) or "<p>No hazard ratios.</p>"


def build_report(out_dir: Path, gold_csv: Path | None = None) -> str:
    """The report's HTML for the extract run in ``out_dir``."""
    docs = read_csv(out_dir / "documents.csv")
    outcomes = read_csv(out_dir / "outcomes.csv")
    entities = read_csv(out_dir / "entities.csv")
    evidence = read_csv(out_dir / "evidence.csv") if (out_dir / "evidence.csv").exists() else []
    run_docs = {d["doc_id"] for d in docs}
    gold = [g for g in read_csv(gold_csv) if g.get("doc_id") in run_docs and g.get("kind") != "design"] if gold_csv else []
    by_doc, ents_by_doc = defaultdict(list), defaultdict(list)
    for n, o in enumerate(outcomes):
        by_doc[o["doc_id"]].append((n, o))
    for e in entities:
        ents_by_doc[e["doc_id"]].append(e)
    parts = [_index(docs, by_doc, ents_by_doc)]
    hrs = [(row_id(o["doc_id"], n), o) for n, o in enumerate(outcomes) if o.get("measure") == "hr"]
    parts.append("<h2 id='forest'>Hazard ratios by trial and endpoint</h2>" + forest_plot(hrs, gold))
    if gold:
        parts.append(_comparison(outcomes, gold))
    if evidence:
        parts.append("<h2 id='evidence'>Evidence across documents</h2>" + _table("t-evidence", list(evidence[0]), evidence))
    for d in docs:
        parts.append(_doc_section(out_dir, d, by_doc.get(d["doc_id"], []), ents_by_doc.get(d["doc_id"], [])))
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>litx report</title>"
            f"<style>{_CSS}</style></head><body><header><b>litx report</b> — {len(docs)} documents, {len(outcomes)} "
            f"outcomes, {len(entities)} entities</header><main>{''.join(parts)}</main><script>{_JS}</script></body></html>")


def _index(docs, by_doc, ents_by_doc) -> str:
    rows = []
    for d in docs:
        flags = Counter(f for _, o in by_doc.get(d["doc_id"], []) for f in (o.get("flags") or "").split(";") if f)
        rows.append({"doc_id": d["doc_id"].lstrip("'"), "status": d["status"], "error": d.get("error", ""),
                     "entities": len(ents_by_doc.get(d["doc_id"], [])), "outcomes": len(by_doc.get(d["doc_id"], [])),
                     "flags": ", ".join(f"{k} {v}" for k, v in sorted(flags.items()))})
    return "<h2 id='index'>Documents</h2>" + _table("t-index", ("doc_id", "status", "error", "entities", "outcomes", "flags"), rows)


def _doc_section(out_dir: Path, d: dict, outcomes, entities) -> str:
    doc_id = d["doc_id"].lstrip("'")
    head = f"<h2 id='doc-{_e(doc_id)}'>{_e(doc_id)}</h2>"
    if d["status"] != "ok":
        return head + f"<p class='err'>{_e(d.get('error', ''))}</p>"
    path = out_dir / "texts" / f"{doc_id}.txt"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    ids = [row_id(o["doc_id"], n) for n, o in outcomes]
    table = _table(f"t-{ids[0] if ids else _e(doc_id)}", _OUTCOME_SHOWN, [o for _, o in outcomes], ids)
    return head + f"<div class='doc'><div class='text'>{marked_text(text, outcomes, entities)}</div><div class='tbl'>{table}</div></div>"


def _comparison(outcomes, gold) -> str:
    from .compare import compare_outcomes

    rows = compare_outcomes(outcomes, gold).rows
    cols = ("doc_id", "reason", "measure", "endpoint_extracted", "endpoint_gold", "value_extracted", "value_gold",
            "ci_extracted", "ci_gold", "trial_extracted", "trial_gold", "evidence_extracted", "evidence_gold")
    counts = Counter(r["reason"] for r in rows)
    summary = ", ".join(f"{k} {v}" for k, v in counts.most_common())
    return f"<h2 id='comparison'>Against the gold</h2><p>{_e(summary)}</p>" + _table("t-comparison", cols, rows)


def write_report(out_dir: Path, gold_csv: Path | None = None, out_file: Path | None = None) -> Path:
    """Write the report (default ``OUT_DIR/report.html``) and return its path."""
    from .io import write_atomic

    target = out_file or out_dir / "report.html"
    write_atomic(target, build_report(out_dir, gold_csv))
    return target
