export { httpApiUrl } from './http-api-route.ts';
export { createLambdaService } from './lambda-service.ts';
