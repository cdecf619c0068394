// The outcome dashboard: one static page that reads the outcome API with a viewer key.
// No build step and no framework, so it loads wherever the scoring app runs. Script and
// styles are served as their own files so the page's CSP can forbid inline code.
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Canyu outcomes</title>
<link rel="stylesheet" href="/dashboard.css">
<script src="/dashboard.js" defer></script>
</head><body>
<header><h1>参与 Canyu · outcomes</h1>
 <input id="key" placeholder="API key (cyu_…)" type="password">
 <select id="campaign"></select><span class="muted" id="updated"></span></header>
<main><div id="error"></div><div class="cards" id="cards"></div>
 <div class="pair">
  <table><thead><tr><th>#</th><th>Top spreader</th><th>Score</th></tr></thead><tbody id="board"></tbody></table>
  <table><thead><tr><th>Channel</th><th>Events</th><th>Score</th></tr></thead><tbody id="channels"></tbody></table>
 </div>
 <div class="pair">
  <table><thead><tr><th>Generation (depth)</th><th>New participants</th><th>K to next</th></tr></thead><tbody id="gens"></tbody></table>
  <table><thead><tr><th>Not counted: why</th><th>Spread events</th></tr></thead><tbody id="rejected"></tbody></table>
  <table><thead><tr><th>Workspace, no campaign: why</th><th>Spread events</th></tr></thead><tbody id="workspace-rejected"></tbody></table>
 </div>
</main>
</body></html>`;
