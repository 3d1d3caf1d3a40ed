import type { Code } from '../../../../shared/model/codebook.ts';
import { codeNamed, inVivoName, maxCodeNameChars, tidyName } from './code-creation.ts';

/** One line of the code palette: a code to apply, or a code to make from the words and apply. */
export type PaletteOption =
  | { readonly kind: 'code'; readonly code: Code }
  /** A code named from the selected words; `existing` when one of that name is already there. */
  | { readonly kind: 'inVivo'; readonly name: string; readonly existing: Code | null }
  | { readonly kind: 'create'; readonly name: string };

export interface PaletteMenu {
  readonly options: readonly PaletteOption[];
  /** The option Enter takes until the arrows move: the best code, else "Create"; −1 for none. */
  readonly preferred: number;
  /** "Create" would be offered but the coder may not add codes (the palette says why). */
  readonly createWithheld: boolean;
}

export interface PaletteMenuInput {
  /** Codes matching the filter, best first (`rankCodes`). */
  readonly ranked: readonly Code[];
  /** The whole codebook, to tell an exact name from a new one. */
  readonly codes: readonly Code[];
  readonly filter: string;
  /** The text the palette will code. */
  readonly selectedText: string;
  /** Whether this coder may add codes to the codebook now (role, project setting, room). */
  readonly canAddCodes: boolean;
  readonly maxCodes: number;
}

/**
 * The palette's options: the best matching codes, then "In vivo: “…”" (a code named from the
 * selected words, when there are any), then "Create “…”" last — offered when the typed name is
 * not a code's name or short name, and only to coders who may add codes. When no code matches,
 * Enter creates.
 *
 * @example
 * paletteMenu({ ranked: [], codes, filter: 'Trust', selectedText: 'we trusted them', canAddCodes: true, maxCodes: 10 })
 * // { options: [{ kind: 'inVivo', name: 'we trusted them', … }, { kind: 'create', name: 'Trust' }], preferred: 1, createWithheld: false }
 */
export function paletteMenu(input: PaletteMenuInput): PaletteMenu {
  const options: PaletteOption[] = input.ranked.slice(0, input.maxCodes).map((code) => ({ kind: 'code', code }));
  const vivo = inVivoName(input.selectedText);
  if (vivo) {
    const existing = codeNamed(input.codes, vivo) ?? null;
    if (existing || input.canAddCodes) options.push({ kind: 'inVivo', name: vivo, existing });
  }
  const typed = tidyName(input.filter).slice(0, maxCodeNameChars);
  const isNew = typed !== '' && codeNamed(input.codes, typed, { shortNames: true }) === undefined;
  if (isNew && input.canAddCodes) options.push({ kind: 'create', name: typed });
  const preferred = options[0]?.kind === 'code' ? 0 : options.findIndex((o) => o.kind === 'create');
  return { options, preferred, createWithheld: isNew && !input.canAddCodes };
}
