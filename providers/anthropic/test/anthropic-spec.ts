import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { specsDir } from '@switchyard/core/testing';
import { parse as parseYaml } from 'yaml';

/*
 * Checks values against the component schemas of Anthropic's Stainless OpenAPI document (Nov 2024). core's
 * openAPIValidator cannot compile it as is: its `Model` schema says `type: null` (YAML null, not "null") beside an
 * anyOf, which ajv rejects. That one keyword is removed here; nothing else is changed.
 *
 * The document predates extended thinking, URL image sources, text and file document sources, tool `strict`,
 * output_config and the `none` tool choice: bodies using those cannot be checked against it, and the tests say so.
 */

type Node = Record<string, unknown>;

function withoutNullType(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNullType);
  if (typeof node !== 'object' || node === null) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === 'type' && value === null) continue;
    out[key] = withoutNullType(value);
  }
  return out;
}

const document = parseYaml(readFileSync(join(specsDir(), 'anthropic', 'anthropic-openapi.stainless-2024-11.yaml'), 'utf8'), { maxAliasCount: -1 }) as { components: unknown };
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, discriminator: false });
ajv.addSchema({ $id: 'anthropic', components: withoutNullType(document.components) } as object);

/** The problems of `value` against `#/components/schemas/<name>`; [] when it conforms. */
export function checkAnthropicSchema(name: string, value: unknown): string[] {
  const validate = ajv.getSchema(`anthropic#/components/schemas/${name}`);
  if (validate === undefined) throw new Error(`the Anthropic spec has no schema ${name}`);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
