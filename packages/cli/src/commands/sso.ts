import type { Command } from 'commander';
import type { GlobalFlags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';

/**
 * `cloudlab sso login`: `aws sso login` against the emulator, whose IAM Identity Center has no browser to
 * sign in with. It caches the profile's token where the SDKs and the AWS CLI look for it.
 */
export const ssoCommand: CommandModule = {
  register(program) {
    const sso = commandFrom(program, 'sso');
    commandFrom(sso, 'sso login').action(async (_options: unknown, command: Command) => {
      const { profile, endpoint } = command.optsWithGlobals<GlobalFlags>();
      const { emulatorSsoLogin, SessionError } = await import('@cloudlab/aws-session');
      const env = { ...process.env, ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}) };
      try {
        const login = await emulatorSsoLogin({ ...(profile ? { profile } : {}), env });
        printResult(
          command,
          { ...login, expiresAt: login.expiresAt.toISOString() },
          (shown) =>
            `signed in to sso-session ${shown.ssoSession} (account ${shown.accountId}, role ${shown.roleName}): token cached in ${shown.cacheFile} until ${shown.expiresAt}`,
        );
      } catch (error) {
        if (error instanceof SessionError) throw new CliError(error.message);
        throw error;
      }
    });
  },
};
