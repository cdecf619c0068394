// The outcome dashboard: one static page that reads the outcome API with a viewer key.
// No build step and no framework, so it loads wherever the scoring app runs.
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Canyu outcomes</title>
<style>
 body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
 header{background:#c0392b;color:#fff;padding:12px 20px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
 header h1{font-size:18px;margin:0 12px 0 0} input,select{padding:6px;border:0;border-radius:4px;min-width:260px}
 main{padding:20px;display:grid;gap:16px} .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
 .card{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 2px #0002} .card b{display:block;font-size:24px}
 table{background:#fff;border-collapse:collapse;width:100%;border-radius:8px} td,th{padding:6px 10px;border-bottom:1px solid #eee;text-align:left}
 .muted{color:#667} #error{color:#c0392b}
</style></head><body>
<header><h1>参与 Canyu · outcomes</h1>
 <input id="key" placeholder="API key (cyu_…)" type="password">
 <select id="campaign"></select><span class="muted" id="updated"></span></header>
<main><div id="error"></div><div class="cards" id="cards"></div>
 <div style="display:grid;grid-template-columns:1fr 1fr;gap:16px">
  <table><thead><tr><th>#</th><th>Top spreader</th><th>Score</th></tr></thead><tbody id="board"></tbody></table>
  <table><thead><tr><th>Channel</th><th>Events</th><th>Score</th></tr></thead><tbody id="channels"></tbody></table>
 </div>
 <div style="display:grid;grid-template-columns:1fr 1fr;gap:16px">
  <table><thead><tr><th>Generation (depth)</th><th>New participants</th><th>K to next</th></tr></thead><tbody id="gens"></tbody></table>
  <table><thead><tr><th>Not counted: why</th><th>Spread events</th></tr></thead><tbody id="rejected"></tbody></table>
 </div>
</main>
<script>
const $ = (id) => document.getElementById(id);
const keyBox = $('key'); keyBox.value = new URLSearchParams(location.hash.slice(1)).get('key') || localStorage.getItem('canyu.key') || '';
const api = async (path) => {
  const r = await fetch(path, { headers: { authorization: 'Bearer ' + keyBox.value.trim() } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.code + ': ' + body.error.message : r.status);
  return body;
};
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const rows = (list, cells) => list.map((x) => '<tr>' + cells(x).map((c) => '<td>' + esc(c) + '</td>').join('') + '</tr>').join('');
async function loadCampaigns() {
  localStorage.setItem('canyu.key', keyBox.value.trim());
  const { items } = await api('/v1/campaigns');
  $('campaign').innerHTML = items.map((c) => '<option value="' + c.id + '">' + esc(c.name) + ' (' + c.status + ')</option>').join('');
}
async function refresh() {
  try {
    if (!$('campaign').value) await loadCampaigns();
    if (!$('campaign').value) return;
    const o = await api('/v1/campaigns/' + $('campaign').value + '/outcomes');
    const cards = [['Participants', o.participants], ['Posts', o.posts], ['Reposts', o.reposts], ['New followers', o.follows],
      ['Unique reach (≈, HyperLogLog)', o.uniqueReach], ['Max cascade depth', o.maxCascadeDepth], ['K-factor', o.kFactor], ['Total score', o.totalScore],
      ['Invited', o.activities.invited || 0], ['Completed', o.activities.completed || 0], ['Expired', o.activities.expired || 0]];
    $('cards').innerHTML = cards.map(([k, v]) => '<div class="card"><span class="muted">' + k + '</span><b>' + esc(v) + '</b></div>').join('');
    $('board').innerHTML = rows(o.topSpreaders, (t) => [t.rank, t.participantId, t.score]);
    $('channels').innerHTML = rows(o.perChannel, (c) => [c.channel, c.events, c.score]);
    $('gens').innerHTML = rows(o.generations, (g) => [g.depth, g.participants, g.k === null ? '–' : g.k]);
    const rejected = Object.entries(o.rejectedSpread);
    $('rejected').innerHTML = rejected.length ? rows(rejected, ([why, n]) => [why, n]) : '<tr><td class="muted" colspan="2">none</td></tr>';
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString(); $('error').textContent = '';
  } catch (e) { $('error').textContent = e.message; }
}
keyBox.addEventListener('change', () => { $('campaign').innerHTML = ''; refresh(); });
$('campaign').addEventListener('change', refresh);
refresh(); setInterval(refresh, 5000);
</script></body></html>`;
