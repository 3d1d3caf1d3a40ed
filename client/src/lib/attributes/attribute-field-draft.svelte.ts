import type { AttributeField, AttributeType } from '../../../../shared/model/attributes.ts';

/** "Years of experience" → "years_of_experience": a key for a new field, unique among `taken`. */
export function keyForLabel(label: string, taken: ReadonlySet<string>): string {
  const base = label.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 36) || 'field';
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}_${i}`;
  return key;
}

/** The add/edit form of one attribute field: what is typed, turned into a field on save. */
export class AttributeFieldDraft {
  label = $state('');
  type = $state<AttributeType>('text');
  /** Category options, one per line or comma separated. */
  options = $state('');

  constructor(readonly editing: AttributeField | null) {
    if (!editing) return;
    this.label = editing.label;
    this.type = editing.type;
    this.options = (editing.options ?? []).join(', ');
  }

  /** The field to save; its key is kept when editing, derived from the label when adding. */
  toField(existingKeys: readonly string[]): AttributeField {
    const key = this.editing?.key ?? keyForLabel(this.label, new Set(existingKeys));
    const options = this.options.split(/[,\n]/).map((o) => o.trim()).filter(Boolean);
    return this.type === 'category' ? { key, label: this.label, type: 'category', options } : { key, label: this.label, type: this.type };
  }
}
