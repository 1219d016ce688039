import type { IncomingMessage } from 'node:http';
import { AwsError } from './aws-error.ts';
import type { WireProtocol } from './types.ts';

/**
 * What one record may cost beyond the bytes that describe it: the heap a parameter version, temporary key,
 * multipart upload or object entry takes besides its strings (object headers, Map entries, ids, dates). The
 * dearest measured, an STS temporary key, takes 964 bytes of heap; its request's own headers weigh ~300 bytes
 * more when signed by hand (~800 from an SDK), so no record is cheaper than what its request is charged.
 */
export const RECORD_BYTES = 1024;

/**
 * Counts the bytes each account brings into the emulator against `limit` (EmulatorOptions.accountLimits.
 * ingressBytes). Whatever a service keeps of an account came in through that account's requests — a
 * parameter's value through its PutParameter body, a role's policy through a template — so bounding what
 * comes in bounds what is kept, in every service at once, with no service's store to instrument (a ledger of
 * stored bytes would need a charge and a credit in every store, and one forgotten charge is a hole; here a
 * forgotten case can only be a request that makes more than it carries). The few that do charge the rest
 * themselves: CloudFormation (a stack operation writes every resource and its events, even from a template
 * sent by reference), the admin service's SeedObjects (a record per key) and the unsigned SSO portal (a key
 * per call); S3 charges the small XML documents it reads itself, as it streams. S3 object bodies and Lambda's
 * unpacked code are kept against their own per-account limits, which free what is deleted (objectBytes,
 * codeBytes); nothing here is freed, as the request budget is not: an account that deletes and writes again
 * spends its share again.
 */
export class IngressLedger {
  readonly #spent = new Map<string, number>();

  constructor(readonly limit: number | undefined) {}

  /** Adds `bytes` to what `accountId` brought in; throws once the account has brought more than `limit`. */
  charge(accountId: string, bytes: number, protocol: WireProtocol): void {
    if (this.limit === undefined) return;
    const spent = (this.#spent.get(accountId) ?? 0) + bytes;
    this.#spent.set(accountId, spent);
    if (spent > this.limit) throw ledgerFull(protocol, this.limit);
  }

  /** Bytes the account has brought in so far (0 without a limit: nothing is counted then). */
  spent(accountId: string): number {
    return this.#spent.get(accountId) ?? 0;
  }

  forget(accountId: string): void {
    this.#spent.delete(accountId);
  }
}

/**
 * What a signed request brings in before any service reads it: its target, its headers and the body the
 * front door buffered (undefined for S3, which streams object bodies into its own per-account share and
 * charges its small XML documents itself), plus the record it may make.
 */
export function requestBytes(req: IncomingMessage, body: Buffer | undefined): number {
  let bytes = RECORD_BYTES + (req.url?.length ?? 0) + (body?.length ?? 0);
  for (const part of req.rawHeaders) bytes += part.length + 2;
  return bytes;
}

/** Refused as the service refuses a caller over its quota: not retryable, and says which limit. */
function ledgerFull(protocol: WireProtocol, limit: number): AwsError {
  const message = `This account has sent more than ${limit} bytes of requests, the most one account may bring into this shared emulator (accountLimits.ingressBytes; a batch allows each learner that much); no further request of it is served.`;
  if (protocol === 'rest-xml') return new AwsError('AccessDenied', message, 403);
  if (protocol === 'query') return new AwsError('LimitExceeded', message, 400);
  return new AwsError('LimitExceededException', message, 400);
}
