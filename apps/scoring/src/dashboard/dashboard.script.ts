// The dashboard's script, served as /dashboard.js (loaded with defer, after the page is parsed).
export const DASHBOARD_JS = `const $ = (id) => document.getElementById(id);
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
    const cards = [['Participants', o.participants], ['Posts', o.posts], ['Reposts', o.reposts], ['New followers (people)', o.newFollowers],
      ['Unique reach (≈, HyperLogLog)', o.uniqueReach], ['Max cascade depth', o.maxCascadeDepth], ['K-factor', o.kFactor], ['Total score', o.totalScore],
      ['Invited', o.activities.invited || 0], ['Completed', o.activities.completed || 0], ['Expired', o.activities.expired || 0]];
    $('cards').innerHTML = cards.map(([k, v]) => '<div class="card"><span class="muted">' + k + '</span><b>' + esc(v) + '</b></div>').join('');
    $('board').innerHTML = rows(o.topSpreaders, (t) => [t.rank, t.participantId, t.score]);
    $('channels').innerHTML = rows(o.perChannel, (c) => [c.channel, c.events, c.score]);
    $('gens').innerHTML = rows(o.generations, (g) => [g.depth, g.participants, g.k === null ? '–' : g.k]);
    const rejected = Object.entries(o.rejectedSpread);
    $('rejected').innerHTML = rejected.length ? rows(rejected, ([why, n]) => [why, n]) : '<tr><td class="muted" colspan="2">none</td></tr>';
    const ws = Object.entries((await api('/v1/outcomes/not-counted')).notCounted);
    $('workspace-rejected').innerHTML = ws.length ? rows(ws, ([why, n]) => [why, n]) : '<tr><td class="muted" colspan="2">none</td></tr>';
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString(); $('error').textContent = '';
  } catch (e) { $('error').textContent = e.message; }
}
keyBox.addEventListener('change', () => { $('campaign').innerHTML = ''; refresh(); });
$('campaign').addEventListener('change', refresh);
refresh(); setInterval(refresh, 5000);
`;
