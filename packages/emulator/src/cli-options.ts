/**
 * `cloudlab emulator`'s options, written once and read twice: the CLI's table (packages/cli/src/cli-table.ts)
 * takes them for commander, `--help` and docs/cli.md, and the emulator's own bin (cli-main.ts) parses them.
 * They live here, not in the CLI's table, because that bin runs from a bundle on plain node without the CLI
 * package (bin/standalone.mjs) and the emulator imports nothing of the CLI. Each entry has the CLI's
 * OptionSpec shape (the table checks it): its key is the value's camelCase name, the flag its kebab-case.
 */
export const EMULATOR_OPTIONS = {
  port: { value: '<n>', description: 'port to listen on (default: a free one)' },
  dataDir: {
    value: '<dir>',
    description: 'keep state in this folder across restarts (default: in memory)',
  },
  lenient: {
    description: 'accept any well-formed signature; each unknown access key gets its own account',
  },
  throttle: {
    value: '<rates>',
    description: 'answer a share of requests with throttling errors, e.g. ssm=0.2,s3=0.1',
  },
  tls: {
    description:
      'serve HTTPS with a CA of its own (kept in .cloudlab/emulator/tls, or DIR/tls with --data-dir); prints AWS_CA_BUNDLE',
  },
  detach: {
    description:
      'start in the background, print the export lines and return: eval "$(pnpm -s cloudlab emulator --detach)"',
  },
  json: { description: 'print the result as JSON (for scripts and CI)' },
} as const;
