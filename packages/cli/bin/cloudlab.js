#!/usr/bin/env node
// Students never run a build step: tsx compiles the TypeScript sources on the fly.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
