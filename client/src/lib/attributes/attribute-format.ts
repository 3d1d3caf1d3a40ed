import type { AttributeField, AttributeValue } from '../../../../shared/model/attributes.ts';

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

/** A value as the documents table shows it: numbers in the reader's locale, missing values empty. */
export function formatAttributeValue(value: AttributeValue | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? numberFormat.format(value) : value;
}

/** The text an editor starts from: numbers unformatted, so they read back as typed. */
export function attributeDraft(value: AttributeValue | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/** "Number", "Category: coach, manager" — the type of a field in words. */
export function describeAttributeType(field: AttributeField): string {
  if (field.type === 'category') return `Category: ${(field.options ?? []).join(', ')}`;
  return field.type === 'number' ? 'Number' : 'Text';
}
