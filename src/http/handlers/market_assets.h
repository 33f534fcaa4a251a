// Internal: the Market pages' one stylesheet and one small script, served by
// market_html::stylesheet/script at /market/assets/market.{css,js}?v=<version>.
// Mobile first: one column at 360 px, tables stack into labelled rows where their container
// (the page, or a panel such as the simulator's) is narrower than 40rem, cards in two and
// three columns on wider screens. The script only improves the simulators (the
// result is swapped in without a page load); every page works without it.
#pragma once

#include <string_view>

namespace dpc::http::market_html {

inline constexpr std::string_view kMarketCss = R"CSS(:root{--ink:#1a1f36;--muted:#4f596d;--brand:#0a3d78;--brand-2:#e8f0fb;--accent:#0b7a3e;--accent-dark:#05451f;--line:#d6dce6;--bg:#f4f6fa;--error:#b00020;--focus:#ffbf47;--warn:#fff4d1;--warn-line:#c48a00}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:break-word}
a{color:#0b57a4}
a:hover{color:#073b70}
a:focus-visible,button:focus-visible,summary:focus-visible,input:focus,select:focus,[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
main:focus{outline:none}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:-999px;top:0}
.skip:focus{left:1rem;top:.5rem;background:var(--focus);color:#000;padding:.5rem 1rem;z-index:10}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.top{background:var(--brand);color:#fff}
.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem 1rem;padding-top:.5rem;padding-bottom:.5rem}
.brand{display:flex;align-items:center;gap:.5rem;color:#fff;font-weight:700;font-size:1.15rem;text-decoration:none;padding:.35rem 0}
.brand:hover{color:#fff}
.logo{display:inline-grid;place-items:center;width:2rem;height:2rem;border-radius:.5rem;background:#fff;color:var(--brand);font-weight:800}
.top nav ul{display:flex;flex-wrap:wrap;gap:0 1rem;list-style:none;margin:0;padding:0}
.top nav a{display:inline-block;color:#fff;text-decoration:none;padding:.5rem 0;font-size:.95rem}
.top nav a:hover{color:#fff;text-decoration:underline}
.top nav a.lang{font-weight:600;text-decoration:underline;text-underline-offset:3px}
main{display:block;padding-top:1rem;padding-bottom:2.5rem;container-type:inline-size}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 .75rem}
h2{font-size:1.35rem;line-height:1.25;margin:1.75rem 0 .75rem}
h3{font-size:1.15rem;margin:0 0 .35rem}
.lead{font-size:1.125rem;color:var(--muted);margin-top:0;max-width:44rem}
.breadcrumb ol{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;padding:0;margin:0;font-size:.9rem}
.breadcrumb li+li::before{content:"›";margin-right:.3rem;color:var(--muted)}
.cards{display:grid;grid-template-columns:1fr;gap:1rem;list-style:none;padding:0;margin:1rem 0}
.card{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:1.1rem 1.2rem;display:flex;flex-direction:column;gap:.5rem;box-shadow:0 1px 2px rgba(16,24,40,.06)}
.card p{margin:0}
.card h2,.card h3{margin:0;font-size:1.2rem;line-height:1.3}
.card .grow{flex:1}
.card .meta{color:var(--muted);font-size:.9rem}
.headline{font-size:1.45rem;font-weight:700;color:var(--brand);line-height:1.2}
.headline small{display:block;font-size:.85rem;font-weight:400;color:var(--muted)}
.badge{display:inline-block;background:#e3f3e8;color:#0b5d2a;border-radius:999px;padding:.1rem .6rem;font-size:.85rem;font-weight:600}
.button{display:inline-block;background:var(--accent);color:#fff;font:inherit;font-weight:600;border:0;border-radius:.5rem;padding:.7rem 1.25rem;text-decoration:none;cursor:pointer;box-shadow:0 2px 0 var(--accent-dark);text-align:center}
.button:hover{background:#09662f;color:#fff}
.button.secondary{background:#fff;color:var(--brand);border:2px solid var(--brand);box-shadow:none;padding:.6rem 1.1rem}
.button.secondary:hover{background:var(--brand-2);color:var(--brand)}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1rem}
.panel{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:1.1rem 1.2rem;margin:1.25rem 0;container-type:inline-size}
.panel>h2:first-child{margin-top:0}
.field{margin:0 0 1rem}
label,.label{display:block;font-weight:600;margin-bottom:.25rem}
.hint{color:var(--muted);margin:0 0 .3rem;font-size:.9rem}
input,select{font:inherit;color:inherit;padding:.55rem .65rem;border:2px solid #4a5468;border-radius:.35rem;width:100%;max-width:20rem;background:#fff}
input[type=checkbox]{width:1.35rem;height:1.35rem;margin:0;accent-color:var(--brand);flex:none}
.check{display:flex;align-items:center;gap:.5rem;font-weight:400;margin:0}
.has-error{border-left:4px solid var(--error);padding-left:.75rem}
.error{color:var(--error);font-weight:600;margin:.1rem 0 .35rem}
input[aria-invalid=true]{border-color:var(--error)}
.error-summary{border:4px solid var(--error);padding:.75rem 1rem;background:#fff;margin:0 0 1.5rem}
.error-summary h2{margin:0 0 .5rem;font-size:1.2rem}
.error-summary ul{margin:0;padding-left:1.1rem}
.error-summary a{color:var(--error);font-weight:600}
.summary-list{margin:0 0 1rem}
.summary-list .row{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;padding:.5rem 0;border-bottom:1px solid var(--line)}
.summary-list dt{color:var(--muted)}
.summary-list dd{margin:0;font-weight:600;text-align:right;font-variant-numeric:tabular-nums}
.summary-list .strong dd{font-size:1.25rem;color:var(--brand)}
table{border-collapse:collapse;width:100%;background:#fff}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{padding:.55rem .75rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--brand-2);font-size:.9rem}
.numeric td,.numeric th{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.numeric thead th:first-child,.numeric tbody th{text-align:left}
td.value,th.value{font-variant-numeric:tabular-nums;text-align:right}
del{color:var(--muted)}
details.schedule{margin-top:.5rem}
details.schedule summary{cursor:pointer;font-weight:600;color:var(--brand);padding:.5rem 0}
.compare th[scope=col]{vertical-align:bottom}
.compare th[scope=col] a{display:block}
.compare tr.differs>*{background:var(--warn)}
.compare tr.section th{background:var(--brand-2);font-size:1rem}
.tag{display:inline-block;margin-left:.35rem;padding:0 .4rem;border-radius:.25rem;background:#7a4f00;color:#fff;font-size:.75rem;font-weight:600;vertical-align:middle}
.content h2{font-size:1.2rem;margin-top:0}
.content ul{padding-left:1.2rem}
.reasons{margin:.25rem 0 0;padding-left:1.1rem;color:var(--muted)}
.sim-fields{display:grid;grid-template-columns:1fr;gap:0 1rem}
.foot{border-top:1px solid var(--line);background:#fff;color:var(--muted);font-size:.875rem;padding:1.25rem 0}
@container (max-width:39.99rem){
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack,table.stack tbody{display:block}
table.stack tr{display:block;border:1px solid var(--line);border-radius:.5rem;margin:0 0 .75rem;padding:.25rem .75rem;background:#fff}
table.stack td,table.stack tbody th{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;border:0;border-bottom:1px solid #edf0f5;padding:.4rem 0;text-align:right;white-space:normal;background:transparent}
table.stack td::before,table.stack tbody th::before{content:attr(data-label);font-weight:600;color:var(--muted);text-align:left}
table.stack td:last-child{border-bottom:0}
table.stack th.rowhead{display:block;text-align:left;font-size:1rem;color:var(--ink)}
table.stack th.rowhead::before{content:none}
table.stack tr.section{border:0;background:transparent;padding:0;margin:1.25rem 0 .5rem}
table.stack tr.section th{background:transparent;padding:0;font-size:1.15rem}
.compare tr.differs{border-left:4px solid var(--warn-line);background:var(--warn)}
.compare tr.differs>*{background:transparent}
}
@container (min-width:32rem){
.sim-fields{grid-template-columns:repeat(2,minmax(0,1fr))}
}
@media (min-width:40rem){
.cards{grid-template-columns:repeat(2,1fr)}
h1{font-size:2.1rem}
}
@media (min-width:64rem){
.cards{grid-template-columns:repeat(3,1fr)}
.product{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);grid-template-areas:"top side" "rest side";grid-template-rows:auto 1fr;gap:0 2rem;align-items:start}
.product .top-part{grid-area:top}
.product .rest{grid-area:rest}
.product .side{grid-area:side}
}
)CSS";

inline constexpr std::string_view kMarketJs = R"JS(// dpc Market: simulators recalculate in place. The form's own GET answer (the same page the
// browser would load without this script) is fetched and its simulator section swapped in.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.live) return;
  const section = document.getElementById(form.dataset.live);
  if (!section) return;
  event.preventDefault();
  const url = new URL(form.getAttribute('action') || location.pathname, location.href);
  url.search = new URLSearchParams(new FormData(form)).toString();
  url.hash = '';
  try {
    const res = await fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const fresh = doc.getElementById(form.dataset.live);
    if (!fresh) throw new Error('no section');
    section.replaceWith(fresh);
    history.replaceState(null, '', url.toString() + '#' + form.dataset.live);
    const focus = fresh.querySelector('.error-summary') || fresh.querySelector('#result-title');
    if (focus) { focus.setAttribute('tabindex', '-1'); focus.focus(); }
  } catch (e) {
    location.assign(url.toString());
  }
});
)JS";

}  // namespace dpc::http::market_html
