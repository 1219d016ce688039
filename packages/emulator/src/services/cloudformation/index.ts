export { createCloudFormationService } from './cloudformation-service.ts';
