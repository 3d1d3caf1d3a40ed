import { leastUsedCodeColour, type Code } from '../../../../shared/model/codebook.ts';
import { normalise } from './code-list.ts';

/**
 * Codes made from the coding view's palette: a code named as typed ("Create “…”"), and in-vivo
 * codes named from the participant's own words, kept under one "In vivo" parent. Pure: the view
 * writes what these return.
 */

/** Longest in-vivo code name, the ellipsis included. */
export const maxInVivoChars = 60;
/** Longest name a code made from the palette gets (as the "New code" dialog allows). */
export const maxCodeNameChars = 120;
/**
 * The "In vivo" parent has a fixed id, so two coders making their first in-vivo codes at the same
 * moment write the same parent (one entry in the codebook's map) instead of two.
 */
export const inVivoParentId = 'in-vivo';
export const inVivoParentName = 'In vivo';

/** Whitespace collapsed and trimmed: how a typed or selected name is compared and stored. */
export function tidyName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/**
 * The code named `name` (case, accents and spacing ignored) — or, with `shortNames`, whose short
 * name it is; undefined if none.
 *
 * @example
 * codeNamed(codes, '  push ')                      // the code "Push"
 * codeNamed(codes, 'psh', { shortNames: true })    // the code "Push" (short name PSH)
 */
export function codeNamed(codes: readonly Code[], name: string, options: { readonly shortNames?: boolean } = {}): Code | undefined {
  const wanted = normalise(tidyName(name));
  if (!wanted) return undefined;
  const byName = codes.find((c) => normalise(tidyName(c.name)) === wanted);
  if (byName || !options.shortNames) return byName;
  return codes.find((c) => c.shortName !== '' && normalise(c.shortName) === wanted);
}

/**
 * A code name from selected transcript text: whitespace collapsed, quotation marks removed
 * (apostrophes inside words stay), and cut on a word boundary to at most `max` characters, an
 * ellipsis marking the cut. Empty when nothing but quotes and spaces was selected.
 *
 * @example
 * inVivoName('  “they pushed\n a toolkit on us”  ') // 'they pushed a toolkit on us'
 * inVivoName('we didn’t ask')                        // 'we didn’t ask'
 */
export function inVivoName(text: string, max = maxInVivoChars): string {
  let name = tidyName(text.replace(/["“”„‟«»‹›〝〞＂]/g, ' '));
  name = name.replace(/^['‘’‚‛`´]+|['‘’‚‛`´]+$/g, '').trim();
  if (name.length <= max) return name;
  // Keep whole words that fit in max − 1 characters (the ellipsis takes the last one).
  const space = name.lastIndexOf(' ', max - 1);
  let kept = space > 0 ? name.slice(0, space) : name.slice(0, max - 1);
  kept = kept.replace(/[\s,;:–—-]+$/u, '');
  return `${kept}…`;
}

/** The "In vivo" parent: by its fixed id, else a top-level code of that name (made by hand). */
export function findInVivoParent(codes: readonly Code[]): Code | undefined {
  const plain = (s: string) => normalise(s).replace(/[^\p{L}]/gu, '');
  return codes.find((c) => c.id === inVivoParentId) ?? codes.find((c) => c.parentId === null && plain(c.name) === 'invivo');
}

export interface CodeMade {
  readonly id: string;
  readonly userId: string;
  readonly now: Date;
}

/**
 * A code made from the palette: named as given (tidied, at most `maxCodeNameChars`), last among
 * its siblings, in its parent's domain, with the palette colour fewest codes use, so it stands
 * apart from the others while one is free. Definition and the rest are added in the codebook.
 *
 * @example
 * paletteCode({ name: 'Trust', parentId: null }, codes, { id: 'c9', userId: 'u1', now: new Date() })
 */
export function paletteCode(fields: { readonly name: string; readonly parentId: string | null; readonly definition?: string }, codes: readonly Code[], made: CodeMade): Code {
  const parent = fields.parentId === null ? undefined : codes.find((c) => c.id === fields.parentId);
  const parentId = parent ? parent.id : null;
  const siblings = codes.filter((c) => c.parentId === parentId);
  return {
    id: made.id,
    name: tidyName(fields.name).slice(0, maxCodeNameChars),
    shortName: '',
    colour: leastUsedCodeColour(codes),
    parentId,
    order: Math.max(0, ...siblings.map((c) => c.order)) + 1,
    definition: fields.definition ?? '',
    inclusion: '',
    exclusion: '',
    examples: [],
    isStage: false,
    stageOrder: null,
    domain: parent?.domain ?? null,
    createdAt: made.now.toISOString(),
    createdBy: made.userId,
  };
}

/**
 * What in-vivo coding `text` writes to the codebook, in order: the "In vivo" parent when it is
 * missing, then the code named from the words — or nothing new when a code of that name exists
 * already (it is reused, wherever it sits). `code` is the code to apply; null when the text has no words.
 *
 * @example
 * planInVivo('they pushed a toolkit', [], { id: 'c1', userId: 'u1', now })
 * // { code: { id: 'c1', name: 'they pushed a toolkit', parentId: 'in-vivo', … }, add: [inVivoParent, code] }
 */
export function planInVivo(text: string, codes: readonly Code[], made: CodeMade): { readonly code: Code | null; readonly add: readonly Code[] } {
  const name = inVivoName(text);
  if (!name) return { code: null, add: [] };
  const existing = codeNamed(codes, name);
  if (existing) return { code: existing, add: [] };
  const add: Code[] = [];
  let parent = findInVivoParent(codes);
  if (!parent) {
    parent = paletteCode({ name: inVivoParentName, parentId: null, definition: 'Codes named with the participants’ own words.' }, codes, { ...made, id: inVivoParentId });
    add.push(parent);
  }
  const code = paletteCode({ name, parentId: parent.id }, [...codes, ...add], made);
  add.push(code);
  return { code, add };
}
