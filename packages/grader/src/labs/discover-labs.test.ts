import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverLabs, type LabInfo, LabNotFoundError, resolveLab } from './discover-labs.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures');
let labs: LabInfo[];
beforeAll(async () => {
  labs = await discoverLabs(fixtures);
});

describe('discoverLabs', () => {
  it('reads every labs/NN-slug/lab.ts in order', () => {
    expect(labs.map((lab) => lab.folder)).toEqual([
      '01-basics',
      '02-hostile',
      '03-broken',
      '04-offline',
      '05-empty',
    ]);
    expect(labs[0]!.definition.exercises).toHaveLength(2);
  });

  it('finds no labs in a folder without labs/', async () => {
    expect(await discoverLabs(join(fixtures, 'labs/01-basics'))).toEqual([]);
  });
});

describe('resolveLab', () => {
  it.each(['03', '3', 'broken', '03-broken', ' BROKEN '])('accepts %j', (query) => {
    expect(resolveLab(labs, query).id).toBe('03');
  });

  it('lists the valid labs when the id is unknown', () => {
    expect(() => resolveLab(labs, '42')).toThrow(LabNotFoundError);
    expect(() => resolveLab(labs, '42')).toThrow('no lab "42"; valid labs: 01 (basics), 02 (hostile)');
  });
});
