// Plain metadata (no defineLab import) so the fixture loads without the grader package.
export default {
  id: '01',
  slug: 'demo',
  title: 'Fixture: arithmetic',
  objectives: ['add', 'subtract'],
  exercises: [
    { n: 1, title: 'Add', file: 'math.ts' },
    { n: 2, title: 'Subtract', file: 'math.ts' },
  ],
};
