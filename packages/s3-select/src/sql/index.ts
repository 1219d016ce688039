export { compileQuery } from './compile-query.ts';
export { parseQuery } from './parser.ts';
export type { CompiledQuery, CompileOptions, OutputColumn, SqlRecord, SqlValue } from './types.ts';
