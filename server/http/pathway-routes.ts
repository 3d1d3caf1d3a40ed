import crypto from 'node:crypto';
import { Hono } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { codebookStageSetId, defaultPathwayOptions, pathwayFormats, pathwayMediaTypes, type CoderMerge, type PathwayFormat, type PathwayInput, type PathwayOptions, type Visibility } from '../../shared/pathways/index.ts';
import type { AgreementService } from '../agreement/agreement-service.ts';
import { BodyCache } from '../agreement/body-cache.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { readProjectPathwaySource } from '../pathways/pathway-source.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs } from './project-access.ts';

/** What the query asks for; `layer` is `coders`, `consensus` or one coder's id. */
interface PathwayQuery {
  readonly layer: string;
  readonly merge: CoderMerge;
  readonly participants: readonly string[] | null;
  readonly options: PathwayOptions;
  readonly visibility: Visibility;
  readonly format: PathwayFormat;
  readonly provenance: boolean;
}

const mergeKinds = { union: 'union', majority: 'majority', intersection: 'intersection', kofn: 'kOfN' } as const;

function oneOf<T extends string>(raw: string | undefined, allowed: readonly T[], field: string, fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ApiError(ApiErrorCode.validation, `${field} must be one of ${allowed.join(', ')}`, field);
  return raw as T;
}

function whole(raw: string | undefined, field: string, min: number, max: number): number | null {
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ApiError(ApiErrorCode.validation, `${field} must be a whole number from ${min} to ${max}`, field);
  return value;
}

/**
 * `stageSet` (the codebook's stage codes: `stages`), `layer=coders|consensus|<userId>`,
 * `merge=union|majority|intersection|kofn` with `k`, `participants` (document ids: the case
 * filter), `orderBy`, `overlapPolicy`, `minSegmentChars`, `minResidualChars`, the visibility
 * filters `minParticipants` and `minStageParticipants`, `format` and `provenance=false`.
 */
function readPathwayQuery(query: Record<string, string>): PathwayQuery {
  oneOf(query.stageSet, [codebookStageSetId], 'stageSet', codebookStageSetId);
  const mergeKind = oneOf(query.merge, Object.keys(mergeKinds) as (keyof typeof mergeKinds)[], 'merge', 'union');
  const k = whole(query.k, 'k', 1, 1000);
  if (mergeKind === 'kofn' && k === null) throw new ApiError(ApiErrorCode.validation, 'merge=kofn needs k, the number of coders who must agree', 'k');
  const merge: CoderMerge = mergeKind === 'kofn' ? { kind: 'kOfN', k: k! } : { kind: mergeKinds[mergeKind] };
  const overlapPolicy = oneOf(query.overlapPolicy, ['start', 'midpoint', 'sweep'] as const, 'overlapPolicy', defaultPathwayOptions.overlapPolicy);
  const orderBy = oneOf(query.orderBy, ['transcript', 'storyTime'] as const, 'orderBy', defaultPathwayOptions.orderBy);
  if (overlapPolicy === 'sweep' && orderBy === 'storyTime') throw new ApiError(ApiErrorCode.validation, 'overlapPolicy=sweep works in transcript order only', 'overlapPolicy');
  const minParticipants = whole(query.minParticipants, 'minParticipants', 1, 1_000_000);
  const minStageParticipants = whole(query.minStageParticipants, 'minStageParticipants', 1, 1_000_000);
  return {
    layer: query.layer ? query.layer.slice(0, 64) : 'coders',
    merge,
    participants: query.participants ? query.participants.split(',').filter(Boolean) : null,
    options: {
      ...defaultPathwayOptions,
      orderBy,
      overlapPolicy,
      minSegmentChars: whole(query.minSegmentChars, 'minSegmentChars', 0, 100_000) ?? defaultPathwayOptions.minSegmentChars,
      minResidualChars: whole(query.minResidualChars, 'minResidualChars', 0, 100_000) ?? defaultPathwayOptions.minResidualChars,
    },
    visibility: { ...(minParticipants !== null && { minParticipants }), ...(minStageParticipants !== null && { minStageParticipants }) },
    format: oneOf(query.format, pathwayFormats, 'format', 'json'),
    provenance: query.provenance !== 'false',
  };
}

/**
 * `GET /api/projects/:id/pathways` — the merged pathway graph of the project's stage codings
 * (spec Feature A), or one of its exports. Members read it as they may read the layers: in a
 * document that is blind now, coders and viewers see only their own layer. Built in the worker;
 * cached per project version, rounds and reader; `ETag` and 304 like the agreement report.
 */
export function pathwayRoutes(deps: { directory: DirectoryStore; registry: DocumentRegistry; store: DocumentStore; agreement: Pick<AgreementService, 'versionOf' | 'runner'> }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const bodies = new BodyCache(32 * 1024 * 1024, 50);

  app.get('/projects/:id/pathways', async (c) => {
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const query = readPathwayQuery(c.req.query());
    const projectId = access.project.id;
    // What the reader may see changes with the rounds' phases (a reveal) as well as the data.
    const rounds = (await deps.directory.listRounds(projectId)).map((r) => `${r.id}:${r.phase}`).join(',');
    const reader = access.role === 'owner' ? 'owner' : `${access.role}:${access.actor.kind === 'member' ? access.actor.userId : ''}`;
    const key = crypto.createHash('sha256').update(JSON.stringify([projectId, reader, rounds, query])).digest('base64url').slice(0, 22);
    const version = deps.agreement.versionOf(projectId);
    const etag = `"${version}:${key}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const body = await bodies.get(key, version, async () => {
      const source = await readProjectPathwaySource(deps.directory, deps.registry, access);
      const single = query.layer !== 'coders' && query.layer !== 'consensus';
      if (single && !source.coders.some((coder) => coder.id === query.layer && coder.id !== 'consensus')) {
        throw new ApiError(ApiErrorCode.validation, 'layer must be coders, consensus or the id of a coder in this project', 'layer');
      }
      const input: PathwayInput = {
        stageSet: source.stageSet,
        parents: source.parents,
        segments: source.segments,
        assignments: source.assignments,
        texts: source.texts,
        request: {
          participants: query.participants ?? 'all',
          layer: query.layer === 'consensus' ? 'consensus' : 'coders',
          ...(single && { coders: [query.layer] }),
          coderMerge: query.merge,
          options: query.options,
        },
      };
      const context = { projectId, eventSeq: await deps.store.historyHead(projectId), generatedAt: new Date().toISOString(), visibility: query.visibility, held: source.held };
      return deps.agreement.runner.run({ kind: 'pathways', input, context, format: query.format, provenance: query.provenance });
    });
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    c.header('Content-Type', `${pathwayMediaTypes[query.format]}; charset=utf-8`);
    return c.body(body);
  });
  return app;
}
