import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { discoverLabs, gradeLab, resolveLab } from '../src/node.ts';
import { FIXTURES } from './fixture-labs.ts';

const INSPECTOR = '127.0.0.1:9329';

/** The inspector targets Node lists on its HTTP endpoint, once a worker has opened it. */
async function waitForTarget(): Promise<string> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const targets = (await (await fetch(`http://${INSPECTOR}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      if (targets[0]) return targets[0].webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`no inspector on ${INSPECTOR} within 60 s`);
}

/** Sends one DevTools protocol command and resolves with its reply. */
function send(
  socket: WebSocket,
  id: number,
  method: string,
  params: object = {},
): Promise<{ id: number; result?: unknown }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (message.id !== id) return;
      socket.off('message', onMessage);
      resolve(message as { id: number; result?: unknown });
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, params }));
  });
}

describe('grading under the inspector (--inspect-brk)', () => {
  it('starts the test worker paused on the inspector, and grades once a debugger attaches and resumes it', async () => {
    const labs = await discoverLabs(FIXTURES);
    const grading = gradeLab(resolveLab(labs, '01'), { variant: 'solution', inspectBrk: INSPECTOR });
    const url = await waitForTarget();
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const evaluated = await send(socket, 1, 'Runtime.evaluate', { expression: '1 + 1' });
    expect(evaluated.result).toEqual({ result: { type: 'number', value: 2, description: '2' } });
    await send(socket, 2, 'Runtime.runIfWaitingForDebugger');
    // Node keeps a worker alive until its debugger disconnects, as after any debugging session.
    socket.close();
    const result = await grading;
    expect([result.status, result.score]).toEqual(['passed', 5]);
  }, 120_000);
});
