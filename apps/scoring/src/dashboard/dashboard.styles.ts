// Styles of the dashboard page, served as /dashboard.css.
export const DASHBOARD_CSS = ` body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
 header{background:#c0392b;color:#fff;padding:12px 20px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
 header h1{font-size:18px;margin:0 12px 0 0} input,select{padding:6px;border:0;border-radius:4px;min-width:260px}
 main{padding:20px;display:grid;gap:16px} .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
 .card{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 2px #0002} .card b{display:block;font-size:24px}
 table{background:#fff;border-collapse:collapse;width:100%;border-radius:8px} td,th{padding:6px 10px;border-bottom:1px solid #eee;text-align:left}
 .muted{color:#667} #error{color:#c0392b}
 .pair{display:grid;grid-template-columns:1fr 1fr;gap:16px}
`;
