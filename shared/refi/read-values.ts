import { datePattern, dateTimePattern } from './model-check.ts';
import type { ReadReport } from './read-report.ts';
import { RefiVariableType, type RefiVariable, type RefiVariableValue } from './refi-model.ts';
import { childrenByName, guidAttribute } from './xml-access.ts';
import type { XmlElement } from './xml-tree.ts';

/**
 * Reads `VariableValue` elements (of a case or a source). A value is read as its variable's type,
 * whichever value element holds it (tools are not always consistent); a value of an unknown
 * variable, or one that is not a value of that type, is listed in `skipped`. An empty
 * `VariableValue` records no value and is passed over.
 */
export function readVariableValues(elements: readonly XmlElement[], variables: ReadonlyMap<string, RefiVariable>, report: ReadReport, owner: string): RefiVariableValue[] {
  const values: RefiVariableValue[] = [];
  const valueNames = ['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue'];
  for (const element of elements) {
    const groups = childrenByName(element, ['VariableRef', ...valueNames], report);
    const variableGuid = groups.VariableRef?.[0] ? guidAttribute(groups.VariableRef[0], 'targetGUID') : null;
    const variable = variableGuid === null ? undefined : variables.get(variableGuid);
    const valueElement = valueNames.map((name) => groups[name]?.[0]).find((e) => e !== undefined);
    if (!valueElement) continue; // an empty VariableValue records no value
    if (!variable) {
      report.skip('value', owner, `A value refers to a variable (${variableGuid ?? 'none'}) that is not in the project.`);
      continue;
    }
    const value = coerceValue(variable.type, valueElement.text);
    if (value === null) {
      report.skip('value', `${owner}: ${variable.name}`, `"${valueElement.text.trim()}" is not a valid ${variable.type} value.`);
      continue;
    }
    values.push({ variableGuid: variable.guid, value });
  }
  return values;
}

/** A value's text as its variable's type (tools are not always consistent); null when it is not one. */
function coerceValue(type: RefiVariableType, raw: string): string | number | boolean | null {
  const text = raw.trim();
  switch (type) {
    case RefiVariableType.text:
      return raw;
    case RefiVariableType.boolean:
      return /^(true|1)$/i.test(text) ? true : /^(false|0)$/i.test(text) ? false : null;
    case RefiVariableType.integer:
      if (!/^[+-]?\d+$/.test(text)) return null;
      return Number.isSafeInteger(Number(text)) ? Number(text) : text;
    case RefiVariableType.float: {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
      const number = Number(text);
      return Number.isFinite(number) ? number : null;
    }
    case RefiVariableType.date:
      if (datePattern.test(text)) return text;
      return dateTimePattern.test(text) ? text.slice(0, text.indexOf('T')) : null;
    case RefiVariableType.dateTime:
      if (dateTimePattern.test(text)) return text;
      return datePattern.test(text) ? `${text}T00:00:00` : null;
  }
}
