import type { Operation, OutputOf } from '../../core/operation.ts';

/**
 * A CloudFormation operation, typed with the `@aws-sdk/client-cloudformation` shapes: query-input.ts decodes
 * the query protocol's flat parameters into the input shape before the handler runs.
 */
export type CloudFormationOperation<Input, Output> = Operation<Input, OutputOf<Output>>;
