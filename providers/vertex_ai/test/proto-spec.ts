import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAPIValidator, specsDir, type OpenAPIValidator } from '@switchyard/core/testing';

/*
 * Test support: Vertex AI publishes its REST API as protobuf (shared/specs/gemini/proto/aiplatform-v1), and its JSON
 * is the proto3 JSON mapping of those messages. This turns the messages of the given files into the JSON Schemas of
 * that mapping (lowerCamelCase names, the original names also accepted as proto3 JSON parsers do; enums by name;
 * int64 as number or string; no unknown fields), written as the components of an OpenAPI document, so core's
 * openAPIValidator (ajv) can check a request body against e.g. `GenerateContentRequest`. Types from files not in the
 * snapshot (and google.protobuf.Struct/Value) validate as anything.
 * @see https://protobuf.dev/programming-guides/json/
 */

interface ProtoField {
  name: string;
  type: string;
  repeated: boolean;
  map?: { key: string; value: string };
}

interface ProtoType {
  kind: 'message' | 'enum';
  fields: ProtoField[];
  values: string[];
}

const scalars: Record<string, object> = {
  string: { type: 'string' },
  bool: { type: 'boolean' },
  bytes: { type: 'string' },
  double: { anyOf: [{ type: 'number' }, { enum: ['NaN', 'Infinity', '-Infinity'] }] },
  float: { anyOf: [{ type: 'number' }, { enum: ['NaN', 'Infinity', '-Infinity'] }] },
  int32: { type: 'integer' },
  uint32: { type: 'integer' },
  sint32: { type: 'integer' },
  fixed32: { type: 'integer' },
  int64: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?\\d+$' }] },
  uint64: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+$' }] },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?\\d+(\\.\\d+)?s$' },
  'google.protobuf.Timestamp': { type: 'string' },
  'google.protobuf.Struct': { type: 'object' },
  'google.protobuf.ListValue': { type: 'array' },
  'google.protobuf.Value': {},
};

function tokenize(text: string): string[] {
  // Strings first, so a URL's `//` inside one is not taken for a comment.
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|\/\*[\s\S]*?\*\/|\/\/[^\n]*|[A-Za-z_][\w.]*|\d+|[{}[\]<>=;,()]|\S/g) ?? [];
  return tokens.filter((token) => !token.startsWith('//') && !token.startsWith('/*'));
}

/** Parses the messages and enums of proto files into `types`, keyed by their dotted path within the package. */
function parseProto(text: string, types: Map<string, ProtoType>): void {
  const tokens = tokenize(text);
  let position = 0;
  const next = () => tokens[position++];
  const peek = () => tokens[position];
  const skipStatement = () => {
    let depth = 0;
    while (position < tokens.length) {
      const token = next();
      if (token === '{' || token === '[' || token === '(') depth++;
      else if (token === '}' || token === ']' || token === ')') depth--;
      else if (token === ';' && depth === 0) return;
    }
  };
  const skipBlock = () => {
    let depth = 0;
    do {
      const token = next();
      if (token === '{') depth++;
      else if (token === '}') depth--;
    } while (depth > 0 && position < tokens.length);
  };

  const parseBody = (scope: string, type: ProtoType | undefined): void => {
    while (position < tokens.length && peek() !== '}') {
      const token = next();
      if (token === 'message' || token === 'enum') {
        const name = `${scope}${next()}`;
        const created: ProtoType = { kind: token, fields: [], values: [] };
        types.set(name, created);
        next(); // {
        parseBody(`${name}.`, created);
        next(); // }
      } else if (token === 'oneof') {
        next(); // name
        next(); // {
        parseBody(scope, type);
        next(); // }
      } else if (token === 'service' || token === 'extend') {
        next();
        skipBlock();
      } else if (['syntax', 'package', 'import', 'option', 'reserved', 'extensions'].includes(token)) {
        skipStatement();
      } else if (token === ';') {
        continue;
      } else if (type?.kind === 'enum') {
        type.values.push(token);
        skipStatement();
      } else if (type?.kind === 'message') {
        let repeated = false;
        let fieldType = token;
        if (token === 'repeated' || token === 'optional' || token === 'required') {
          repeated = token === 'repeated';
          fieldType = next();
        }
        let map: ProtoField['map'];
        if (fieldType === 'map') {
          next(); // <
          const key = next();
          next(); // ,
          const value = next();
          next(); // >
          map = { key, value };
        }
        const name = next();
        type.fields.push({ name, type: map ? 'map' : fieldType, repeated, ...(map ? { map } : {}) });
        skipStatement();
      } else {
        skipStatement();
      }
    }
  };
  parseBody('', undefined);
}

function lowerCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function resolve(typeName: string, scope: string, types: Map<string, ProtoType>): string | undefined {
  const bare = typeName.replace(/^\.?google\.cloud\.aiplatform\.v1\./, '');
  const parts = scope.split('.');
  for (let length = parts.length; length >= 0; length--) {
    const candidate = [...parts.slice(0, length), bare].filter((part) => part !== '').join('.');
    if (types.has(candidate)) return candidate;
  }
  return undefined;
}

function schemaOfType(typeName: string, scope: string, types: Map<string, ProtoType>): object {
  if (scalars[typeName]) return scalars[typeName];
  const found = resolve(typeName, scope, types);
  return found === undefined ? {} : { $ref: `#/components/schemas/${found}` };
}

function toSchemas(types: Map<string, ProtoType>): Record<string, object> {
  const schemas: Record<string, object> = {};
  for (const [name, type] of types) {
    if (type.kind === 'enum') {
      schemas[name] = { anyOf: [{ enum: type.values }, { type: 'integer' }] };
      continue;
    }
    const properties: Record<string, object> = {};
    for (const field of type.fields) {
      let schema = field.map ? { type: 'object', additionalProperties: schemaOfType(field.map.value, name, types) } : schemaOfType(field.type, name, types);
      if (field.repeated) schema = { type: 'array', items: schema };
      properties[lowerCamel(field.name)] = schema;
      properties[field.name] = schema;
    }
    schemas[name] = { type: 'object', additionalProperties: false, properties };
  }
  return schemas;
}

/** A validator over the messages of the given aiplatform-v1 proto files. */
export function vertexProtoValidator(files: readonly string[] = ['prediction_service.proto', 'content.proto', 'tool.proto', 'openapi.proto']): OpenAPIValidator {
  const types = new Map<string, ProtoType>();
  for (const file of files) parseProto(readFileSync(join(specsDir(), 'gemini', 'proto', 'aiplatform-v1', file), 'utf8'), types);
  const path = join(mkdtempSync(join(tmpdir(), 'vertex-proto-')), 'aiplatform-v1.json');
  writeFileSync(path, JSON.stringify({ openapi: '3.1.0', components: { schemas: toSchemas(types) } }));
  return openAPIValidator(path);
}
