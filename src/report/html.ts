// `safe-migrate report --html`: one self-contained page (no network, no external assets) for
// CI artefacts: the pending plan with gate decisions, the colours, and each column's rollout
// timeline. Pure: data in, HTML out. The data is embedded as JSON and rendered by a small
// inline script, so the page also works as a data carrier (`#report-data`).

export interface ReportData {
  generatedAt: string;
  database: string;
  plan: Array<{ name: string; blocked: boolean; statements: Array<{ file: string; line: number; effect: string; lock: string; sql: string }> }>;
  blockers: Array<{ message: string }>;
  warnings: string[];
  colours: Array<{ name: string; state: string; release: string | null; deployedAt: string | null; references: string }>;
  rollouts: Array<{ object: string; kind: string; phase: string; waitingFor: string; phases: Array<{ phase: string; at: string; release: string | null; migration: string | null }> }>;
}

export function renderReport(data: ReportData): string {
  // `<` is escaped so that no string in the data can close the script element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>safe-migrate report — ${escapeHtml(data.database)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
  .meta { color: #57606a; } table { border-collapse: collapse; width: 100%; margin-top: .5rem; }
  th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  code { font: 12px ui-monospace, monospace; white-space: pre-wrap; }
  .blocked { color: #cf222e; font-weight: 600; } .ok { color: #1a7f37; } .warn { color: #9a6700; }
  .phase { display: inline-block; padding: 0 .4rem; border-radius: 4px; background: #eaeef2; margin-right: .25rem; }
  .phase.current { background: #0969da; color: white; }
</style>
</head>
<body>
<h1>safe-migrate report</h1>
<p class="meta" id="meta"></p>
<h2>Pending migrations</h2><div id="plan"></div>
<h2>Colours</h2><div id="colours"></div>
<h2>Rollouts</h2><div id="rollouts"></div>
<script type="application/json" id="report-data">${json}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function table(head, rows) {
    return el('table', {}, [el('thead', {}, [el('tr', {}, head.map(function (h) { return el('th', {}, [h]); }))]),
      el('tbody', {}, rows.map(function (r) { return el('tr', {}, r.map(function (c) { return el('td', {}, [c]); })); }))]);
  }
  document.getElementById('meta').textContent = data.database + ' · generated ' + data.generatedAt;
  var plan = document.getElementById('plan');
  if (data.plan.length === 0) plan.appendChild(el('p', { class: 'ok' }, ['Nothing pending: the database is up to date.']));
  data.plan.forEach(function (m) {
    plan.appendChild(el('h3', {}, [m.name + ' ', el('span', { class: m.blocked ? 'blocked' : 'ok' }, [m.blocked ? 'blocked' : 'allowed'])]));
    plan.appendChild(table(['where', 'effect', 'lock', 'statement'], m.statements.map(function (s) {
      return [s.file + ':' + s.line, s.effect, s.lock, el('code', {}, [s.sql])];
    })));
  });
  data.blockers.forEach(function (b) { plan.appendChild(el('p', { class: 'blocked' }, [b.message])); });
  data.warnings.forEach(function (w) { plan.appendChild(el('p', { class: 'warn' }, ['warning: ' + w])); });
  document.getElementById('colours').appendChild(table(['colour', 'state', 'release', 'deployed at', 'references'],
    data.colours.map(function (c) { return [c.name, c.state, c.release || '—', c.deployedAt || '—', c.references]; })));
  var rollouts = document.getElementById('rollouts');
  if (data.rollouts.length === 0) rollouts.appendChild(el('p', {}, ['No rollouts yet.']));
  else rollouts.appendChild(table(['column', 'kind', 'timeline', 'waiting for'], data.rollouts.map(function (r) {
    var timeline = el('div', {}, r.phases.map(function (p) {
      var label = p.phase + ' ' + p.at.slice(0, 16).replace('T', ' ') + (p.release ? ' (' + p.release + ')' : '');
      return el('span', { class: 'phase' + (p.phase === r.phase ? ' current' : '') }, [label]);
    }));
    return [r.object, r.kind, timeline, r.waitingFor];
  })));
})();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
