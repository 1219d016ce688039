/**
 * The emulator bench's ablation ladder (--ladder): ceiling-like servers, each adding one layer of what the
 * emulator does for a GetParameter, all fed the same replayed signed request, so that the CPU between the
 * ceiling and the emulator can be put down to its layers. Each rung is this file, bundled (bundleForLadder),
 * run on plain node with --ladder-server RUNG SETUP-JSON in a child; it prints its port.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';

const LADDER_SERVER_FLAG = '--ladder-server';

export const RUNGS = {
  'rung-0': "0: the ceiling's code, run as rungs are",
  'rung-a': 'a: fixed body, request body never read',
  'rung-b': 'b: + body read into a Buffer',
  'rung-c': 'c: + req.headers built and read',
  'rung-d': "d: + the emulator's SigV4 check",
  'rung-e': 'e: + JSON parse, SSM lookup, reply JSON',
  'rung-f': "f: + the emulator's reply headers",
  'rung-g': 'g: f, checked and answered per turn',
} as const;
type Rung = keyof typeof RUNGS;

/** What a rung server needs: the key it verifies against and the reply the emulator gives. */
export interface LadderSetup {
  accessKeyId: string;
  secretAccessKey: string;
  /** The emulator's GetParameter reply body, parsed: rungs e and f serialise it anew per request. */
  reply: { Parameter: { Name: string } & Record<string, unknown> };
}

async function runLadderServer(rung: Rung, setup: LadderSetup): Promise<void> {
  const { createServer } = await import('node:http');
  const { hash, randomUUID } = await import('node:crypto');
  const level = Object.keys(RUNGS).indexOf(rung);
  // Loaded by the rungs that use it only: the lower rungs hold no more code than the ceiling does.
  const sigv4 = level >= 4 ? await import('../packages/emulator/src/core/sigv4-verify.ts') : undefined;
  const { endOfTurn } = await import('../packages/emulator/src/core/turn-batch.ts');
  const { parseSignedRequest } = await import('../packages/emulator/src/core/sigv4-parse.ts');
  const { amzDateToMs, SKEW_MS } = await import('../packages/emulator/src/core/auth-errors.ts');
  const fixed = '{"Parameter":{}}';
  const parameters = new Map([[setup.reply.Parameter.Name, setup.reply.Parameter]]);

  const server = createServer(async (req, res) => {
    // As the front door does: the requests that arrive in one turn are handled together at its end.
    if (level >= 7) await endOfTurn();
    if (level === 0) {
      req.resume();
      req.on('end', () => res.end(fixed));
      return;
    }
    if (level === 1) {
      res.end(fixed);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      if (level >= 3 && !(req.headers.authorization && req.headers['x-amz-target']))
        throw new Error('headers');
      if (level >= 4) {
        // What the front door does before a service sees the request: URL, signature fields, clock skew,
        // payload hash, key lookup, then the signature recomputed with the library.
        const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
        const info = parseSignedRequest(req, url)!;
        if (Math.abs(Date.now() - amzDateToMs(info.amzDate)) > SKEW_MS) throw new Error('skew');
        const payloadHash = hash('sha256', body, 'hex');
        if (info.accessKeyId !== setup.accessKeyId) throw new Error('key');
        if (!(await sigv4!.signatureMatches(req, info, setup.secretAccessKey, payloadHash))) {
          res.writeHead(403).end();
          return;
        }
      }
      if (level < 5) {
        res.end(fixed);
        return;
      }
      const input = JSON.parse(body.toString('utf8')) as { Name: string };
      const reply = JSON.stringify({ Parameter: parameters.get(input.Name) });
      if (level === 5) res.end(reply);
      else {
        res.writeHead(200, [
          'content-type',
          'application/x-amz-json-1.1',
          'content-length',
          Buffer.byteLength(reply),
          'x-amzn-requestid',
          randomUUID(),
        ]);
        res.end(reply);
      }
    });
  });
  // Exit cleanly on the bench's SIGTERM, so that a run with --profile writes the rung's profile.
  process.on('SIGTERM', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(typeof address === 'object' && address ? address.port : 0);
  });
}

/**
 * This file as an esbuild bundle in `scratch`, for the rung servers: the emulator runs as a bundle on plain
 * node, so the rungs do too, and tsx (its loader thread and hooks) is no difference between them.
 */
export async function bundleForLadder(scratch: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = join(mkdtempSync(join(scratch, 'ladder-')), 'ladder.mjs');
  await esbuild.build({
    entryPoints: [import.meta.filename],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}

/** The arguments that start one rung from the bundle. */
export const rungArgs = (bundle: string, rung: string, setup: LadderSetup) => [
  bundle,
  LADDER_SERVER_FLAG,
  rung,
  JSON.stringify(setup),
];

if (process.argv.includes(LADDER_SERVER_FLAG)) {
  const at = process.argv.indexOf(LADDER_SERVER_FLAG);
  await runLadderServer(process.argv[at + 1] as Rung, JSON.parse(process.argv[at + 2]!) as LadderSetup);
}
