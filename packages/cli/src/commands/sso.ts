import type { Command } from 'commander';
import type { CommandModule, GlobalOptions } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult, withJsonOption } from '../output.ts';

/**
 * `cloudlab sso login`: `aws sso login` against the emulator, whose IAM Identity Center has no browser to
 * sign in with. It caches the profile's token where the SDKs and the AWS CLI look for it.
 */
export const ssoCommand: CommandModule = {
  register(program) {
    const sso = program.command('sso').description('IAM Identity Center on the emulator (lab 01)');
    withJsonOption(
      sso
        .command('login')
        .description(
          "sign in to the emulator's IAM Identity Center for an sso-session profile and cache its token, as `aws sso login` does",
        ),
    ).action(async (_options: unknown, command: Command) => {
      const { profile, endpoint } = command.optsWithGlobals<GlobalOptions>();
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
