/**
 * The command blocks of a Markdown document, read with remark (mdast), never with a regular expression:
 * a fence inside a list, a longer fence around a shorter one or an indented block are the parser's job.
 * The info string says what to do with a block (see docs/writing-docs.md):
 *   ```sh                      run it; it must exit 0
 *   ```sh no-run: <reason>     do not run it, and say why (real AWS, runs until Ctrl-C, a placeholder …)
 *   ```sh needs: aws           run it where these commands are installed, else skip it saying which is missing
 *   ```console                 a transcript: `$ ` lines are run, the lines under each are its expected output
 *   ```text output             right after a `sh` block: the output that block must print
 *   ```text no-run: <reason>   output shown without the command that prints it, and why (any other `text`
 *                              block is refused: output the doc tests cannot compare goes stale unseen)
 */
import type { Code, Paragraph, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

export const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console']);

/** One command of a block, with the line of the document it starts on. */
export interface DocCommand {
  line: number;
  command: string;
  /** The output the document shows for it (a `console` transcript), when it shows one. */
  expected?: string;
}

export interface DocBlock {
  /** The line of the opening fence. */
  line: number;
  lang: string;
  /** The whole script, as a learner would paste it. */
  script: string;
  /** The line of the document the script's first line is on. */
  firstLine: number;
  commands: DocCommand[];
  /** Set when the info string marks the block not runnable. */
  noRun?: string;
  /**
   * Commands the block needs beyond Node and pnpm (`needs: aws`): a tool the course does not install, which a
   * learner may or may not have. Where one is missing the block is skipped, never failed.
   */
  needs?: string[];
  /** The output the document shows for the whole block (a `text output` block right after it). */
  expected?: string;
}

export class DocBlockError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'DocBlockError';
  }
}

const NO_RUN = /^no-run(?::\s*(.*))?$/s;
const NEEDS = /^needs:\s*([\w.-]+(?:\s*,\s*[\w.-]+)*)$/;

/** The shell blocks of `markdown`, in document order; `file` only names the document in errors. */
export function readDocBlocks(markdown: string, file: string): DocBlock[] {
  const tree = unified().use(remarkParse).parse(markdown) as Root;
  const codes: Code[] = [];
  visit(tree, 'code', (node: Code) => {
    codes.push(node);
  });
  // CommonMark: a backtick fence's info string may not hold a backtick, or the line is no fence but text, and
  // every fence after it pairs up wrongly. A paragraph that starts with ``` is that line.
  visit(tree, 'paragraph', (node: Paragraph) => {
    const start = node.position?.start.offset ?? 0;
    if (markdown.startsWith('```', start)) {
      throw new DocBlockError(
        file,
        node.position?.start.line ?? 0,
        'this ``` line is not a fence: an info string (a no-run reason too) may not contain a backtick',
      );
    }
  });

  const blocks: DocBlock[] = [];
  codes.forEach((node, index) => {
    const lang = node.lang ?? '';
    const line = node.position?.start.line ?? 0;
    const meta = (node.meta ?? '').trim();
    if (lang === 'text' && meta === 'output') {
      const previous = blocks.at(-1);
      const before = codes[index - 1];
      if (!previous || before?.lang === 'console' || !SHELL_LANGUAGES.has(before?.lang ?? '')) {
        throw new DocBlockError(file, line, 'a `text output` block must follow a `sh` block directly');
      }
      previous.expected = node.value;
      return;
    }
    if (lang === 'text') {
      refuseUncheckedText(meta, file, line);
      return;
    }
    if (!SHELL_LANGUAGES.has(lang)) return;

    let noRun: string | undefined;
    const needs = NEEDS.exec(meta)?.[1]?.split(/\s*,\s*/);
    if (meta && !needs) {
      const marker = NO_RUN.exec(meta);
      if (!marker) {
        throw new DocBlockError(
          file,
          line,
          `unknown info string "${lang} ${meta}": write \`${lang}\` to run the block, \`${lang} needs: <command>\` to run it where a tool is installed, or \`${lang} no-run: <reason>\` to skip it`,
        );
      }
      noRun = marker[1]?.trim();
      if (!noRun) {
        throw new DocBlockError(
          file,
          line,
          `\`${lang} no-run\` needs a reason: \`${lang} no-run: <reason>\``,
        );
      }
    }
    // The fence is one line, so the value starts on the next (a code node's value has no fences).
    const firstLine = line + 1;
    blocks.push({
      line,
      lang,
      firstLine,
      ...(noRun ? { noRun } : {}),
      ...(needs ? { needs } : {}),
      ...(lang === 'console' ? readTranscript(node.value, firstLine) : { script: node.value, commands: [] }),
    });
  });
  return blocks;
}

/**
 * A `text` block that is not a `text output` shows output no test compares, so it must say why: a chapter's
 * example shows the script that prints it, in a `sh` block, with its `text output` after it.
 */
function refuseUncheckedText(meta: string, file: string, line: number): void {
  const marker = NO_RUN.exec(meta);
  if (marker?.[1]?.trim()) return;
  throw new DocBlockError(
    file,
    line,
    meta.startsWith('no-run')
      ? '`text no-run` needs a reason: `text no-run: <reason>`'
      : 'a `text` block is output no test compares: show the command that prints it in a `sh` block and write the output as `text output` right after it, or say why it cannot be: `text no-run: <reason>`',
  );
}

/**
 * A `console` transcript: a `$ ` line starts a command (a trailing `\` continues it on the next line), the
 * lines up to the next `$ ` are what it prints.
 */
function readTranscript(text: string, firstLine: number): { script: string; commands: DocCommand[] } {
  const commands: DocCommand[] = [];
  const lines = text.split('\n');
  let current: DocCommand | undefined;
  let output: string[] = [];
  let continued = false;
  const finish = () => {
    if (current) commands.push({ ...current, expected: output.join('\n') });
    output = [];
  };
  lines.forEach((text, index) => {
    if (continued && current) {
      current.command += `\n${text}`;
      continued = text.endsWith('\\');
    } else if (text.startsWith('$ ')) {
      finish();
      current = { line: firstLine + index, command: text.slice(2) };
      continued = text.endsWith('\\');
    } else {
      output.push(text);
    }
  });
  finish();
  return { script: commands.map((command) => command.command).join('\n'), commands };
}
