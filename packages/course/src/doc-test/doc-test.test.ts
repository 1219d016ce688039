import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DocBlockError, readDocBlocks } from './doc-blocks.ts';
import { DocSession } from './doc-session.ts';
import { outputMatches } from './output-match.ts';

const FIXTURE = 'test-fixtures/doc-test/commands.md';
const markdown = readFileSync(join(import.meta.dirname, '../..', FIXTURE), 'utf8');

describe('readDocBlocks', () => {
  const blocks = readDocBlocks(markdown, FIXTURE);

  test('finds the shell blocks with their lines, the marked one with its reason', () => {
    expect(blocks.map((block) => [block.line, block.lang, block.noRun])).toEqual([
      [5, 'sh', undefined],
      [16, 'console', undefined],
      [26, 'sh', 'talks to real AWS'],
      [32, 'sh', undefined],
      [42, 'sh', undefined],
    ]);
  });

  test('attaches a `text output` block to the block before it, and splits a transcript into commands', () => {
    expect(blocks[0]?.expected).toBe('hello world');
    expect(blocks[1]?.commands.map((command) => [command.line, command.expected])).toEqual([
      [17, 'listening on port <port>, request …'],
      [19, 'one\n…'],
    ]);
  });

  test('refuses an unknown info string, a no-run without a reason and a backtick in an info string', () => {
    expect(() => readDocBlocks('```sh norun\nls\n```\n', 'x.md')).toThrow(/x\.md:1: unknown info string/);
    expect(() => readDocBlocks('```sh no-run\nls\n```\n', 'x.md')).toThrow(/needs a reason/);
    expect(() => readDocBlocks('text\n\n```sh no-run: `aws`\nls\n```\n', 'x.md')).toThrow(DocBlockError);
  });

  test('refuses a `text` block that is neither compared output nor marked with a reason', () => {
    expect(() => readDocBlocks('```text\n{ ok: true }\n```\n', 'x.md')).toThrow(
      /x\.md:1: a `text` block is output no test compares/,
    );
    expect(() => readDocBlocks('```text no-run\nok\n```\n', 'x.md')).toThrow(/needs a reason/);
    expect(() => readDocBlocks('# x\n\n```text output\nok\n```\n', 'x.md')).toThrow(
      /x\.md:3: a `text output` block must follow a `sh` block directly/,
    );
    expect(readDocBlocks('```text no-run: what a real AWS account prints\nok\n```\n', 'x.md')).toEqual([]);
  });

  test('reads the tools a block needs, and nothing else as a need', () => {
    expect(
      readDocBlocks('```sh needs: aws, jq\naws sts get-caller-identity\n```\n', 'x.md')[0]?.needs,
    ).toEqual(['aws', 'jq']);
    expect(readDocBlocks('```sh\nls\n```\n', 'x.md')[0]?.needs).toBeUndefined();
    expect(() => readDocBlocks('```sh needs:\nls\n```\n', 'x.md')).toThrow(/unknown info string/);
  });
});

describe('outputMatches', () => {
  test('takes placeholders for a word, part of a line and whole lines, and nothing else', () => {
    expect(outputMatches('port <port>', 'port 4566')).toBe(true);
    expect(outputMatches('port <port>', 'port 45 66')).toBe(false);
    expect(outputMatches('took … ms', 'took 12.5 ms\n')).toBe(true);
    expect(outputMatches('first\n…\nlast', 'first\nlast')).toBe(true);
    expect(outputMatches('first\n…\nlast', 'first\na\nb\nlast')).toBe(true);
    expect(outputMatches('first\n…', 'first')).toBe(true);
    expect(outputMatches('hello world', 'hello moon')).toBe(false);
    expect(outputMatches('a.b', 'axb')).toBe(false);
    expect(outputMatches('\u001b[32mok\u001b[0m  ', 'ok')).toBe(true);
  });
});

describe('DocSession', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'doc-session-'));
  const session = new DocSession(scratch, FIXTURE, 10_000);
  const [passing, transcript, , mismatch, failing] = readDocBlocks(markdown, FIXTURE);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('runs a block and compares its output', async () => {
    expect(await session.runBlock(passing!)).toEqual({ ok: true, cpuSeconds: expect.any(Number) });
  });

  test('counts the CPU seconds of a block and of the processes it waited for', async () => {
    const [busy] = readDocBlocks(
      '```sh\nnode -e "const end = Date.now() + 300; while (Date.now() < end);"\n```\n',
      'busy.md',
    );
    const result = await session.runBlock(busy!);
    expect(result.ok).toBe(true);
    // 0.3 s of wall time spinning is about as much CPU; a busy machine only makes it less.
    expect(result.cpuSeconds).toBeGreaterThan(0.05);
    expect(result.cpuSeconds).toBeLessThan(60);
  });

  test('runs a transcript command by command, placeholders and all', async () => {
    expect(await session.runBlock(transcript!)).toEqual({ ok: true, cpuSeconds: expect.any(Number) });
  });

  test('fails a block whose output differs, showing both', async () => {
    const result = await session.runBlock(mismatch!);
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`${FIXTURE}:33: the output is not what the document shows`);
    // The variable set two blocks before is still set: the blocks share one terminal.
    expect(result.message).toMatch(/--- it printed ---\nhello moon/);
  });

  test('fails a block at its failing command, naming the file, the line and the command', async () => {
    const result = await session.runBlock(failing!);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(new RegExp(`^${FIXTURE}:44: \`ls no-such-file\` exited 2`));
    expect(result.message).not.toContain('never');
  });

  test('stops a block that runs past its time limit', async () => {
    const quick = new DocSession(scratch, 'slow.md', 500);
    const [slow] = readDocBlocks('```sh\nsleep 30\n```\n', 'slow.md');
    const result = await quick.runBlock(slow!);
    expect(result.message).toMatch(/^slow\.md:2: still running after 0\.5 s/);
  });
});
