import { RECORD_BYTES } from '../../core/ingress-ledger.ts';
import type { RequestContext } from '../../core/types.ts';
import { cloudFormationShape } from './cloudformation-shape.ts';

/**
 * Charges a stack operation (create, update, a change set's execution) what it writes beyond its request to
 * the account's ingress (core/ingress-ledger.ts): each resource's record and the service's copy of it, with
 * every parameter resolved into its properties at most once, and two events for each resource and for the
 * stack — events a stack keeps until it is deleted. A template comes in by reference too (UsePreviousTemplate,
 * TemplateURL, a change set), so an update of a few bytes can write every resource again: counted here, not by
 * its body. Charged before anything is written, so a refused operation leaves the stack as it was.
 */
export function chargeStackOperation(
  ctx: RequestContext,
  processed: Record<string, unknown>,
  parameters: Record<string, string>,
): void {
  const resources = (processed.Resources ?? {}) as Record<string, unknown>;
  const count = Object.keys(resources).length;
  let parameterBytes = 0;
  for (const value of Object.values(parameters)) parameterBytes += Buffer.byteLength(value);
  const bytes =
    Buffer.byteLength(JSON.stringify(resources)) +
    count * (parameterBytes + 3 * RECORD_BYTES) +
    2 * RECORD_BYTES;
  ctx.runtime.ingress.charge(ctx.principal.accountId, bytes, cloudFormationShape.protocol);
}
