export function add(a: number, b: number): number {
  // BEGIN SOLUTION 1
  return a + b;
  // END SOLUTION
}

export function subtract(a: number, b: number): number {
  // BEGIN SOLUTION 2
  return a - b;
  // END SOLUTION
}
