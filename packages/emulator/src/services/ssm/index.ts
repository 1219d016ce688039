import { Journal } from '../../core/journal.ts';
import { registryOf } from '../../core/operation.ts';
import type { RequestContext, ServiceFactory } from '../../core/types.ts';
import { AWS_OPERATIONS } from '../../protocols/aws-operations.ts';
import { createJsonService } from '../../protocols/json-1-1.ts';
import * as actions from './actions/index.ts';
import { deleteExpired } from './parameter-policies.ts';
import { ParameterStore, type SsmEvent } from './parameter-store.ts';
import { SecureStringCipher } from './secure-string.ts';
import type { Ssm, SsmOperation } from './ssm-context.ts';

/** SSM Parameter Store over JSON 1.1, persisted to dataDir/ssm/ when the emulator has a dataDir. */
export const createSsmService: ServiceFactory = (runtime) => {
  const dir = runtime.dataDirFor('ssm');
  const journal = dir ? Journal.open<SsmEvent>(dir, ParameterStore.compact) : undefined;
  const ssm: Ssm = {
    store: new ParameterStore(journal),
    cipher: dir ? SecureStringCipher.persisted(dir) : SecureStringCipher.inMemory(),
  };
  const service = createJsonService({
    signingName: 'ssm',
    targetPrefix: 'AmazonSSM',
    operations: deletingExpiredFirst(registryOf(actions)),
    env: ssm,
    unsupported: AWS_OPERATIONS.ssm,
  });
  return {
    ...service,
    deleteAccount: async (accountId) => ssm.store.deleteAccount(accountId),
    close: async () => journal?.close(),
  };
};

/** Expired parameters go before any request can see them (parameter policies). */
function deletingExpiredFirst(registry: ReadonlyMap<string, SsmOperation<never, unknown>>) {
  return new Map(
    [...registry].map(([name, operation]) => [
      name,
      {
        ...operation,
        handle: async (input: never, ctx: RequestContext, ssm: Ssm) => {
          await deleteExpired(ssm, ctx);
          return operation.handle(input, ctx, ssm);
        },
      },
    ]),
  );
}
