import { describe, expect, it } from 'vitest';
import type { Code } from '../../../../shared/model/codebook.ts';
import { codeNamed, findInVivoParent, inVivoName, inVivoParentId, paletteCode, planInVivo } from './code-creation.ts';
import { paletteMenu } from './palette-options.ts';

function code(id: string, name: string, extra: Partial<Code> = {}): Code {
  return {
    id,
    name,
    shortName: '',
    colour: '#E69F00',
    parentId: null,
    order: 1,
    definition: '',
    inclusion: '',
    exclusion: '',
    examples: [],
    isStage: false,
    stageOrder: null,
    domain: null,
    createdAt: '',
    createdBy: 'u0',
    ...extra,
  };
}

const made = { id: 'new1', userId: 'u1', now: new Date('2025-01-02T03:04:05Z') };
const codes = [code('push', 'Push', { shortName: 'PSH', colour: '#E69F00', domain: 'Support' }), code('pull', 'Pull', { colour: '#56B4E9', order: 2 })];

describe('in-vivo names', () => {
  it('collapses whitespace and trims', () => {
    expect(inVivoName('  they pushed\n\n a   toolkit ')).toBe('they pushed a toolkit');
  });

  it('strips quotation marks but keeps apostrophes inside words', () => {
    expect(inVivoName('“we didn’t ask for it”')).toBe('we didn’t ask for it');
    expect(inVivoName('"it\'s ours" she said')).toBe('it\'s ours she said');
    expect(inVivoName('‘proper’')).toBe('proper');
  });

  it('cuts at 60 characters on a word boundary, marking the cut', () => {
    const name = inVivoName('Later we asked them for help with our referral numbers, and then we built the plan together');
    expect(name).toBe('Later we asked them for help with our referral numbers, and…');
    expect(name).toHaveLength(60);
    // A comma left at the cut goes too.
    expect(inVivoName('Later we asked them for help with our referral numbers, then we built it')).toBe('Later we asked them for help with our referral numbers…');
  });

  it('cuts a single overlong word at 59 characters plus the ellipsis', () => {
    const name = inVivoName('x'.repeat(80));
    expect(name).toBe(`${'x'.repeat(59)}…`);
  });

  it('keeps a name of exactly 60 characters whole', () => {
    const text = `${'a'.repeat(29)} ${'b'.repeat(30)}`;
    expect(inVivoName(text)).toBe(text);
  });

  it('is empty for quotes and spaces alone', () => {
    expect(inVivoName(' “ ” ')).toBe('');
  });
});

describe('codes made from the palette', () => {
  it('finds a code by its name whatever the case, accents and spacing, and by short name on request', () => {
    expect(codeNamed(codes, '  push ')?.id).toBe('push');
    expect(codeNamed([code('u', 'Übergang')], 'ubergang')?.id).toBe('u');
    expect(codeNamed(codes, 'psh')).toBeUndefined();
    expect(codeNamed(codes, 'psh', { shortNames: true })?.id).toBe('push');
  });

  it('takes the least-used colour, goes last among its siblings and inherits the domain', () => {
    const made1 = paletteCode({ name: '  Trust  building ', parentId: null }, codes, made);
    expect(made1).toMatchObject({ id: 'new1', name: 'Trust building', colour: '#009E73', parentId: null, order: 3, createdBy: 'u1', createdAt: '2025-01-02T03:04:05.000Z' });
    const child = paletteCode({ name: 'Toolkit', parentId: 'push' }, codes, made);
    expect(child).toMatchObject({ parentId: 'push', order: 1, domain: 'Support' });
  });

  it('puts a new in-vivo code under a new "In vivo" parent, made once', () => {
    const first = planInVivo('“pushed a toolkit”', codes, made);
    expect(first.add.map((c) => c.name)).toEqual(['In vivo', 'pushed a toolkit']);
    expect(first.add[0]!.id).toBe(inVivoParentId);
    expect(first.code).toMatchObject({ name: 'pushed a toolkit', parentId: inVivoParentId });
    // The two new codes get different colours.
    expect(first.add[0]!.colour).not.toBe(first.add[1]!.colour);
    const after = [...codes, ...first.add];
    const second = planInVivo('the plan together', after, { ...made, id: 'new2' });
    expect(second.add.map((c) => c.name)).toEqual(['the plan together']);
    expect(second.code?.parentId).toBe(inVivoParentId);
  });

  it('reuses an "In vivo" code made by hand, and an in-vivo code of the same name', () => {
    const byHand = [...codes, code('mine', 'In Vivo')];
    expect(findInVivoParent(byHand)?.id).toBe('mine');
    expect(planInVivo('x y', byHand, made).code?.parentId).toBe('mine');
    const existing = [...byHand, code('said', 'pushed a toolkit', { parentId: 'mine' })];
    expect(planInVivo('Pushed  a toolkit', existing, made)).toEqual({ code: existing[3], add: [] });
  });

  it('makes nothing from a selection without words', () => {
    expect(planInVivo(' " ', codes, made)).toEqual({ code: null, add: [] });
  });
});

describe('the palette menu', () => {
  const base = { codes, ranked: codes, filter: '', selectedText: 'they pushed', canAddCodes: true, maxCodes: 10 };

  it('lists codes, then in vivo; Enter takes the best code', () => {
    const menu = paletteMenu(base);
    expect(menu.options.map((o) => o.kind)).toEqual(['code', 'code', 'inVivo']);
    expect(menu.preferred).toBe(0);
  });

  it('offers "Create" last for a name that is no code’s, preferred when no code matches', () => {
    const partly = paletteMenu({ ...base, filter: 'Pu', ranked: codes });
    expect(partly.options.at(-1)).toEqual({ kind: 'create', name: 'Pu' });
    expect(partly.preferred).toBe(0);
    const none = paletteMenu({ ...base, filter: ' Trust   me ', ranked: [] });
    expect(none.options.map((o) => o.kind)).toEqual(['inVivo', 'create']);
    expect(none.options[none.preferred]).toEqual({ kind: 'create', name: 'Trust me' });
  });

  it('does not offer "Create" for an existing name or short name', () => {
    expect(paletteMenu({ ...base, filter: 'push', ranked: [codes[0]!] }).options.some((o) => o.kind === 'create')).toBe(false);
    expect(paletteMenu({ ...base, filter: 'PSH', ranked: [codes[0]!] }).options.some((o) => o.kind === 'create')).toBe(false);
  });

  it('withholds new codes from a coder who may not add them, and says so', () => {
    const menu = paletteMenu({ ...base, filter: 'Trust', ranked: [], canAddCodes: false });
    expect(menu.options).toEqual([]);
    expect(menu.preferred).toBe(-1);
    expect(menu.createWithheld).toBe(true);
    // An in-vivo code that exists already is only applied, so it stays on offer.
    const existing = paletteMenu({ ...base, codes: [...codes, code('tp', 'they pushed')], canAddCodes: false });
    expect(existing.options.at(-1)).toMatchObject({ kind: 'inVivo', existing: { id: 'tp' } });
  });
});
