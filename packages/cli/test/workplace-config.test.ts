import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
// VS Code's variables, written without a template literal's `${`.
const WORKSPACE_FOLDER = '$' + '{workspaceFolder}';
const INPUT_LAB = '$' + '{input:lab}';

/** Parses a JSON-with-comments file the way VS Code does, failing on any syntax error. */
function readJsonc(relative: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value = parse(readFileSync(join(ROOT, relative), 'utf8'), errors, { allowTrailingComma: false });
  expect(errors.map((error) => `${printParseErrorCode(error.error)} at ${error.offset}`)).toEqual([]);
  return value;
}

/** Every string anywhere in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('.vscode/launch.json', () => {
  const launch = readJsonc('.vscode/launch.json') as {
    configurations: Array<{ name: string; type: string; request: string }>;
    inputs: Array<{ id: string; options: string[]; default: string }>;
  };
  const labs = launch.inputs.find((input) => input.id === 'lab')?.options ?? [];

  it('offers only labs that exist, with a default among them', () => {
    expect(labs.length).toBeGreaterThan(0);
    for (const lab of labs) expect(existsSync(join(ROOT, 'labs', lab, 'vitest.config.ts')), lab).toBe(true);
    expect(labs).toContain(launch.inputs.find((input) => input.id === 'lab')?.default);
  });

  it('points every workspaceFolder path at a file or folder that exists, for every lab', () => {
    const paths = strings(launch.configurations).filter((text) => text.includes(WORKSPACE_FOLDER));
    expect(paths.length).toBeGreaterThan(3);
    for (const template of paths) {
      for (const lab of labs) {
        const path = template.replaceAll(WORKSPACE_FOLDER, ROOT).replaceAll(INPUT_LAB, lab);
        expect(existsSync(path), path).toBe(true);
      }
    }
  });

  it("has a debug setup for a lab's checks and for the lab 05 handler", () => {
    const names = launch.configurations.map((config) => config.name);
    expect(names.some((name) => /lab's checks/.test(name))).toBe(true);
    expect(names.some((name) => /invoke 05/.test(name))).toBe(true);
    for (const config of launch.configurations) expect(config.type).toBe('node');
  });
});

describe('.devcontainer/devcontainer.json', () => {
  const container = readJsonc('.devcontainer/devcontainer.json') as {
    image: string;
    postCreateCommand: string;
    features?: Record<string, unknown>;
    mounts?: unknown[];
    containerEnv?: Record<string, string>;
    customizations: { vscode: { extensions: string[] } };
  };

  it('uses a Node 24 image and sets up with the repository script', () => {
    expect(container.image).toMatch(/node:.*\b24\b/);
    const script = /node (\S+)/.exec(container.postCreateCommand)?.[1] ?? '';
    expect(existsSync(join(ROOT, script)), script).toBe(true);
  });

  it('brings in neither Docker nor AWS credentials', () => {
    expect(Object.keys(container.features ?? {}).join(' ')).not.toMatch(/docker/);
    expect(JSON.stringify(container.mounts ?? [])).not.toMatch(/\.aws/);
    expect(Object.keys(container.containerEnv ?? {}).filter((name) => name.startsWith('AWS_'))).toEqual([]);
  });

  it('recommends the same extensions as .vscode/extensions.json', () => {
    const { recommendations } = readJsonc('.vscode/extensions.json') as { recommendations: string[] };
    expect([...container.customizations.vscode.extensions].sort()).toEqual([...recommendations].sort());
  });
});
