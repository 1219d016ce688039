import type { AwsError } from '../core/aws-error.ts';
import type { WireProtocol } from '../core/types.ts';
import type { WireResponse } from '../core/wire.ts';
import { jsonError } from './json-1-1.ts';
import { queryError } from './query.ts';
import { restJsonError } from './rest-json.ts';
import { restXmlError } from './rest-xml.ts';

/** An error the front door answers itself (bad signature, unknown key, a failure), in the service's protocol. */
export function errorResponse(protocol: WireProtocol, error: AwsError, requestId: string): WireResponse {
  if (protocol === 'query') return queryError(error, requestId);
  if (protocol === 'rest-xml') return restXmlError(error, { requestId });
  if (protocol === 'rest-json') return restJsonError(error, requestId);
  return jsonError(error, requestId);
}
