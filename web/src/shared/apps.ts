// The web apps dpc has built so far, in launcher order. An app shows in the switcher and the
// launcher only when it is built (listed here) and the user may open it (/api/auth/me "apps").
export interface AppInfo {
  id: string;
  path: string;
  icon: string; // one inline SVG path (24x24)
}

export const builtApps: AppInfo[] = [
  { id: 'tasklist', path: '/tasklist/', icon: 'M9 11l3 3L22 4M21 12v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h11' },
  { id: 'cockpit', path: '/cockpit/', icon: 'M3 12h4l3-8 4 16 3-8h4' },
  { id: 'dashboard', path: '/dashboard/', icon: 'M3 4h18l-7 8v6l-4 2v-8z' },
  { id: 'catalogue', path: '/catalogue/', icon: 'M21 8l-9-5-9 5 9 5 9-5zM3 8v8l9 5 9-5V8M12 13v8' },
  { id: 'admin', path: '/admin/', icon: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0' },
];

export const appsFor = (allowed: string[] | undefined): AppInfo[] =>
  builtApps.filter((a) => (allowed ?? []).includes(a.id));

export function icon(path: string, size = 20): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  const p = document.createElementNS(ns, 'path');
  p.setAttribute('d', path);
  svg.appendChild(p);
  return svg;
}
