// The dashboard page: plain browser JavaScript, no build step. Every chart is a Vega-Lite spec
// made by the server (the same specs the CLI writes as SVG files); the page only renders them.
// Live updates come over one EventSource; each update is small, and the page re-reads the full
// view at most a few times a second, so a fast run never floods the tab.
/* global vega, vegaLite */

const token = decodeURIComponent(document.querySelector('meta[name="haipump-token"]').content);
const REFRESH_MS = 250;

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: {
      authorization: `Bearer ${token}`,
      ...(options.body ? { 'content-type': 'application/json' } : {}),
      ...(options.headers ?? {}),
    },
  });
  if (!response.ok) throw new Error((await response.text()).trim());
  return response.json();
}

const $ = (selector) => document.querySelector(selector);
const text = (value) => document.createTextNode(value === null || value === undefined ? '–' : String(value));

function cell(row, value, attrs = {}) {
  const td = document.createElement('td');
  td.append(value instanceof Node ? value : text(value));
  for (const [k, v] of Object.entries(attrs)) td.setAttribute(k, v);
  row.append(td);
  return td;
}

function fixed(value, digits) {
  return typeof value === 'number' ? value.toFixed(digits) : '–';
}

// ---- charts -------------------------------------------------------------------------------

const views = new WeakMap();

/** Renders a Vega-Lite spec into `el`; the number of data points is kept in data-points for tests and tools. */
async function renderChart(el, spec) {
  if (!spec) {
    el.textContent = 'no data yet';
    el.dataset.points = '0';
    return;
  }
  views.get(el)?.finalize();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'svg', container: el, hover: true });
  views.set(el, view);
  await view.runAsync();
  el.dataset.points = String(spec.usermeta?.haipump?.points ?? countPoints(spec));
  el.dataset.kind = spec.usermeta?.haipump?.kind ?? '';
}

function countPoints(spec) {
  let n = 0;
  const walk = (s) => {
    if (s?.data?.values && s.usermeta?.haipump?.pointsFrom !== 'none' && !s.name?.startsWith?.('rule'))
      n = Math.max(n, s.data.values.length);
    for (const layer of s?.layer ?? []) walk(layer);
    for (const part of s?.vconcat ?? []) walk(part);
    for (const part of s?.hconcat ?? []) walk(part);
  };
  walk(spec);
  return n;
}

// ---- live updates -------------------------------------------------------------------------

const pending = new Map();
function throttled(name, work) {
  if (pending.has(name)) return;
  pending.set(
    name,
    setTimeout(async () => {
      pending.delete(name);
      try {
        await work();
      } catch (error) {
        console.warn(`${name}: ${error.message}`);
      }
    }, REFRESH_MS),
  );
}

function connect() {
  const events = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  events.addEventListener('open', () => {
    $('#link-state').textContent = 'live';
    $('#link-state').className = 'pill ok';
  });
  events.addEventListener('error', () => {
    $('#link-state').textContent = 'reconnecting…';
    $('#link-state').className = 'pill warn';
  });
  events.addEventListener('lifecycle', (event) => {
    const tick = JSON.parse(event.data);
    lightStates(tick.active);
    throttled('lifecycle', loadLifecycle);
  });
  events.addEventListener('bench', () => throttled('bench', loadBench));
  events.addEventListener('runs', () => throttled('runs', loadRuns));
}

// ---- lifecycle ----------------------------------------------------------------------------

let diagramLoaded = false;
async function loadDiagram() {
  if (diagramLoaded) return;
  const response = await fetch('/api/lifecycle/diagram.svg', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error((await response.text()).trim());
  $('#diagram').innerHTML = await response.text();
  diagramLoaded = true;
}

function lightStates(active) {
  const set = new Set(active ?? []);
  // A leaf lights its compound parents too, as a statechart's configuration does.
  for (const leaf of active ?? []) {
    const parts = leaf.split('.');
    for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('.'));
  }
  for (const el of document.querySelectorAll('#diagram [data-state]')) el.classList.toggle('active', set.has(el.dataset.state));
  $('#diagram').dataset.active = [...(active ?? [])].sort().join(',');
}

async function loadLifecycle() {
  await loadDiagram();
  const { latest, chart } = await api('/api/lifecycle');
  const summary = $('#lifecycle-summary');
  if (!latest) {
    summary.textContent = 'No lifecycle run yet: start a simulation here, or run `haipump simulate --dashboard URL`.';
    summary.dataset.status = 'none';
    return;
  }
  summary.dataset.status = latest.status;
  summary.dataset.key = latest.key;
  summary.textContent = `${latest.scenario} (${latest.source}${latest.device ? `, ${latest.device}` : ''}), profile ${latest.profile}, speed ${latest.speed}: day ${latest.day.toFixed(2)}, ${latest.status}${latest.message ? ` (${latest.message})` : ''}`;
  lightStates(latest.active);
  await renderChart($('#lifecycle-chart'), chart);

  const alarms = $('#alarms tbody');
  alarms.replaceChildren();
  for (const a of latest.alarms) {
    const row = document.createElement('tr');
    row.dataset.code = a.code;
    row.dataset.acknowledged = String(a.acknowledgedAtMs !== null);
    cell(row, a.day.toFixed(2));
    cell(row, a.code);
    cell(row, a.severity);
    cell(row, a.cause);
    cell(row, a.acknowledgedAtMs === null ? 'no' : `day ${((a.acknowledgedAtMs - latest.startAtMs) / 86400000).toFixed(2)}`);
    alarms.append(row);
  }
  $('#traffic').textContent =
    latest.traffic.length === 0
      ? latest.device
        ? 'no traffic yet'
        : 'model only, no device: `haipump run --device … --dashboard URL` shows its serial traffic here'
      : latest.traffic
          .map((t) => `${new Date(t.atMs).toISOString().slice(11, 23)} ${t.dir.padEnd(5)} ${JSON.stringify(t.text)}`)
          .join('\n');
  const timeline = $('#timeline tbody');
  timeline.replaceChildren();
  for (const e of latest.events.slice(-300)) {
    const row = document.createElement('tr');
    cell(row, e.day.toFixed(2));
    cell(row, e.volumeMl.toFixed(3));
    cell(row, e.type === 'state' ? `→ ${e.shortState ?? e.state}` : `${e.type} ${describeDetail(e.detail)}`);
    timeline.append(row);
  }
}

function describeDetail(detail) {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(3)) : v}`)
    .join(' ');
}

async function loadScenarios() {
  const { scenarios, allowControl } = await api('/api/scenarios');
  const select = $('#sim-scenario');
  select.replaceChildren(...scenarios.map((name) => Object.assign(document.createElement('option'), { value: name, textContent: name })));
  select.value = scenarios.includes('tour') ? 'tour' : scenarios[0];
  for (const button of document.querySelectorAll('#sim-controls button, #sim-controls input, #sim-controls select'))
    button.disabled = !allowControl;
  $('#mode').textContent = allowControl ? 'control enabled' : 'read-only';
  if (!allowControl) $('#sim-message').textContent = 'read-only: start the dashboard with --allow-control to start simulations here';
}

async function control(path, body) {
  const message = $('#sim-message');
  try {
    const result = await api(path, { method: 'POST', body: JSON.stringify(body) });
    message.textContent = '';
    return result;
  } catch (error) {
    message.textContent = error.message;
    return undefined;
  }
}

function wireControls() {
  $('#sim-start').addEventListener('click', async () => {
    const speedText = $('#sim-speed').value;
    const speed = speedText === 'max' ? 'max' : Number(speedText);
    const file = $('#sim-upload').files?.[0];
    const body = file ? { upload: { name: file.name, text: await file.text() }, speed } : { scenario: $('#sim-scenario').value, speed };
    await control('/api/lifecycle/simulations', body);
  });
  $('#sim-stop').addEventListener('click', () => control('/api/lifecycle/stop', {}));
  $('#sim-ack').addEventListener('click', () => control('/api/lifecycle/ack', { code: 'ALL' }));
}

// ---- bench --------------------------------------------------------------------------------

async function loadBench() {
  const { runs } = await api('/api/bench');
  const host = $('#bench-live');
  if (runs.length === 0) {
    host.innerHTML = '<p class="message">No live bench run. Start one with <code>haipump accuracy … --dashboard URL</code>.</p>';
    return;
  }
  const live = await api(`/api/bench/${encodeURIComponent(runs.at(-1).runKey)}`);
  let panel = host.querySelector(`[data-run-key="${CSS.escape(live.runKey)}"]`);
  if (!panel) {
    panel = document.createElement('div');
    panel.className = 'panel wide live-run';
    panel.dataset.runKey = live.runKey;
    panel.innerHTML = `<h2></h2><p class="progress"></p><p class="links"></p><div class="verdicts"></div>
      <div class="grid"><div class="chart" data-chart="flow"></div><div class="chart" data-chart="startup"></div><div class="chart" data-chart="trumpet"></div></div>
      <table class="trumpet-table"><thead><tr><th>P (min)</th><th>Ep(max) %</th><th>Ep(min) %</th><th>final</th></tr></thead><tbody></tbody></table>`;
    host.replaceChildren(panel);
  }
  const v = live.view;
  panel.dataset.status = v.status;
  panel.querySelector('h2').textContent =
    `Live run ${v.setup.label ?? live.runKey}: ${v.setup.pump}, ${v.setup.rateMlPerH} mL/h for ${v.setup.minutes} min${v.setup.syringe ? `, syringe ${v.setup.syringe}` : ''}${v.runId ? ` (stored as run ${v.runId})` : ''}`;
  const p = v.progress;
  const samples = p.total === null ? `${p.samples} samples` : `${p.samples} of ${p.total + 1} samples`;
  const pct = p.fraction === null ? '' : ` (${(100 * p.fraction).toFixed(0)} %)`;
  const eta = p.etaS === null ? '' : `, ETA ${formatDuration(p.etaS)}`;
  panel.querySelector('.progress').textContent =
    `${v.status}${v.endMessage ? ` (${v.endMessage})` : ''}: ${samples}${pct}, device time ${(p.deviceElapsedS / 60).toFixed(1)} min${eta}`;
  panel.querySelector('.links').textContent = Object.entries(v.links ?? {})
    .map(([device, l]) => `${device}: ${l === null ? '–' : `${l.state}${l.detail ? ` (${l.detail})` : ''}`}`)
    .join(' · ');
  panel.querySelector('.verdicts').replaceChildren(...verdictPills(v));
  for (const el of panel.querySelectorAll('[data-chart]')) await renderChart(el, live.charts?.[el.dataset.chart]);
  const body = panel.querySelector('.trumpet-table tbody');
  body.replaceChildren();
  for (const w of v.trumpet.windows) {
    const row = document.createElement('tr');
    row.dataset.minutes = String(w.minutes);
    cell(row, w.minutes);
    cell(row, fixed(w.epMaxPct, 2));
    cell(row, fixed(w.epMinPct, 2));
    cell(row, v.trumpet.complete ? 'yes' : 'provisional');
    body.append(row);
  }
}

function verdictPills(v) {
  const pills = [];
  // pass is null until the figure is final: a provisional value may still cross the limit.
  const pill = (label, pass, value, name) => {
    const el = document.createElement('span');
    el.className = `pill ${pass === null ? 'wait' : pass ? 'ok' : 'bad'}`;
    el.textContent = `${label}: ${value} ${pass === null ? '(provisional)' : pass ? 'pass' : 'FAIL'}`;
    el.dataset.verdict = pass === null ? 'pending' : pass ? 'pass' : 'fail';
    el.dataset.figure = name;
    pills.push(el);
  };
  if (v.overall) {
    const a = document.createElement('span');
    a.className = 'pill';
    a.dataset.figure = 'overall';
    a.textContent = `mean flow ${fixed(v.overall.meanFlowMlPerH, 4)} mL/h, A ${fixed(v.overall.overallErrorPct, 2)} %${v.overall.final ? '' : ' (provisional)'}`;
    pills.push(a);
  }
  const iso = v.iso28620;
  if (iso) {
    pill(`ISO 28620 mean within ±${iso.mean.tolerancePct} %`, iso.mean.pass, `${fixed(iso.mean.errorPct, 2)} %`, 'iso-mean');
    pill(`ISO 28620 ≥ ${iso.inBand.minPct} % of volume within ±50 %`, iso.inBand.pass, `${fixed(iso.inBand.volumePct, 1)} %`, 'iso-band');
  }
  if (v.problem) {
    const el = document.createElement('span');
    el.className = 'pill bad';
    el.textContent = `analysis refuses the samples: ${v.problem.message}`;
    pills.push(el);
  }
  return pills;
}

function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600
    ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`
    : s >= 60
      ? `${Math.floor(s / 60)} min ${s % 60} s`
      : `${s} s`;
}

async function loadRuns() {
  const message = $('#runs-message');
  const body = $('#runs tbody');
  let runs;
  try {
    ({ runs } = await api('/api/runs'));
  } catch (error) {
    message.textContent = error.message;
    body.replaceChildren();
    return;
  }
  message.textContent = runs.length === 0 ? 'no stored runs' : '';
  body.replaceChildren();
  for (const run of runs) {
    const row = document.createElement('tr');
    row.dataset.runId = String(run.id);
    const link = Object.assign(document.createElement('a'), { href: `#runs/${run.id}`, textContent: String(run.id) });
    cell(row, link);
    cell(row, run.label);
    cell(row, run.pump);
    cell(row, run.syringe);
    cell(row, run.startedAt.replace('T', ' ').slice(0, 19));
    cell(row, run.rateMlPerH);
    cell(row, fixed(run.overallErrorPct, 2));
    cell(row, run.pass === null ? '–' : run.pass ? 'pass' : 'FAIL', { class: run.pass === false ? 'bad' : '' });
    body.append(row);
  }
}

async function loadRunDetail(id) {
  const host = $('#run-detail');
  host.replaceChildren();
  if (id === undefined) return;
  const panel = document.createElement('div');
  panel.className = 'panel wide';
  panel.dataset.runId = String(id);
  host.append(panel);
  let page;
  try {
    page = await api(`/api/runs/${encodeURIComponent(id)}`);
  } catch (error) {
    panel.textContent = error.message;
    return;
  }
  const r = page.result ?? {};
  const s = page.summary;
  panel.innerHTML = `<h2></h2><table class="run-figures"><tbody></tbody></table>
    <table class="trumpet-table"><thead><tr><th>P (min)</th><th>k</th><th>m</th><th>Ep(max) %</th><th>Ep(min) %</th></tr></thead><tbody></tbody></table>
    <div class="grid"><div class="chart" data-chart="startup"></div><div class="chart" data-chart="trumpet"></div><div class="chart" data-chart="flow"></div></div><p class="message"></p>`;
  panel.querySelector('h2').textContent = `Run ${s.id}${page.label ? ` “${page.label}”` : ''}: ${s.pump}, ${s.startedAt}`;
  const figures = panel.querySelector('.run-figures tbody');
  const figure = (name, value, key) => {
    const row = document.createElement('tr');
    row.dataset.figure = key;
    cell(row, name);
    cell(row, value);
    figures.append(row);
  };
  figure('set rate', `${s.rateMlPerH} mL/h`, 'rateMlPerH');
  figure('syringe', page.syringe ?? '–', 'syringe');
  figure('balance', s.balance, 'balance');
  figure('samples', s.samples, 'samples');
  figure('analysis period', r.period ? `${r.period.startMin}–${r.period.endMin} min` : '–', 'period');
  figure('mean flow', `${r.meanFlowMlPerH} mL/h`, 'meanFlowMlPerH');
  figure('overall error A', `${r.overallErrorPct} %`, 'overallErrorPct');
  figure('density', `${r.densityGPerMl} g/mL (${r.densitySource})`, 'densityGPerMl');
  if (r.iso28620) {
    figure('ISO 28620 mean error', `${r.iso28620.meanErrorPct} % ${r.iso28620.meanPass ? 'pass' : 'FAIL'}`, 'iso28620.meanErrorPct');
    figure('ISO 28620 volume within ±50 %', `${r.iso28620.inBandPct} % ${r.iso28620.inBandPass ? 'pass' : 'FAIL'}`, 'iso28620.inBandPct');
  }
  const windows = panel.querySelector('.trumpet-table tbody');
  for (const w of r.windows ?? []) {
    const row = document.createElement('tr');
    row.dataset.minutes = String(w.minutes);
    for (const value of [w.minutes, w.k, w.m, w.epMaxPct, w.epMinPct]) cell(row, value);
    windows.append(row);
  }
  if (page.chartsProblem) panel.querySelector('.message').textContent = `plots: ${page.chartsProblem}`;
  for (const el of panel.querySelectorAll('[data-chart]')) await renderChart(el, page.charts?.[el.dataset.chart]);
}

// ---- refill board -------------------------------------------------------------------------

async function loadBoard() {
  const message = $('#board-message');
  const body = $('#board tbody');
  let data;
  try {
    data = await api('/api/board');
  } catch (error) {
    message.textContent = error.message;
    body.replaceChildren();
    return;
  }
  const { board, charts } = data;
  message.textContent = board.pumps.length === 0 ? 'no pumps in the store' : '';
  const c = board.counts;
  $('#board-summary').textContent =
    `at ${board.at} (${board.timeZone}): ${c.overdue} overdue, ${c.due} due within ${board.withinDays} days, ${c.upcoming} upcoming`;
  $('#calendar-link').href = `/calendar.ics?token=${encodeURIComponent(token)}`;
  body.replaceChildren();
  for (const pump of board.pumps) {
    const row = document.createElement('tr');
    row.dataset.pump = pump.pumpId;
    row.dataset.state = pump.state;
    row.dataset.dueAtMs = pump.reminder?.dueAtMs ?? '';
    cell(row, pump.label ? `${pump.pumpId} (${pump.label})` : pump.pumpId);
    cell(row, pump.state, { class: `state ${pump.state}` });
    cell(row, pump.nextDueLocal);
    cell(row, [pump.reminder?.message, ...pump.flags.map((f) => `${f.level} ${f.kind}: ${f.message}`)].filter(Boolean).join('; ') || '–');
    const chartCell = cell(row, '');
    const chart = document.createElement('div');
    chart.className = 'chart small';
    chartCell.replaceChildren(chart);
    cell(row, pump.lastFills.map((f) => `${f.at.slice(0, 10)} ${f.volumeMl} mL ${f.infusate}`).join('\n') || '–', { class: 'list' });
    cell(row, pump.lastDrains.map((d) => `${d.at.slice(0, 10)} ${d.returnedMl} mL returned`).join('\n') || '–', { class: 'list' });
    body.append(row);
    await renderChart(chart, charts[pump.pumpId]);
  }
}

// ---- routing ------------------------------------------------------------------------------

async function show() {
  const [view, id] = (location.hash.slice(1) || 'lifecycle').split('/');
  const name = view === 'runs' ? 'bench' : view;
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${name}`;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('current', link.dataset.view === name);
  document.body.dataset.view = name;
  try {
    if (name === 'lifecycle') await loadLifecycle();
    if (name === 'bench') {
      await loadBench();
      await loadRuns();
      await loadRunDetail(view === 'runs' ? id : undefined);
    }
    if (name === 'board') await loadBoard();
  } catch (error) {
    console.warn(error.message);
  }
  document.body.dataset.loaded = name;
}

wireControls();
connect();
await loadScenarios().catch((error) => console.warn(error.message));
window.addEventListener('hashchange', show);
await show();
