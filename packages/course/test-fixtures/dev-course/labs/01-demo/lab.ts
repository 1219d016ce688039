import { defineLab } from '@cloudlab/grader';

export default defineLab({
  id: '01',
  slug: 'demo',
  title: 'Fixture: arithmetic',
  objectives: ['add', 'subtract'],
  exercises: [
    { n: 1, title: 'Add two numbers', file: 'math.ts' },
    { n: 2, title: 'Subtract two numbers', file: 'math.ts' },
  ],
});
