/*
 * JSON Schema for Gemini's `parametersJsonSchema` and `responseJsonSchema`. Both fields are google.protobuf.Value, so
 * the API takes JSON Schema as written (type names in lower case, additionalProperties, $defs/$ref, anyOf, …) and no
 * OpenAPI-subset conversion is needed: constraints are passed on, not dropped.
 *
 * The one keyword removed is `$schema` at any depth: it names the dialect and constrains nothing, and it is the keyword
 * Gemini's older schema parser is known to reject ("Unknown name \"$schema\""), so sending it can only fail.
 * @see https://ai.google.dev/api/caching#FunctionDeclaration (parametersJsonSchema)
 * @see https://ai.google.dev/api/generate-content#generationconfig (responseJsonSchema)
 */

/** A copy of `schema` without `$schema` keywords; everything else is kept as written. */
export function toGeminiJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGeminiJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    // Values of `enum`, `const`, `default` and `examples` are data, not schemas: copied untouched.
    if (dataKeywords.has(key)) copy[key] = value;
    else if (namedSchemaKeywords.has(key)) copy[key] = mapNamedSchemas(value);
    else copy[key] = toGeminiJsonSchema(value);
  }
  return copy;
}

const dataKeywords = new Set(['enum', 'const', 'default', 'examples', 'example']);
// Under these keywords the keys are names (a property may be called "$schema"); only the values are schemas.
const namedSchemaKeywords = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

function mapNamedSchemas(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toGeminiJsonSchema(schema)]));
}
