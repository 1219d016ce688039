import { stopAllEmbeddedEmulators } from '@cloudlab/aws-session/core';
import { runCli } from './program.ts';

// The SDK warns on every Node 20 start that it will need Node 22 from 2027; `cloudlab doctor` reports
// that once, with the fix, instead of a multi-line warning before every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await runCli(process.argv);
// An emulator a command started in-process would keep the event loop alive.
await stopAllEmbeddedEmulators();
