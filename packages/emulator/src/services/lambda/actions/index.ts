export { createFunction } from './create-function.ts';
export { deleteFunction } from './delete-function.ts';
export { getFunction } from './get-function.ts';
export { getFunctionConfiguration } from './get-function-configuration.ts';
export { invoke } from './invoke.ts';
export { listFunctions } from './list-functions.ts';
export { updateFunctionCode } from './update-function-code.ts';
export { updateFunctionConfiguration } from './update-function-configuration.ts';
