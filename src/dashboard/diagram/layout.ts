/**
 * Positions for the state graph, computed by ELK's layered algorithm over the whole hierarchy at
 * once, so transitions that leave a container (tapering → depleted) are routed with the rest.
 * Everything comes back in absolute (root) coordinates, ready to draw.
 */
import ElkModule from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api.js';
import type { DiagramEdge, DiagramGraph, DiagramNode } from './graph.ts';
import { EDGE_FONT_PX, STATE_FONT_PX, edgeCaption, textWidth } from './text.ts';

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

export type LaidOutNode = DiagramNode & Box;

export interface LaidOutEdge extends DiagramEdge {
  points: Point[];
  caption: string;
  labelBox: Box | null;
}

/** The initial pseudostate of a container (null: the machine's root) and its arrow to the initial state. */
export interface InitialMarker {
  parent: string | null;
  target: string;
  dot: Box;
  points: Point[];
}

export interface DiagramLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  initials: InitialMarker[];
}

// elkjs is CommonJS typed as an ES module: under NodeNext the default import is `module.exports`,
// which is the constructor and also carries itself as `.default`, the one member the types know.
const ELK = ElkModule.default;

const LEAF_HEIGHT = 30;
const LEAF_PAD_X = 14;
const TRANSIENT_HEIGHT = 20;
const HEADER = 26;
const DOT = 10;
const MARGIN = 12;
const LOOP_BASE = 12;
const LOOP_STEP = 6;
const LOOP_SPREAD = 10;
const LOOP_INSET = 14;
const LOOP_LABEL_GAP = 8;

const LABEL_HEIGHT = EDGE_FONT_PX + 5;
const labelWidth = (caption: string): number => textWidth(caption, EDGE_FONT_PX) + 6;

/** How far the count-th nested arch rises above the border it stands on. */
const archHeight = (count: number): number => (count === 0 ? 0 : LOOP_BASE + (count - 1) * LOOP_STEP);

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '24',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeNode': '14',
  'elk.edgeLabels.inline': 'false',
  'elk.spacing.nodeSelfLoop': '18',
  // Document order is the reading order of machine.ts: it decides which edge of a cycle points back
  // (drained → filling), so the lifecycle reads top to bottom from `empty`.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

const markerId = (parent: string | null): string => `initial:${parent ?? ''}`;

function leafSize(node: DiagramNode): { width: number; height: number } {
  const font = node.transient ? STATE_FONT_PX - 2 : STATE_FONT_PX;
  return {
    width: textWidth(node.key, font) + 2 * LEAF_PAD_X,
    height: node.transient ? TRANSIENT_HEIGHT : LEAF_HEIGHT,
  };
}

function containerOptions(node: DiagramNode, loops: DiagramEdge[]): Record<string, string> {
  const loopLabels = loops.reduce((sum, e) => sum + labelWidth(edgeCaption(e)) + LOOP_LABEL_GAP, 0);
  const minWidth = textWidth(node.key, STATE_FONT_PX) + 2 * LEAF_PAD_X + loopLabels + LOOP_INSET + 2 * loops.length * LOOP_SPREAD;
  return {
    'elk.padding': `[top=${HEADER + 8},left=12,bottom=12,right=12]`,
    'elk.nodeSize.constraints': 'MINIMUM_SIZE',
    'elk.nodeSize.minimum': `(${minWidth}, ${HEADER + 20})`,
  };
}

function edgeLabel(caption: string): ElkLabel {
  return { text: caption, width: labelWidth(caption), height: LABEL_HEIGHT };
}

/**
 * A container's self-transitions (re-entering `infusing` on ENV, FAULT, ...): ELK routes them around
 * the whole container, so they are drawn as small nested loops on its top-right corner instead.
 */
function containerLoops(graph: DiagramGraph): Map<string, DiagramEdge[]> {
  const containers = new Set(graph.nodes.map((n) => n.parent));
  const loops = new Map<string, DiagramEdge[]>();
  for (const edge of graph.edges) {
    if (edge.source !== edge.target || !containers.has(edge.source)) continue;
    loops.set(edge.source, [...(loops.get(edge.source) ?? []), edge]);
  }
  return loops;
}

function elkInput(graph: DiagramGraph, loops: Map<string, DiagramEdge[]>): ElkNode {
  // Keep ELK's edge segments clear of the tallest arch: ELK recomputes node margins, so spacing it is.
  const arches = Math.max(0, ...[...loops.values()].map((l) => archHeight(l.length)));
  const layoutOptions = {
    ...ROOT_OPTIONS,
    'elk.layered.spacing.edgeNodeBetweenLayers': String(Math.max(14, arches + 6)),
    'elk.padding': `[top=${MARGIN + arches},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
  };
  const root: ElkNode = { id: 'root', layoutOptions, children: [], edges: [] };
  const byId = new Map<string, ElkNode>();
  const hasChildren = new Set(graph.nodes.map((n) => n.parent));
  const drawnByUs = new Set([...loops.values()].flat().map((e) => e.id));

  for (const node of graph.nodes) {
    const container = hasChildren.has(node.id);
    const elk: ElkNode = container
      ? { id: node.id, layoutOptions: containerOptions(node, loops.get(node.id) ?? []), children: [] }
      : { id: node.id, ...leafSize(node) };
    byId.set(node.id, elk);
    const parent = node.parent === null ? root : byId.get(node.parent);
    parent?.children?.push(elk);
  }

  // Initial pseudostates are real layout nodes, so ELK makes room for the dot and its arrow.
  for (const node of graph.nodes) {
    if (!node.initial) continue;
    const parent = node.parent === null ? root : byId.get(node.parent);
    const id = markerId(node.parent);
    parent?.children?.unshift({ id, width: DOT, height: DOT });
    root.edges?.push({ id: `${id}->${node.id}`, sources: [id], targets: [node.id] });
  }

  for (const edge of graph.edges) {
    if (drawnByUs.has(edge.id)) continue;
    root.edges?.push({ id: edge.id, sources: [edge.source], targets: [edge.target], labels: [edgeLabel(edgeCaption(edge))] });
  }
  return root;
}

const round = (v: number): number => Math.round(v * 10) / 10;

function boxOf(elk: ElkNode | ElkLabel): Box {
  return { x: round(elk.x ?? 0), y: round(elk.y ?? 0), width: round(elk.width ?? 0), height: round(elk.height ?? 0) };
}

function pointsOf(edge: ElkExtendedEdge): Point[] {
  const points: Point[] = [];
  for (const section of edge.sections ?? []) {
    for (const p of [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]) points.push({ x: round(p.x), y: round(p.y) });
  }
  return points;
}

function found<T>(map: Map<string, T>, id: string): T {
  const value = map.get(id);
  if (value === undefined) throw new Error(`diagram layout: ELK returned no element '${id}'`);
  return value;
}

function collect(node: ElkNode, into: Map<string, ElkNode>, edges: Map<string, ElkExtendedEdge>): void {
  into.set(node.id, node);
  for (const edge of node.edges ?? []) edges.set(edge.id, edge);
  for (const child of node.children ?? []) collect(child, into, edges);
}

/**
 * Nested arches standing on the container's top border near its right corner (loop i outside loop
 * i - 1), so they stay in the gap above the container; captions sit in the header row just inside,
 * in document order.
 */
function placeLoops(box: Box, loops: DiagramEdge[]): Map<string, Pick<LaidOutEdge, 'points' | 'labelBox'>> {
  const placed = new Map<string, Pick<LaidOutEdge, 'points' | 'labelBox'>>();
  const centre = box.x + box.width - LOOP_INSET - loops.length * LOOP_SPREAD;
  const captions = loops.map((edge) => labelWidth(edgeCaption(edge)));
  let labelLeft = centre - loops.length * LOOP_SPREAD - captions.reduce((sum, w) => sum + w + LOOP_LABEL_GAP, 0);
  loops.forEach((edge, i) => {
    const half = LOOP_SPREAD * (i + 1);
    const top = box.y - archHeight(i + 1);
    const points = [
      { x: centre - half, y: box.y },
      { x: centre - half, y: top },
      { x: centre + half, y: top },
      { x: centre + half, y: box.y },
    ].map((p) => ({ x: round(p.x), y: round(p.y) }));
    const width = captions[i] ?? 0;
    placed.set(edge.id, { points, labelBox: { x: round(labelLeft), y: round(box.y + 4), width, height: LABEL_HEIGHT } });
    labelLeft += width + LOOP_LABEL_GAP;
  });
  return placed;
}

export async function layoutGraph(graph: DiagramGraph): Promise<DiagramLayout> {
  const loops = containerLoops(graph);
  const laid = await new ELK().layout(elkInput(graph, loops));

  // ELK may move an edge into the container it belongs to: look edges up anywhere in the tree.
  const nodes = new Map<string, ElkNode>();
  const edges = new Map<string, ElkExtendedEdge>();
  collect(laid, nodes, edges);

  const laidNodes = graph.nodes.map((n): LaidOutNode => ({ ...n, ...boxOf(found(nodes, n.id)) }));
  const ours = new Map<string, Pick<LaidOutEdge, 'points' | 'labelBox'>>();
  for (const node of laidNodes) {
    for (const [id, placed] of placeLoops(node, loops.get(node.id) ?? [])) ours.set(id, placed);
  }
  const laidEdges = graph.edges.map((e): LaidOutEdge => {
    const placed = ours.get(e.id);
    if (placed) return { ...e, caption: edgeCaption(e), ...placed };
    const elk = found(edges, e.id);
    const label = elk.labels?.[0];
    return { ...e, caption: edgeCaption(e), points: pointsOf(elk), labelBox: label ? boxOf(label) : null };
  });
  const initials = graph.nodes
    .filter((n) => n.initial)
    .map((n): InitialMarker => {
      const id = markerId(n.parent);
      return { parent: n.parent, target: n.id, dot: boxOf(found(nodes, id)), points: pointsOf(found(edges, `${id}->${n.id}`)) };
    });
  return { width: round(laid.width ?? 0), height: round(laid.height ?? 0), nodes: laidNodes, edges: laidEdges, initials };
}
