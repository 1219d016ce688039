/**
 * `${Name}` written in a plain string, where only Fn::Sub would replace it (cfn-lint's E1029, "Sub is required if
 * a variable is used in a string"): CloudFormation keeps such text as it is, so `/cloudlab/${Learner}/05` stays
 * literally that. As in cfn-lint, only names the template defines count (parameters, resources, the resources
 * SAM generates, pseudo parameters, `Resource.Attribute`); `${!Literal}` and IAM policy variables such as
 * `${aws:username}` are left alone, and so is function code (InlineCode, ZipFile).
 * Unlike cfn-lint, which lints the transformed template, a SAM policy template's argument is checked too: the
 * transform puts it into its own Fn::Sub as a variable's value, which is never substituted again.
 */
export interface EmbeddedVariable {
  /** Dotted path of the string in the template. */
  path: string;
  variable: string;
  text: string;
}

const CODE_KEYS = new Set(['InlineCode', 'ZipFile']);

export function embeddedVariables(
  root: unknown,
  path: string,
  known: { refs: Set<string>; getAtts: Set<string> },
): EmbeddedVariable[] {
  const found: EmbeddedVariable[] = [];
  const isKnown = (name: string) => {
    if (name.startsWith('AWS::')) return true;
    const dot = name.indexOf('.');
    return dot > 0 ? known.getAtts.has(name.slice(0, dot)) : known.refs.has(name);
  };
  const visit = (value: unknown, here: string): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        if (isKnown(match[1]!.trim())) found.push({ path: here, variable: match[0], text: value });
      }
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${here}.${i}`);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      // Everything under Fn::Sub is substituted (its template) or a value of its own (its variable map).
      if (key === 'Fn::Sub' || CODE_KEYS.has(key)) continue;
      visit(child, `${here}.${key}`);
    }
  };
  visit(root, path);
  return found;
}
