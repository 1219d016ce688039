// The `@lab` alias exists only inside the lab's Vitest config; this tells the CLI package's typecheck its shape.
declare module '@lab/math.ts' {
  export function add(a: number, b: number): number;
  export function subtract(a: number, b: number): number;
}
