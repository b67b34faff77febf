/*
 * The budget dashboard: reads the tenant's budget, ledger and keys from the public API with the key the user pasted.
 * The key lives in sessionStorage only (this tab, until it closes or "Forget key"); it never goes into the URL or
 * persistent storage. Everything from the API is put on the page as text (textContent), never as HTML.
 */
'use strict';

(function () {
  const KEY_STORAGE = 'ppml.dashboard.key';
  const REFRESH_MS = 10000;
  const PAGE = 500; // the API's largest page
  const SVG = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);

  /** What the page knows about the current key; reset when the key changes. */
  let state = fresh();
  let loading = false;
  let again = false; // a load was asked for while one ran
  let generation = 0; // bumped when the key changes: a load for the previous key then shows nothing
  let timer = null;

  function fresh() {
    // entries: the ledger, newest first; entries never change once written, so a refresh fetches only newer ones
    return { entries: [], maxSequence: -1, open: new Set() };
  }

  function key() {
    return sessionStorage.getItem(KEY_STORAGE);
  }

  // ---- API ------------------------------------------------------------------------------------------------------

  class ApiProblem extends Error {
    constructor(status, title, detail) {
      super(detail || title || ('HTTP ' + status));
      this.status = status;
      this.title = title || ('HTTP ' + status);
      this.detail = detail || '';
    }
  }

  async function get(path) {
    let response;
    try {
      response = await fetch(path, {
        headers: { 'Authorization': 'Bearer ' + key(), 'Accept': 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new ApiProblem(0, 'The service did not answer', 'Is it running? (' + e.message + ')');
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw new ApiProblem(response.status, body && body.title, body && body.detail);
    }
    return body;
  }

  /** Every item of a list, a page at a time; stops early when {@code enough(page)} says the rest is known. */
  async function walk(path, enough) {
    const all = [];
    let after = null;
    for (;;) {
      const page = await get(path + '?limit=' + PAGE + (after ? '&after=' + encodeURIComponent(after) : ''));
      all.push(...page.items);
      if (!page.nextCursor || (enough && enough(page.items))) {
        return all;
      }
      after = page.nextCursor;
    }
  }

  // ---- formatting -----------------------------------------------------------------------------------------------

  function eps(x) {
    if (x === null || x === undefined) return '—';
    if (x === 0) return '0';
    return Math.abs(x) >= 1e-3 ? Number(x.toPrecision(6)).toString() : x.toExponential(3);
  }

  function delta(x) {
    if (x === 0) return '0';
    return x.toExponential(3);
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString() : '—';
  }

  function opClass(operation) {
    if (operation.startsWith('dp.')) return 'op-dp';
    if (operation.startsWith('he.')) return 'op-he';
    if (operation.startsWith('fl.')) return 'op-fl';
    return 'op-other';
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- showing --------------------------------------------------------------------------------------------------

  function showProblem(problem) {
    const box = $('problem');
    if (!problem) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const status = problem.status ? ' (' + problem.status + ')' : '';
    box.replaceChildren(el('strong', {}, problem.title + status), problem.detail || '');
    box.hidden = false;
  }

  function showBudget(budget) {
    $('eps-remaining').textContent = eps(budget.epsilon.remaining);
    $('eps-remaining').dataset.value = String(budget.epsilon.remaining);
    $('eps-spent').textContent = eps(budget.epsilon.spent) + ' / ' + eps(budget.epsilon.total);
    $('delta-remaining').textContent = delta(budget.delta.remaining);
    $('delta-remaining').dataset.value = String(budget.delta.remaining);
    $('delta-spent').textContent = delta(budget.delta.spent) + ' / ' + delta(budget.delta.total);
    $('window').textContent = budget.window.period
      ? budget.window.period + ', resets ' + time(budget.window.resetsAt) : 'none (never resets)';
    $('lifetime').textContent = eps(budget.lifetime.epsilon) + ', ' + delta(budget.lifetime.delta);
    const share = budget.epsilon.total > 0 ? budget.epsilon.remaining / budget.epsilon.total : 0;
    const meter = $('eps-meter');
    meter.style.width = (100 * Math.max(0, Math.min(1, share))).toFixed(1) + '%'; // CSSOM: allowed by the CSP
    meter.classList.toggle('low', share < 0.1);
    $('budget-section').hidden = false;
  }

  /**
   * The burn-down: remaining ε (total − the window's spend after each charge, as the ledger recorded it) as a step
   * line over time, each drop coloured by what was charged. A new window starts again from the total (dashed).
   * The total is today's; a PATCHed total redraws the past against it.
   */
  function drawChart(entries, budget) {
    const chart = $('burndown');
    const total = budget.epsilon.total;
    const chronological = entries.slice().reverse();
    const W = 800, H = 300, left = 56, right = 16, top = 14, bottom = 34;
    const now = Date.now();
    const start = chronological.length ? Date.parse(chronological[0].windowStart) : now - 60000;
    const t0 = Math.min(start, chronological.length ? Date.parse(chronological[0].createdAt) : now);
    const t1 = Math.max(now, t0 + 1000);
    const yMax = Math.max(total, 1e-12);
    const x = (t) => left + (W - left - right) * (t - t0) / (t1 - t0);
    const y = (v) => top + (H - top - bottom) * (1 - Math.max(0, Math.min(v, yMax)) / yMax);

    const nodes = [chart.querySelector('title'), chart.querySelector('desc')];
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      nodes.push(svg('line', { class: 'grid', x1: left, x2: W - right, y1: y(yMax * f), y2: y(yMax * f) }));
      nodes.push(svg('text', { x: left - 6, y: y(yMax * f) + 4, 'text-anchor': 'end' }, eps(yMax * f)));
    }
    nodes.push(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: H - bottom }));
    nodes.push(svg('line', { class: 'axis', x1: left, x2: W - right, y1: H - bottom, y2: H - bottom }));
    nodes.push(svg('text', { x: left, y: H - 10, 'text-anchor': 'start' }, new Date(t0).toLocaleString()));
    nodes.push(svg('text', { x: W - right, y: H - 10, 'text-anchor': 'end' }, 'now'));

    let level = total;
    let t = t0;
    let windowStart = chronological.length ? chronological[0].windowStart : null;
    const path = ['M', x(t), y(level)];
    const drops = [];
    const points = [];
    for (const entry of chronological) {
      const at = Date.parse(entry.createdAt);
      if (entry.windowStart !== windowStart) {
        const reset = Math.max(t, Date.parse(entry.windowStart));
        path.push('H', x(reset));
        drops.push(svg('line', { class: 'drop op-reset', x1: x(reset), x2: x(reset), y1: y(level), y2: y(total) }));
        level = total;
        path.push('V', y(level));
        windowStart = entry.windowStart;
      }
      const after = total - entry.epsilonSpent;
      path.push('H', x(at));
      const cls = opClass(entry.operation);
      drops.push(svg('line', { class: 'drop ' + cls, x1: x(at), x2: x(at), y1: y(level), y2: y(after) }));
      path.push('V', y(after));
      const point = svg('circle', { class: 'point ' + cls, cx: x(at), cy: y(after), r: 4 });
      point.append(svg('title', {}, '#' + entry.sequence + ' ' + entry.operation + ': ε ' + eps(entry.epsilon)
        + ', remaining ' + eps(after) + ' at ' + time(entry.createdAt)));
      points.push(point);
      level = after;
      t = at;
    }
    // today's remaining may differ from the last charge's: a window may have reset since
    const remaining = budget.epsilon.remaining;
    if (Math.abs(remaining - level) > 1e-12 && chronological.length) {
      path.push('H', x(now));
      drops.push(svg('line', { class: 'drop op-reset', x1: x(now), x2: x(now), y1: y(level), y2: y(remaining) }));
      level = remaining;
    }
    path.push('H', x(t1));
    const line = path.join(' ');
    nodes.push(svg('path', { class: 'area', d: line + ' V ' + y(0) + ' H ' + x(t0) + ' Z' }));
    nodes.push(svg('path', { class: 'level', d: line }));
    nodes.push(...drops, ...points);
    chart.replaceChildren(...nodes);
    chart.dataset.points = String(points.length);

    const summary = chronological.length
      ? 'Remaining ε went from ' + eps(total) + ' to ' + eps(remaining) + ' over ' + chronological.length
        + ' charge' + (chronological.length === 1 ? '' : 's') + ' (' + counts(chronological)
        + ') between ' + time(chronological[0].createdAt) + ' and ' + time(chronological.at(-1).createdAt)
        + '. The ledger table below lists every charge.'
      : 'No charges yet: all ' + eps(total) + ' ε remain.';
    chart.querySelector('desc').textContent = summary;
    $('chart-summary').textContent = summary;
    $('chart-section').hidden = false;
  }

  function counts(entries) {
    const by = { 'DP': 0, 'HE decrypt': 0, 'FL round': 0, 'other': 0 };
    for (const e of entries) {
      const c = opClass(e.operation);
      by[c === 'op-dp' ? 'DP' : c === 'op-he' ? 'HE decrypt' : c === 'op-fl' ? 'FL round' : 'other']++;
    }
    return Object.entries(by).filter(([, n]) => n > 0).map(([k, n]) => n + ' ' + k).join(', ');
  }

  /** Where an entry's receipt is: DP releases and DP decrypts have one; an FL round's task describes the round. */
  function receiptPath(entry) {
    if (entry.operation.startsWith('fl.') && entry.resource) {
      return '/v1/fl/tasks/' + encodeURIComponent(entry.resource.split('/')[0]);
    }
    if (entry.operation.startsWith('dp.') || entry.operation.startsWith('he.')) {
      return '/v1/dp/receipts/by-ledger-entry/' + encodeURIComponent(entry.id);
    }
    return null;
  }

  function showLedger(entries) {
    const body = $('ledger-table').tBodies[0];
    const rows = [];
    for (const entry of entries) {
      const detailId = 'receipt-' + entry.id;
      const where = receiptPath(entry);
      let cell = '—';
      if (where) {
        cell = el('button', { type: 'button', class: 'link', 'aria-expanded': String(state.open.has(entry.id)),
          'aria-controls': detailId, 'data-entry': entry.id },
          entry.operation.startsWith('fl.') ? 'Task' : 'Receipt');
        cell.addEventListener('click', () => toggleReceipt(entry, where, cell));
      }
      rows.push(el('tr', { 'data-sequence': entry.sequence },
        el('td', { class: 'num' }, entry.sequence),
        el('td', {}, el('time', { datetime: entry.createdAt }, time(entry.createdAt))),
        el('td', {}, el('span', { class: 'op ' + opClass(entry.operation) }, entry.operation)),
        el('td', {}, entry.resource ? el('code', {}, entry.resource) : '—'),
        el('td', {}, entry.mechanism),
        el('td', { class: 'num' }, eps(entry.epsilon)),
        el('td', { class: 'num' }, delta(entry.delta)),
        el('td', { class: 'num' }, eps(entry.rho)),
        el('td', { class: 'num' }, eps(entry.epsilonSpent)),
        el('td', {}, cell)));
      const detail = el('tr', { id: detailId, class: 'receipt' }, el('td', { colspan: '10' }, el('pre', {}, '')));
      detail.hidden = true;
      rows.push(detail);
      if (state.open.has(entry.id)) {
        fillReceipt(where, detail);
      }
    }
    if (!entries.length) {
      rows.push(el('tr', {}, el('td', { colspan: '10' }, 'No charges yet.')));
    }
    body.replaceChildren(...rows);
    $('ledger-section').hidden = false;
  }

  async function toggleReceipt(entry, where, button) {
    const detail = $('receipt-' + entry.id);
    if (state.open.has(entry.id)) {
      state.open.delete(entry.id);
      detail.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    state.open.add(entry.id);
    button.setAttribute('aria-expanded', 'true');
    await fillReceipt(where, detail);
  }

  async function fillReceipt(where, detail) {
    const pre = detail.querySelector('pre');
    pre.textContent = 'Loading…';
    detail.hidden = false;
    try {
      pre.textContent = JSON.stringify(await get(where), null, 2);
    } catch (problem) {
      pre.textContent = problem.status === 404
        ? 'No receipt: ' + problem.detail + ' (a charge kept after its release failed has none)'
        : problem.title + ': ' + problem.detail;
    }
  }

  function showKeys(keys) {
    const rows = keys.map((k) => el('tr', {},
      el('td', {}, k.name),
      el('td', { class: 'role' }, k.role),
      el('td', {}, el('code', {}, k.prefix + '…')),
      el('td', {}, time(k.createdAt)),
      el('td', {}, k.lastUsedAt ? time(k.lastUsedAt) : 'never'),
      el('td', k.revokedAt ? { class: 'revoked' } : {}, k.revokedAt ? 'revoked ' + time(k.revokedAt) : 'active')));
    $('keys-table').tBodies[0].replaceChildren(...rows);
    $('keys-section').hidden = false;
  }

  // ---- loading --------------------------------------------------------------------------------------------------

  async function load() {
    if (!key()) return;
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    again = false;
    const current = generation;
    const stale = () => current !== generation;
    $('refresh').disabled = true;
    try {
      const caller = await get('/v1/tenant');
      if (stale()) return;
      $('who').textContent = 'Tenant ' + caller.tenant.name + ' — key role ' + caller.role;
      const budget = await get('/v1/budget');
      if (stale()) return;
      showBudget(budget);
      const notes = [];
      try {
        const known = state.maxSequence;
        const newer = await walk('/v1/budget/ledger', (items) => items.some((e) => e.sequence <= known));
        if (stale()) return;
        const added = newer.filter((e) => e.sequence > known);
        state.entries = added.concat(state.entries);
        if (state.entries.length) state.maxSequence = state.entries[0].sequence;
        showLedger(state.entries);
        drawChart(state.entries, budget);
      } catch (problem) {
        if (problem.status !== 403) throw problem;
        $('ledger-section').hidden = true;
        $('chart-section').hidden = true;
        notes.push('This key may read the budget only: the ledger needs an OWNER or ANALYST key.');
      }
      try {
        const keys = await walk('/v1/keys');
        if (stale()) return;
        showKeys(keys);
      } catch (problem) {
        if (problem.status !== 403) throw problem;
        $('keys-section').hidden = true;
        notes.push('Budget only: the keys are shown to OWNER keys.');
      }
      $('budget-only').textContent = notes.join(' ');
      $('budget-only').hidden = notes.length === 0;
      showProblem(null);
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      document.body.dataset.loaded = String(Date.now());
    } catch (problem) {
      if (stale()) return;
      showProblem(problem instanceof ApiProblem ? problem : new ApiProblem(0, 'The page failed', problem.message));
      if (problem.status === 401) {
        for (const id of ['budget-section', 'chart-section', 'ledger-section', 'keys-section']) $(id).hidden = true;
      }
    } finally {
      loading = false;
      $('refresh').disabled = !key();
      if (again) load();
    }
  }

  function schedule() {
    clearInterval(timer);
    timer = null;
    if ($('auto-refresh').checked && key()) {
      timer = setInterval(() => {
        if (!document.hidden) load();
      }, REFRESH_MS);
    }
  }

  function forget() {
    sessionStorage.removeItem(KEY_STORAGE);
    generation++;
    state = fresh();
    for (const id of ['budget-section', 'chart-section', 'ledger-section', 'keys-section']) $(id).hidden = true;
    showProblem(null);
    $('who').textContent = 'No key entered.';
    $('updated').textContent = '';
    $('key-forget').disabled = true;
    $('refresh').disabled = true;
    schedule();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('key-input').value.trim();
      if (!value) return;
      sessionStorage.setItem(KEY_STORAGE, value);
      $('key-input').value = '';
      generation++;
      state = fresh();
      $('key-forget').disabled = false;
      schedule();
      load();
    });
    $('key-forget').addEventListener('click', forget);
    $('refresh').addEventListener('click', load);
    $('auto-refresh').addEventListener('change', schedule);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) load();
    });
    if (key()) {
      $('key-forget').disabled = false;
      schedule();
      load();
    }
  });
})();
