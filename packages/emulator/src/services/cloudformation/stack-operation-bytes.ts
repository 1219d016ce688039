import { RECORD_BYTES } from '../../core/ingress-ledger.ts';
import type { RequestContext } from '../../core/types.ts';
import { cloudFormationShape } from './cloudformation-shape.ts';

/**
 * Charges a stack operation (create, update, a change set's execution) the records it writes beyond its request
 * to the account's ingress (core/ingress-ledger.ts): each resource's record and the service's copy of it, and
 * two events for each resource and for the stack — events a stack keeps until it is deleted. A template comes in
 * by reference too (UsePreviousTemplate, TemplateURL, a change set), so an update of a few bytes can write every
 * resource again: counted here, not by its body. Charged before anything is written, so a refused operation
 * leaves the stack as it was. What each resource's properties resolve to (a parameter repeated in an Fn::Sub,
 * a mapping's value) is charged by the engine as it resolves them (stack-engine.ts).
 */
export function chargeStackOperation(ctx: RequestContext, processed: Record<string, unknown>): void {
  const count = Object.keys((processed.Resources ?? {}) as Record<string, unknown>).length;
  const bytes = (3 * count + 2) * RECORD_BYTES;
  ctx.runtime.ingress.charge(ctx.principal.accountId, bytes, cloudFormationShape.protocol);
}
