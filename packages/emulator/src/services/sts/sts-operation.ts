import type { Operation, OutputOf } from '../../core/operation.ts';
import type { QueryParams, QueryShape } from '../../protocols/query.ts';

/**
 * An STS operation: its input is the query protocol's flat parameters (STS's inputs are flat strings on
 * the wire), its output the `@aws-sdk/client-sts` output shape.
 */
export type StsOperation<Output> = Operation<QueryParams, QueryShape<OutputOf<Output>>>;
