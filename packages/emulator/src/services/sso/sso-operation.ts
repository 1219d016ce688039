import type { Operation } from '../../core/operation.ts';
import type { EmulatorRuntime } from '../../core/types.ts';
import type { SsoSessions } from './sso-sessions.ts';

/** A portal call's context: the runtime alone, for the portal's own calls carry a bearer token, not SigV4. */
export interface PortalContext {
  readonly runtime: EmulatorRuntime;
}

/** What the portal's REST binding carries an input in: the bearer token, the query, a JSON body. */
export interface PortalCall {
  readonly accessToken: string | undefined;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/**
 * One portal operation (typed with the `@aws-sdk/client-sso` shapes where AWS has one) and its REST route.
 * `auth` says how it is called: with the access token (`bearer`, as the SDK's SSO provider does) or signed
 * with SigV4 (`sigv4`: the emulator's own sign-in, whose context is the signer's). Every handler gets the
 * sign-in sessions. https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/welcome.html
 */
export interface SsoOperation<Input, Output, Ctx extends PortalContext = PortalContext>
  extends Operation<Input, Output, SsoSessions, Ctx> {
  readonly auth: 'bearer' | 'sigv4';
  readonly method: 'GET' | 'POST';
  readonly path: string;
  input(call: PortalCall): Input;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every shape; each narrows its own.
export type AnySsoOperation = SsoOperation<any, any, any>;
