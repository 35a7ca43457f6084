// The review page of nianbao serve. Report text only ever reaches the
// page through textContent: a report that contains markup shows it as
// text and runs nothing.
'use strict';

const token = document.querySelector('meta[name="nianbao-token"]').content;
const $ = (id) => document.getElementById(id);
let S = {};          // the page's words, from /api/ui
let current = null;  // the report shown, as the server names it
let view = null;     // what /api/report said of it

// el makes an element; props set properties (textContent, className …)
// or, for names with a dash, attributes.
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k.includes('-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}

function fmt(s, n) { return s.replace('%d', String(n)); }

function status(msg) { $('status').textContent = msg || ''; }

async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

async function post(url, body, type) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'X-Nianbao-Token': token, 'Content-Type': type || 'application/json' },
    body: type ? body : JSON.stringify(body),
  });
  const out = await r.json();
  if (!r.ok) throw new Error(out.error || r.statusText);
  return out;
}

async function listReports() {
  const items = await getJSON('/api/reports');
  const ul = $('reports');
  ul.replaceChildren();
  if (items.length === 0) ul.append(el('li', { textContent: S.noReports }));
  for (const it of items) {
    const b = el('button', { type: 'button', textContent: it.name, 'data-id': it.id });
    b.addEventListener('click', () => open(it.id));
    ul.append(el('li', {}, b));
  }
}

async function open(id) {
  current = id;
  status(S.loading);
  try {
    view = await getJSON('/api/report?id=' + encodeURIComponent(id));
    render();
    status('');
  } catch (e) {
    status(e.message);
  }
  for (const b of document.querySelectorAll('#reports button')) {
    b.classList.toggle('current', b.dataset.id === id);
  }
}

function render() {
  $('name').textContent = view.name;
  $('problem').hidden = !view.problem;
  $('problem').textContent = view.problem ? S.problem + view.problem : '';
  renderText();
  renderTables();
  renderFindings();
  renderDownloads();
  applyFilters();
}

function renderText() {
  const box = $('text');
  box.replaceChildren();
  for (const seg of view.segments) {
    if (!seg.f) { box.append(document.createTextNode(seg.t)); continue; }
    const fs = seg.f.map((i) => view.findings[i]);
    const worst = fs.find((f) => f.severity === 'error') || fs.find((f) => f.severity === 'warning') || fs[0];
    const m = el('mark', {
      textContent: seg.t,
      title: fs.map((f) => f.rule + ' ' + f.message).join('\n'),
      'data-rule': [...new Set(fs.map((f) => f.rule))].join(' '),
      'data-severity': worst.severity,
      'data-findings': seg.f.join(' '),
    });
    m.addEventListener('click', () => focusFinding(seg.f[0]));
    box.append(m);
  }
}

function renderTables() {
  const box = $('tables');
  box.replaceChildren();
  for (const t of view.tables) {
    box.append(el('h4', { textContent: t.heading }));
    if (t.boxes.length === 0) continue;
    const table = el('table', { className: 'grid' });
    const rows = [];
    for (const b of t.boxes) {
      while (rows.length <= b.r) { rows.push(el('tr')); table.append(rows[rows.length - 1]); }
      const cell = el(b.kind === 'header' ? 'th' : 'td', { textContent: b.text, className: b.kind });
      if (b.rs > 1) cell.rowSpan = b.rs;
      if (b.cs > 1) cell.colSpan = b.cs;
      if (b.state === 'missing') cell.classList.add('missing');
      if (b.f && b.f.length) {
        const fs = b.f.map((i) => view.findings[i]);
        cell.classList.add('flag');
        cell.dataset.findings = b.f.join(' ');
        cell.dataset.rule = [...new Set(fs.map((f) => f.rule))].join(' ');
        cell.dataset.severity = fs.some((f) => f.severity === 'error') ? 'error' : fs[0].severity;
        cell.title = fs.map((f) => f.rule + ' ' + f.message).join('\n');
        cell.addEventListener('click', () => focusFinding(b.f[0]));
      }
      rows[b.r].append(cell);
    }
    box.append(table);
  }
}

function renderFindings() {
  const ol = $('findings');
  ol.replaceChildren();
  const rules = [...new Set(view.findings.map((f) => f.rule))].sort();
  const sel = $('filter-rule');
  const keep = sel.value;
  sel.replaceChildren(el('option', { value: '', textContent: S.allRules }));
  for (const r of rules) sel.append(el('option', { value: r, textContent: r + ' ' + view.rules[r].title }));
  sel.value = rules.includes(keep) ? keep : '';
  if (view.findings.length === 0) ol.append(el('li', { textContent: S.noFindings }));
  view.findings.forEach((f, i) => ol.append(findingItem(f, i)));
  $('ignored').hidden = view.ignored === 0;
  $('ignored').textContent = fmt(S.ignored, view.ignored);
  $('accept-safe').disabled = !view.findings.some((f) => f.fixes.length === 1 && f.fixes[0].safe && f.accepted < 0);
}

function findingItem(f, i) {
  const li = el('li', { id: 'finding-' + i, 'data-rule': f.rule, 'data-severity': f.severity, 'data-fingerprint': f.fingerprint });
  if (f.accepted >= 0) li.classList.add('accepted');
  const where = f.line ? fmt(S.line, f.line) : '';
  li.append(el('div', {},
    el('span', { className: 'sev ' + f.severity, textContent: S[f.severity] }), ' ',
    el('strong', { textContent: f.rule }), ' ', el('span', { textContent: where }), ' ',
    el('span', { className: 'msg', textContent: f.message }),
    f.status ? el('span', { className: 'status', textContent: ' [' + (S[f.status] || f.status) + ']' }) : ''));
  if (f.label) li.append(el('div', { className: 'label', textContent: f.label }));
  const rule = view.rules[f.rule];
  li.append(el('details', {}, el('summary', { textContent: S.explain + '：' + rule.title }), el('div', { className: 'doc', textContent: rule.doc })));
  const actions = el('div', { className: 'actions' });
  f.fixes.forEach((fx, k) => {
    const b = el('button', { type: 'button', className: 'accept', textContent: (f.accepted === k ? S.accepted : S.accept) + '：' + fx.message, 'data-fix': String(k) });
    b.disabled = f.accepted === k;
    b.addEventListener('click', () => decide(f, { action: 'accept', fix: k }));
    actions.append(b);
  });
  const reason = el('input', { type: 'text', className: 'reason', placeholder: S.reason });
  const dismiss = el('button', { type: 'button', className: 'dismiss', textContent: S.dismiss });
  dismiss.addEventListener('click', () => {
    if (!reason.value.trim()) { status(S.needReason); reason.focus(); return; }
    decide(f, { action: 'dismiss', reason: reason.value });
  });
  const keep = el('button', { type: 'button', className: 'keep', textContent: S.keep });
  keep.addEventListener('click', () => decide(f, { action: 'keep' }));
  actions.append(reason, dismiss, keep);
  li.append(actions);
  return li;
}

function renderDownloads() {
  $('downloads').hidden = false;
  const q = '?id=' + encodeURIComponent(view.id);
  const set = (id, kind, shown) => { const a = $(id); a.href = '/download/' + kind + q; a.hidden = !shown; };
  set('dl-fixed', 'fixed', view.editable);
  set('dl-annotated', 'annotated', view.annotatable);
  set('dl-xlsx', 'xlsx', true);
  set('dl-review', 'review', true);
}

async function decide(f, d) {
  try {
    await post('/api/decide', Object.assign({ id: view.id, fingerprint: f.fingerprint }, d));
    await open(view.id);
  } catch (e) {
    status(e.message);
  }
}

function focusFinding(i) {
  for (const e of document.querySelectorAll('.focus')) e.classList.remove('focus');
  const li = $('finding-' + i);
  if (!li) return;
  li.classList.add('focus');
  li.scrollIntoView({ block: 'nearest' });
}

// applyFilters hides the findings the filters leave out, and unmarks the
// text and cells that only they flag.
function applyFilters() {
  if (!view) return;
  const rule = $('filter-rule').value;
  const sev = $('filter-severity').value;
  const shown = view.findings.map((f) => (!rule || f.rule === rule) && (!sev || f.severity === sev));
  view.findings.forEach((f, i) => { const li = $('finding-' + i); if (li) li.hidden = !shown[i]; });
  for (const m of document.querySelectorAll('mark, .grid [data-findings]')) {
    const on = m.dataset.findings.split(' ').some((i) => shown[Number(i)]);
    m.classList.toggle('off', !on);
  }
}

async function uploadFile(file) {
  try {
    status(S.loading);
    const buf = await file.arrayBuffer();
    const r = await post('/api/upload?name=' + encodeURIComponent(file.name), buf, 'application/octet-stream');
    await open(r.id);
  } catch (e) {
    status(e.message);
  }
}

async function start() {
  S = await getJSON('/api/ui');
  $('filter-rule').addEventListener('change', applyFilters);
  $('filter-severity').addEventListener('change', applyFilters);
  $('accept-safe').addEventListener('click', async () => {
    try {
      const r = await post('/api/accept-safe', { id: view.id });
      await open(view.id);
      status(fmt(S.fixesAccepts, r.accepted));
    } catch (e) {
      status(e.message);
    }
  });
  $('upload').addEventListener('change', (e) => { if (e.target.files[0]) uploadFile(e.target.files[0]); });
  await listReports();
  const want = new URLSearchParams(location.search).get('id');
  if (want) await open(want);
  document.body.dataset.ready = 'true';
}

start().catch((e) => status(e.message));
