import {
  type CollectionTag,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type ScalarTag,
  YAMLMap,
  YAMLSeq,
} from 'yaml';

/**
 * CloudFormation templates in YAML use short-form intrinsic tags (!Ref, !Sub, …). They parse here into the
 * long JSON form CloudFormation itself uses ({ "Fn::Sub": … }), so the rest of the code sees one shape.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
const FN_TAGS = [
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'Equals',
  'And',
  'Or',
  'Not',
] as const;
const ALL_TAGS = ['Ref', 'Condition', ...FN_TAGS];

// The tags are declared only so `yaml` keeps them without a warning; toValue() below turns them into JSON.
const customTags: Array<ScalarTag | CollectionTag> = ALL_TAGS.flatMap(
  (name): Array<ScalarTag | CollectionTag> => [
    { tag: `!${name}`, resolve: (value: string) => value },
    { tag: `!${name}`, collection: 'seq', nodeClass: YAMLSeq, resolve: (value) => value },
    { tag: `!${name}`, collection: 'map', nodeClass: YAMLMap, resolve: (value) => value },
  ],
);

export interface SourcePosition {
  line: number;
  col: number;
}

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly position?: SourcePosition,
  ) {
    super(position ? `line ${position.line}, column ${position.col}: ${message}` : message);
    this.name = 'TemplateSyntaxError';
  }
}

export interface ParsedTemplate {
  template: Record<string, unknown>;
  /** Where each value starts, keyed by its dotted path ("Resources.Fn.Properties.Runtime"). */
  positions: Map<string, SourcePosition>;
}

/** Parses a JSON or YAML template body; throws TemplateSyntaxError with the line and column of the first error. */
export function parseTemplate(body: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  const doc = parseDocument(body, { customTags, lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new TemplateSyntaxError(first.message.split('\n')[0] ?? first.message, pos);
  }
  const unknownTag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (unknownTag) {
    throw new TemplateSyntaxError(
      `${unknownTag.message.split(' at line')[0]} — not a CloudFormation intrinsic function`,
      lineCounter.linePos(unknownTag.pos[0]),
    );
  }
  const positions = new Map<string, SourcePosition>();
  const template = toValue(doc.contents, '', positions, lineCounter);
  if (!template || typeof template !== 'object' || Array.isArray(template)) {
    throw new TemplateSyntaxError('a template must be a mapping with a Resources section', {
      line: 1,
      col: 1,
    });
  }
  return { template: template as Record<string, unknown>, positions };
}

function toValue(
  node: Node | null | undefined,
  path: string,
  positions: Map<string, SourcePosition>,
  lines: LineCounter,
): unknown {
  if (!node) return null;
  if (node.range) positions.set(path, lines.linePos(node.range[0]));
  let value: unknown;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      out[key] = toValue(pair.value as Node, path ? `${path}.${key}` : key, positions, lines);
    }
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map((item, i) => toValue(item as Node, `${path}.${i}`, positions, lines));
  } else if (isScalar(node)) {
    value = node.value;
  }
  return node.tag?.startsWith('!') ? intrinsic(node.tag.slice(1), value) : value;
}

function intrinsic(name: string, value: unknown): unknown {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  // !GetAtt Resource.Attribute is shorthand for the two-element list form.
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}
