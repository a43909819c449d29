import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specsDir } from '@switchyard/core/testing';

/*
 * A small walker over the botocore service model of bedrock-runtime: it checks a JSON body against a shape as the
 * service would (required members, unions with exactly one member, enums, lengths, ranges, patterns, no unknown
 * members). Members bound to the URI or headers are skipped, since they are not part of the body.
 */

interface Shape {
  type: string;
  members?: Record<string, { shape: string; location?: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  union?: boolean;
  document?: boolean;
}

const model = JSON.parse(readFileSync(join(specsDir(), 'bedrock', 'bedrock-runtime-2023-09-30.service-2.json'), 'utf8')) as { shapes: Record<string, Shape> };

/** The problems of `value` as the shape `shapeName`, one line each with a path; [] when it conforms. */
export function checkBedrockShape(shapeName: string, value: unknown): string[] {
  const problems: string[] = [];
  walk(shapeName, value, '$', problems);
  return problems;
}

function walk(shapeName: string, value: unknown, path: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (shape === undefined) throw new Error(`no shape ${shapeName}`);
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return void problems.push(`${path}: must be an object (${shapeName})`);
      const record = value as Record<string, unknown>;
      const members = shape.members ?? {};
      for (const name of shape.required ?? []) if (members[name]?.location === undefined && record[name] === undefined) problems.push(`${path}.${name}: is required`);
      const present = Object.keys(record).filter((name) => record[name] !== undefined);
      if (shape.union && present.length !== 1) problems.push(`${path}: a ${shapeName} union must have exactly one member, has ${present.length}`);
      for (const name of present) {
        const member = members[name];
        if (member === undefined) problems.push(`${path}.${name}: is not a member of ${shapeName}`);
        else if (member.location === undefined) walk(member.shape, record[name], `${path}.${name}`, problems);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return void problems.push(`${path}: must be a list (${shapeName})`);
      if (shape.min !== undefined && value.length < shape.min) problems.push(`${path}: needs at least ${shape.min} items`);
      if (shape.max !== undefined && value.length > shape.max) problems.push(`${path}: takes at most ${shape.max} items`);
      value.forEach((item, index) => walk(shape.member!.shape, item, `${path}[${index}]`, problems));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null) return void problems.push(`${path}: must be a map`);
      for (const [key, item] of Object.entries(value)) {
        walk(shape.key!.shape, key, `${path} key`, problems);
        walk(shape.value!.shape, item, `${path}.${key}`, problems);
      }
      return;
    case 'string':
      if (typeof value !== 'string') return void problems.push(`${path}: must be a string (${shapeName})`);
      if (shape.enum && !shape.enum.includes(value)) problems.push(`${path}: must be one of ${shape.enum.join(', ')}`);
      if (shape.min !== undefined && value.length < shape.min) problems.push(`${path}: must be at least ${shape.min} characters`);
      if (shape.max !== undefined && value.length > shape.max) problems.push(`${path}: must be at most ${shape.max} characters`);
      if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`).test(value)) problems.push(`${path}: must match ${shape.pattern}`);
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) return void problems.push(`${path}: must be an integer`);
      return range(shape, value as number, path, problems);
    case 'float':
    case 'double':
      if (typeof value !== 'number') return void problems.push(`${path}: must be a number`);
      return range(shape, value, path, problems);
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: must be a boolean`);
      return;
    case 'blob':
      // JSON carries blobs as base64 text.
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) problems.push(`${path}: must be base64 text`);
      else if (shape.min !== undefined && value.length < shape.min) problems.push(`${path}: must not be empty`);
      return;
    default:
      return;
  }
}

function range(shape: Shape, value: number, path: string, problems: string[]): void {
  if (shape.min !== undefined && value < shape.min) problems.push(`${path}: must be >= ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) problems.push(`${path}: must be <= ${shape.max}`);
}
