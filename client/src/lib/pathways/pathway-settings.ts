/** The coder-merge rules the page offers (spec §2.4); `kofn` stays an API option for now. */
export const MergeRule = { union: 'union', majority: 'majority', intersection: 'intersection' } as const;
export type MergeRule = (typeof MergeRule)[keyof typeof MergeRule];

export const mergeRuleLabels: Readonly<Record<MergeRule, string>> = {
  union: 'Union: any coder',
  majority: 'Majority of coders',
  intersection: 'Intersection: every coder',
};

/** `coders` (each coder's pathway, merged by the rule), `consensus`, or one coder's user id. */
export type PathwayLayer = 'coders' | 'consensus' | (string & {});

/** The three views of one graph (spec §2.7): the pathway map, the step Sankey and the lanes. */
export const PathwayViewKind = { map: 'map', steps: 'steps', lanes: 'lanes' } as const;
export type PathwayViewKind = (typeof PathwayViewKind)[keyof typeof PathwayViewKind];

export const pathwayViewLabels: Readonly<Record<PathwayViewKind, string>> = { map: 'Map', steps: 'Steps', lanes: 'Lanes' };

/** What the pathway page shows, as the address keeps it (`?layer=&merge=&min=&view=&participant=`). */
export interface PathwaySettings {
  readonly layer: PathwayLayer;
  readonly merge: MergeRule;
  /** The visibility filter `minParticipants`: hides thin transitions, never changes the counts. */
  readonly minParticipants: number | null;
  /** Which view draws the graph; the map by default. */
  readonly view: PathwayViewKind;
  /** The lanes' participant (a document id); null: the first document. */
  readonly participant: string | null;
}

export const defaultPathwaySettings: PathwaySettings = { layer: 'coders', merge: 'union', minParticipants: null, view: 'map', participant: null };

const rules = new Set<string>(Object.values(MergeRule));
const views = new Set<string>(Object.values(PathwayViewKind));
const maxThreshold = 1_000_000;

function readThreshold(raw: string | null): number | null {
  if (raw === null || !/^\d{1,7}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 2 && value <= maxThreshold ? value : null;
}

/**
 * The settings an address asks for; anything malformed falls back to the default rather than
 * being refused (a threshold of 1 shows everything, so it is the default too).
 *
 * @example
 * readPathwaySettings(new URLSearchParams('layer=consensus&min=2')) // { layer: 'consensus', merge: 'union', minParticipants: 2, view: 'map', participant: null }
 */
export function readPathwaySettings(search: URLSearchParams): PathwaySettings {
  const layer = search.get('layer')?.trim().slice(0, 64) || 'coders';
  const merge = search.get('merge');
  const view = search.get('view');
  return {
    layer,
    merge: merge && rules.has(merge) ? (merge as MergeRule) : 'union',
    minParticipants: readThreshold(search.get('min')),
    view: view && views.has(view) ? (view as PathwayViewKind) : 'map',
    participant: search.get('participant')?.trim().slice(0, 128) || null,
  };
}

/** The address's query for the settings: only what differs from the default, in a stable order. */
export function writePathwaySettings(settings: PathwaySettings): URLSearchParams {
  const search = new URLSearchParams();
  if (settings.layer !== 'coders') search.set('layer', settings.layer);
  if (settings.merge !== 'union') search.set('merge', settings.merge);
  if (settings.minParticipants !== null && settings.minParticipants > 1) search.set('min', String(settings.minParticipants));
  if (settings.view !== 'map') search.set('view', settings.view);
  if (settings.participant) search.set('participant', settings.participant);
  return search;
}

/**
 * The server's query (docs/api.md, `GET /pathways`) for the settings, without `format`. The rule
 * matters only when coders are merged, so it is left out otherwise (one ETag per distinct graph).
 *
 * @example
 * pathwayQuery({ layer: 'coders', merge: 'majority', minParticipants: 2 }) // 'layer=coders&merge=majority&minParticipants=2'
 */
export function pathwayQuery(settings: Pick<PathwaySettings, 'layer' | 'merge' | 'minParticipants'>): string {
  const search = new URLSearchParams({ layer: settings.layer });
  if (settings.layer === 'coders') search.set('merge', settings.merge);
  if (settings.minParticipants !== null && settings.minParticipants > 1) search.set('minParticipants', String(settings.minParticipants));
  return search.toString();
}

/** True when the two settings show the same thing (the same graph, in the same view). */
export function sameSettings(a: PathwaySettings, b: PathwaySettings): boolean {
  return a.layer === b.layer && a.merge === b.merge && a.minParticipants === b.minParticipants && a.view === b.view && a.participant === b.participant;
}
