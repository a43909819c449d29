import { Ajv, type ErrorObject, type Options } from 'ajv';

/** Core's Ajv for config and plugin options: every error reported, defaults filled in, strict about schemas. */
export function createConfigAjv(): Ajv {
  return new Ajv({ allErrors: true, useDefaults: true, strict: true, strictRequired: false, allowUnionTypes: true } satisfies Options);
}

/** Core's Ajv for request bodies: stops at the first error, since one clear message is what a client needs. */
export function createRequestAjv(): Ajv {
  return new Ajv({ allErrors: false, strict: false, allowUnionTypes: true } satisfies Options);
}

/** `/messages/0/role` → `messages[0].role`, prefixed by `root` when given. */
export function toDottedPath(instancePath: string, root = ''): string {
  let out = root;
  for (const segment of instancePath.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : out === '' ? key : `.${key}`;
  }
  return out;
}

/** Where an error points: its instance path, plus the missing or unexpected property it names. */
export function errorPath(error: ErrorObject, root = ''): string {
  const base = toDottedPath(error.instancePath, root);
  const property = (error.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ?? (error.params as { additionalProperty?: string }).additionalProperty;
  if (property === undefined) return base;
  return base === '' ? property : `${base}.${property}`;
}

/** One readable line for one ajv error. */
export function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known option';
    default:
      return error.message ?? 'is invalid';
  }
}

/** Every error as `path: reason`, skipping the wrapper errors ajv adds for anyOf and if/then. */
export function describeErrors(errors: readonly ErrorObject[], root = ''): string[] {
  const lines = errors.filter((error) => error.keyword !== 'if' && error.keyword !== 'anyOf').map((error) => `${errorPath(error, root) || '(root)'}: ${describeError(error)}`);
  return [...new Set(lines.length > 0 ? lines : errors.map((error) => `${errorPath(error, root) || '(root)'}: ${describeError(error)}`))];
}
