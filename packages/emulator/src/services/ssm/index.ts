import { Journal } from '../../core/journal.ts';
import type { ServiceFactory } from '../../core/types.ts';
import { createJsonService, type JsonOperation } from '../../protocols/json-1-1.ts';
import { addTagsToResource } from './actions/add-tags-to-resource.ts';
import { deleteParameter } from './actions/delete-parameter.ts';
import { deleteParameters } from './actions/delete-parameters.ts';
import { describeParameters } from './actions/describe-parameters.ts';
import { getParameter } from './actions/get-parameter.ts';
import { getParameterHistory } from './actions/get-parameter-history.ts';
import { getParameters } from './actions/get-parameters.ts';
import { getParametersByPath } from './actions/get-parameters-by-path.ts';
import { labelParameterVersion } from './actions/label-parameter-version.ts';
import { listTagsForResource } from './actions/list-tags-for-resource.ts';
import { putParameter } from './actions/put-parameter.ts';
import { removeTagsFromResource } from './actions/remove-tags-from-resource.ts';
import { unlabelParameterVersion } from './actions/unlabel-parameter-version.ts';
import { deleteExpired } from './parameter-policies.ts';
import { ParameterStore, type SsmEvent } from './parameter-store.ts';
import { SecureStringCipher } from './secure-string.ts';
import type { Ssm, SsmAction } from './ssm-context.ts';

const actions: Record<string, SsmAction> = {
  PutParameter: putParameter,
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  GetParameterHistory: getParameterHistory,
  DescribeParameters: describeParameters,
  DeleteParameter: deleteParameter,
  DeleteParameters: deleteParameters,
  LabelParameterVersion: labelParameterVersion,
  UnlabelParameterVersion: unlabelParameterVersion,
  AddTagsToResource: addTagsToResource,
  RemoveTagsFromResource: removeTagsFromResource,
  ListTagsForResource: listTagsForResource,
};

/** SSM Parameter Store over JSON 1.1, persisted to dataDir/ssm/ when the emulator has a dataDir. */
export const createSsmService: ServiceFactory = (runtime) => {
  const dir = runtime.dataDirFor('ssm');
  const journal = dir ? Journal.open<SsmEvent>(dir, ParameterStore.compact) : undefined;
  const ssm: Ssm = {
    store: new ParameterStore(journal),
    cipher: dir ? SecureStringCipher.persisted(dir) : SecureStringCipher.inMemory(),
  };
  const operations: Record<string, JsonOperation> = {};
  for (const [name, action] of Object.entries(actions)) {
    // Expired parameters go before any request can see them (parameter policies).
    operations[name] = async (input, ctx) => {
      await deleteExpired(ssm, ctx);
      return action(input, ctx, ssm);
    };
  }
  const service = createJsonService({
    signingName: 'ssm',
    targetPrefix: 'AmazonSSM',
    operations,
    unsupported: [
      'SendCommand',
      'GetCommandInvocation',
      'StartSession',
      'CreateDocument',
      'GetDocument',
      'StartAutomationExecution',
      'PutResourcePolicy',
      'GetResourcePolicies',
    ],
  });
  return {
    ...service,
    deleteAccount: async (accountId) => ssm.store.deleteAccount(accountId),
    close: async () => journal?.close(),
  };
};
