/**
 * A template that cannot be evaluated (an unknown pseudo parameter, a bad Fn::Sub, a Ref to nothing).
 * `code` is the error code CloudFormation answers with, so a service can pass it on as it is.
 */
export class TemplateError extends Error {
  readonly code = 'ValidationError';

  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}
