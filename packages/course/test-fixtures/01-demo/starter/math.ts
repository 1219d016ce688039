export function add(a: number, b: number): number {
  throw new Error('TODO(1): Add — see README.md, exercise 1');
}

export function subtract(a: number, b: number): number {
  throw new Error('TODO(2): Subtract — see README.md, exercise 2');
}
