/**
 * The laid-out state graph as one self-contained SVG document. The dashboard lights states by
 * adding the class `active` to `[data-state="<id>"]` (and, if it likes, to `.transition` paths by
 * `data-source` / `data-target`), so the element structure and those attributes are its contract.
 */
import type { DiagramLayout, InitialMarker, LaidOutEdge, LaidOutNode, Point } from './layout.ts';
import { EDGE_FONT_PX, STATE_FONT_PX } from './text.ts';

// Prefixed so the ids do not collide with the page's when the SVG is inlined.
const ARROW = 'haipump-diagram-arrow';
const HEADER_TEXT_Y = 17;

const STYLE = `
.diagram { font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; }
.state > rect { fill: #ffffff; stroke: #4a5568; stroke-width: 1.2; }
.state > text { font-size: ${STATE_FONT_PX}px; fill: #1a202c; }
.state-compound > rect, .state-parallel > rect { fill: #f7fafc; }
.state-parallel > rect { fill: #edf2f7; stroke-width: 1.6; }
.state.region > rect { fill: #f7fafc; stroke-dasharray: 6 4; }
.state-final > rect { stroke-width: 3; }
.state.transient > rect { fill: #edf2f7; stroke: #a0aec0; stroke-dasharray: 2 2; }
.state.transient > text { font-size: ${STATE_FONT_PX - 2}px; font-style: italic; fill: #718096; }
.state.container > text { font-weight: 600; }
.transition { fill: none; stroke: #718096; stroke-width: 1.2; }
.edge-always > .transition { stroke-dasharray: 4 3; }
.transition-label { font-size: ${EDGE_FONT_PX}px; fill: #4a5568; stroke: #ffffff; stroke-width: 3px; paint-order: stroke; stroke-linejoin: round; }
.initial-marker > circle { fill: #1a202c; }
.initial-marker > path { fill: none; stroke: #1a202c; stroke-width: 1.2; }
#${ARROW} > path { fill: context-stroke; }
.state.active > rect { fill: #fde68a; stroke: #b45309; stroke-width: 2.5; }
.state.container.active > rect { fill: #fffbeb; }
.state.active > text { font-weight: 700; fill: #78350f; }
.transition.active { stroke: #b45309; stroke-width: 2.5; }
`;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

const n = (v: number): string => String(Math.round(v * 10) / 10);

function pathData(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)} ${n(p.y)}`).join(' ');
}

function stateSvg(node: LaidOutNode, containers: Set<string>, regions: Set<string>): string {
  const container = containers.has(node.id);
  const classes = ['state', `state-${node.type}`];
  if (container) classes.push('container');
  if (regions.has(node.id)) classes.push('region');
  if (node.initial) classes.push('initial');
  if (node.transient) classes.push('transient');
  const rx = node.transient ? node.height / 2 : container ? 10 : 8;
  const text = container
    ? `<text x="${n(node.x + 10)}" y="${n(node.y + HEADER_TEXT_Y)}">${escapeXml(node.key)}</text>`
    : `<text x="${n(node.x + node.width / 2)}" y="${n(node.y + node.height / 2)}" dy="0.35em" text-anchor="middle">${escapeXml(node.key)}</text>`;
  return [
    `<g class="${classes.join(' ')}" data-state="${escapeXml(node.id)}">`,
    `<title>${escapeXml(node.id)}</title>`,
    `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(node.width)}" height="${n(node.height)}" rx="${rx}"/>`,
    text,
    '</g>',
  ].join('');
}

function edgeSvg(edge: LaidOutEdge): string {
  const attrs = `data-source="${escapeXml(edge.source)}" data-target="${escapeXml(edge.target)}" data-event="${escapeXml(edge.label)}"`;
  const label = edge.labelBox
    ? `<text class="transition-label" x="${n(edge.labelBox.x + 3)}" y="${n(edge.labelBox.y + edge.labelBox.height / 2)}" dy="0.35em">${escapeXml(edge.caption)}</text>`
    : '';
  return [
    `<g class="edge edge-${edge.kind}" data-edge="${escapeXml(edge.id)}">`,
    `<title>${escapeXml(edge.caption)}</title>`,
    `<path class="transition" ${attrs} d="${pathData(edge.points)}" marker-end="url(#${ARROW})"/>`,
    label,
    '</g>',
  ].join('');
}

function initialSvg(marker: InitialMarker): string {
  const r = marker.dot.width / 2;
  return [
    `<g class="initial-marker" data-initial-of="${escapeXml(marker.target)}">`,
    `<circle cx="${n(marker.dot.x + r)}" cy="${n(marker.dot.y + r)}" r="${n(r)}"/>`,
    `<path d="${pathData(marker.points)}" marker-end="url(#${ARROW})"/>`,
    '</g>',
  ].join('');
}

export function diagramSvg(layout: DiagramLayout): string {
  const containers = new Set(layout.nodes.map((node) => node.parent).filter((id) => id !== null));
  const parallel = new Set(layout.nodes.filter((node) => node.type === 'parallel').map((node) => node.id));
  const regions = new Set(layout.nodes.filter((node) => node.parent !== null && parallel.has(node.parent)).map((node) => node.id));
  const w = n(layout.width);
  const h = n(layout.height);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="Pump lifecycle state diagram">`,
    `<style>${STYLE}</style>`,
    '<defs>',
    `<marker id="${ARROW}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">`,
    '<path d="M0 0 L10 5 L0 10 z"/>',
    '</marker>',
    '</defs>',
    // Parents come before their children in the graph, so children paint on top of their container.
    '<g class="states">',
    ...layout.nodes.map((node) => stateSvg(node, containers, regions)),
    '</g>',
    '<g class="initials">',
    ...layout.initials.map(initialSvg),
    '</g>',
    '<g class="transitions">',
    ...layout.edges.map(edgeSvg),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
