import type { PolicyDocument, RoleRegistry } from './types.ts';

/** Policies attached to roles by ARN (there is no IAM service: any role in the caller's account exists). */
export class InMemoryRoleRegistry implements RoleRegistry {
  private readonly policies = new Map<string, PolicyDocument[]>();

  setPolicies(roleArn: string, policies: PolicyDocument[]): void {
    this.policies.set(roleArn, policies);
  }

  policiesOf(roleArn: string): PolicyDocument[] | undefined {
    return this.policies.get(roleArn);
  }

  /** Forgets the roles of one account (arn:aws:iam::ACCOUNT:role/NAME). */
  deleteAccount(accountId: string): void {
    for (const roleArn of this.policies.keys()) {
      if (roleArn.split(':')[4] === accountId) this.policies.delete(roleArn);
    }
  }
}
