import { readFileSync } from 'node:fs';

/*
 * A small reader of the .proto message definitions, for tests that check a request body's field names against the
 * API's own definitions: REST JSON uses each field's lowerCamelCase name (or its json_name option).
 */

export interface ProtoField {
  jsonName: string;
  type: string;
  repeated: boolean;
  map: boolean;
}

export interface ProtoSchema {
  messages: Map<string, Map<string, ProtoField>>;
  enums: Map<string, Set<string>>;
}

const lowerCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

export function loadProto(paths: readonly string[]): ProtoSchema {
  const messages = new Map<string, Map<string, ProtoField>>();
  const enums = new Map<string, Set<string>>();
  for (const path of paths) {
    // Comments out, and option blocks with braces of their own (resource_reference) too, so braces mean scopes.
    const text = readFileSync(path, 'utf8')
      .replace(/\/\/.*$/gm, '')
      .replace(/\(google\.api\.\w+\)\s*=\s*\{[^}]*\}/g, '');
    const stack: Array<{ kind: 'message' | 'enum' | 'other'; name: string }> = [];
    for (const statement of text.split(/(?<=[{};])/)) {
      const trimmed = statement.trim();
      const open = /^(message|enum|oneof|service)\s+(\w+)\s*\{$/.exec(trimmed) ?? (/\{$/.test(trimmed) ? [trimmed, 'other', ''] : null);
      if (open) {
        const kind = open[1] === 'message' ? 'message' : open[1] === 'enum' ? 'enum' : 'other';
        const name = open[2]!;
        if (kind === 'message' && !messages.has(name)) messages.set(name, new Map());
        if (kind === 'enum' && !enums.has(name)) enums.set(name, new Set());
        // A oneof's fields belong to the enclosing message.
        stack.push({ kind: open[1] === 'oneof' ? 'other' : kind, name: open[1] === 'oneof' ? stack.at(-1)?.name ?? '' : name });
        continue;
      }
      if (trimmed.endsWith('}')) {
        stack.pop();
        continue;
      }
      const owner = [...stack].reverse().find((entry) => entry.kind !== 'other' || entry.name !== '');
      if (owner === undefined) continue;
      if (stack.at(-1)?.kind === 'enum') {
        const value = /^(\w+)\s*=\s*\d+/.exec(trimmed);
        if (value) enums.get(stack.at(-1)!.name)!.add(value[1]!);
        continue;
      }
      const field = /^(optional\s+|repeated\s+)?(map<\s*\w+\s*,\s*([\w.]+)\s*>|[\w.]+)\s+(\w+)\s*=\s*\d+([^;]*);$/s.exec(trimmed.replace(/\s+/g, ' '));
      if (!field || field[2] === 'option' || field[2] === 'reserved') continue;
      const messageName = stack.filter((entry) => entry.kind === 'message').at(-1)?.name;
      if (messageName === undefined) continue;
      const jsonName = /json_name\s*=\s*"([^"]+)"/.exec(field[5] ?? '')?.[1] ?? lowerCamel(field[4]!);
      const isMap = field[2]!.startsWith('map<');
      messages.get(messageName)!.set(jsonName, { jsonName, type: (isMap ? field[3]! : field[2]!).split('.').at(-1)!, repeated: field[1]?.trim() === 'repeated', map: isMap });
    }
  }
  return { messages, enums };
}

/** Every path in `value` whose field is not defined for the message `type`, or whose enum value is not defined. */
export function checkMessage(schema: ProtoSchema, type: string, value: unknown, path = '$'): string[] {
  const fields = schema.messages.get(type);
  if (fields === undefined) return [`${path}: unknown message ${type}`];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected an object for ${type}`];
  const problems: string[] = [];
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = fields.get(key);
    if (field === undefined) {
      problems.push(`${path}.${key}: not a field of ${type}`);
      continue;
    }
    const check = (item: unknown, itemPath: string): void => {
      if (schema.messages.has(field.type)) problems.push(...checkMessage(schema, field.type, item, itemPath));
      else if (schema.enums.has(field.type) && !schema.enums.get(field.type)!.has(String(item))) problems.push(`${itemPath}: ${String(item)} is not a ${field.type}`);
    };
    if (['Value', 'Struct'].includes(field.type)) continue;
    if (field.map) for (const [name, item] of Object.entries(fieldValue as object)) check(item, `${path}.${key}.${name}`);
    else if (field.repeated) (fieldValue as unknown[]).forEach((item, index) => check(item, `${path}.${key}[${index}]`));
    else check(fieldValue, `${path}.${key}`);
  }
  return problems;
}
