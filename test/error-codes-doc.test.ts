import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '@switchyard/core';

// docs/errors.md documents the closed code list of core/src/errors/error-codes.ts; this keeps the two in step.
const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \| `([a-z_]+)` \| (.*) \| (.*) \|$/gm)].map((match) => ({
  code: match[1],
  status: Number(match[2]),
  type: match[3],
  when: match[4].trim(),
  what: match[5].trim(),
}));
const documented = new Set(rows.map((row) => row.code));
const defined = new Set(Object.keys(errorCodes));

describe('docs/errors.md', () => {
  it('documents every code in error-codes.ts', () => {
    expect([...defined].filter((code) => !documented.has(code))).toEqual([]);
  });

  it('lists no code that error-codes.ts does not define', () => {
    expect([...documented].filter((code) => !defined.has(code))).toEqual([]);
  });

  it('lists each code once', () => {
    expect(rows.length).toBe(documented.size);
  });

  it('gives each code the status and type error-codes.ts gives it', () => {
    const fromDoc = Object.fromEntries(rows.map((row) => [row.code, { status: row.status, type: row.type }]));
    expect(fromDoc).toEqual(errorCodes);
  });

  it('says for each code when it happens and what the client should do', () => {
    expect(rows.filter((row) => row.when.length < 10 || row.what.length < 5).map((row) => row.code)).toEqual([]);
  });
});
