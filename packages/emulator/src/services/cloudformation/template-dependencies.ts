import { AwsError } from '../../core/aws-error.ts';

/** Logical ids a value refers to through Ref, Fn::GetAtt and Fn::Sub, among `known`. */
export function referencedIds(value: unknown, known: Set<string>, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, known, out);
    return out;
  }
  if (!value || typeof value !== 'object') return out;
  for (const [key, arg] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'Ref' && typeof arg === 'string' && known.has(arg)) out.add(arg);
    else if (key === 'Fn::GetAtt') {
      const target = Array.isArray(arg) ? String(arg[0]) : String(arg).split('.')[0]!;
      if (known.has(target)) out.add(target);
    } else if (key === 'Fn::Sub') {
      const [text, vars] = Array.isArray(arg)
        ? [String(arg[0]), (arg[1] ?? {}) as Record<string, unknown>]
        : [String(arg), {}];
      for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const name = match[1]!.split('.')[0]!;
        if (!(name in vars) && known.has(name)) out.add(name);
      }
      referencedIds(vars, known, out);
    } else referencedIds(arg, known, out);
  }
  return out;
}

/** Resources in an order where each comes after everything it refers to or DependsOn. */
export function creationOrder(resources: Record<string, Record<string, unknown>>): string[] {
  const ids = new Set(Object.keys(resources));
  const deps = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const set = referencedIds(resource.Properties, ids);
    const dependsOn = resource.DependsOn;
    for (const dep of Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) {
      if (!ids.has(String(dep))) {
        throw new AwsError(
          'ValidationError',
          `Template format error: Unresolved resource dependencies [${dep}] in the Resources block of the template`,
        );
      }
      set.add(String(dep));
    }
    deps.set(id, set);
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      throw new AwsError('ValidationError', `Circular dependency between resources: [${path.join(', ')}]`);
    }
    state.set(id, 'visiting');
    for (const dep of deps.get(id) ?? []) visit(dep, [...path, dep]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of ids) visit(id, [id]);
  return order;
}
