import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describeErrors } from '../config/create-ajv.js';

export interface OpenAPIValidator {
  /** The problems of `value` against `#/components/schemas/<schemaName>`; an empty list when it conforms. */
  check(schemaName: string, value: unknown): string[];
}

const cache = new Map<string, OpenAPIValidator>();

/**
 * Checks values against the component schemas of an OpenAPI 3.1 document (shared/specs/openai-openapi.yaml and the
 * others), so tests prove what the gateway sends and returns matches the provider's own spec.
 */
export function openAPIValidator(specPath: string): OpenAPIValidator {
  const cached = cache.get(specPath);
  if (cached) return cached;
  const text = readFileSync(specPath, 'utf8');
  const document = (specPath.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })) as { components: unknown };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, discriminator: false });
  ajv.addKeyword('x-oaiMeta').addKeyword('x-oaiTypeLabel').addKeyword('x-oaiExpandable').addKeyword('x-stainless-const');
  ajv.addSchema({ $id: 'spec', components: asJsonSchema(document.components) } as object);
  const validator: OpenAPIValidator = {
    check(schemaName, value) {
      const validate = ajv.getSchema(`spec#/components/schemas/${schemaName}`);
      if (!validate) throw new Error(`${specPath} has no schema ${schemaName}`);
      return validate(value) ? [] : describeErrors(validate.errors ?? []);
    },
  };
  cache.set(specPath, validator);
  return validator;
}

/**
 * Two things some OpenAPI 3.1 documents carry that ajv rejects, rewritten as the JSON Schema they mean:
 * - OpenAPI 3.0's `nullable: true` (OpenAI's document): `null` is added to the allowed types, so it validates where
 *   the spec allows it.
 * - `type: null`, a YAML null rather than the string "null" (Anthropic's Stainless document, beside an `anyOf` in
 *   `Model`): it says nothing, so it is dropped and the schema's other keywords decide.
 */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'type' && value === null) continue;
    out[key] = asJsonSchema(value);
  }
  if (nullable !== true) return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
  if (Array.isArray(out.type)) return out.type.includes('null') ? out : { ...out, type: [...out.type, 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}
