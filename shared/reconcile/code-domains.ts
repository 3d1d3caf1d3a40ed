/** The part of a codebook entry that decides how its codings are compared (SPEC RC1). */
export interface DomainCode {
  readonly id: string;
  readonly parentId: string | null;
  readonly isStage: boolean;
  readonly domain: string | null;
}

/** Where a code's codings are compared, and as which code. */
export interface CodeDomain {
  /** `stages`, `domain:<name>` or `code:<id>`. */
  readonly domainId: string;
  /** Exclusive domains compare several codes with each other; a binary domain holds one code. */
  readonly exclusive: boolean;
  /** The code a coding counts as: the nearest stage ancestor in the stage domain, else itself. */
  readonly codeId: string;
}

export const stageDomainId = 'stages';

/**
 * Each code's domain (SPEC RC1): stage codes and everything below them form the exclusive
 * `stages` domain, counted as their nearest stage ancestor; codes sharing a codebook `domain` form
 * an exclusive domain; any other code is its own binary domain. Cycle-safe (concurrent moves can
 * make parent cycles).
 *
 * @example
 * codeDomains([{ id: 'push', parentId: null, isStage: true, domain: null }, { id: 'kit', parentId: 'push', isStage: false, domain: null }])
 *   .get('kit') // { domainId: 'stages', exclusive: true, codeId: 'push' }
 */
export function codeDomains(codes: readonly DomainCode[]): Map<string, CodeDomain> {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const domains = new Map<string, CodeDomain>();
  for (const code of codes) {
    const seen = new Set<string>();
    let stage: DomainCode | null = null;
    for (let at: DomainCode | undefined = code; at && !seen.has(at.id); at = at.parentId === null ? undefined : byId.get(at.parentId)) {
      seen.add(at.id);
      if (at.isStage) {
        stage = at;
        break;
      }
    }
    if (stage) domains.set(code.id, { domainId: stageDomainId, exclusive: true, codeId: stage.id });
    else if (code.domain) domains.set(code.id, { domainId: `domain:${code.domain}`, exclusive: true, codeId: code.id });
    else domains.set(code.id, { domainId: `code:${code.id}`, exclusive: false, codeId: code.id });
  }
  return domains;
}
