import type { ServiceShape } from '../../core/lazy-service.ts';

/**
 * What the front door knows of Lambda before its module loads (services/index.ts) and what the service is
 * built with: a light module, so stating it here loads none of Lambda.
 */
export const lambdaShape = {
  signingName: 'lambda',
  protocol: 'rest-json',
  // The SDK base64-encodes ZipFile inside the JSON body; deployment packages go up to 50 MB zipped.
  maxBodyBytes: 70 * 1024 * 1024,
  // Its HTTP APIs (http-api-route.ts).
  unsignedRoutes: true,
} as const satisfies ServiceShape;
