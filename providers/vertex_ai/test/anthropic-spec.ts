import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAPIValidator, specsDir, type OpenAPIValidator } from '@switchyard/core/testing';

/*
 * Test support: Anthropic's Stainless OpenAPI document (Nov 2024) for checking the Messages bodies sent to Claude on
 * Vertex. core's openAPIValidator cannot compile it as it is: its `Model` schema says `type: null` (YAML null, not
 * "null") beside an anyOf, which ajv rejects. A copy without those lines is checked instead; nothing else changes.
 * The document predates extended thinking and output_config; bodies using those cannot be checked against it.
 */
export function anthropicSpecValidator(): OpenAPIValidator {
  const text = readFileSync(join(specsDir(), 'anthropic', 'anthropic-openapi.stainless-2024-11.yaml'), 'utf8');
  const path = join(mkdtempSync(join(tmpdir(), 'vertex-anthropic-spec-')), 'anthropic-openapi.yaml');
  writeFileSync(path, text.replace(/^[ \t]+type: null[ \t]*\r?\n/gm, ''));
  return openAPIValidator(path);
}
