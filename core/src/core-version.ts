import { createRequire } from 'node:module';

/** This package's version, checked against each plugin's `core` range. */
export const coreVersion: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
