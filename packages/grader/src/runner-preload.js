// Plain JavaScript on purpose: the CLI imports this before it registers tsx. Loaded after, Vitest and Vite
// (thousands of plain-JS modules) pass through tsx's loader hooks, which keep what they see: the CLI process
// then takes about 160 MB more RSS to grade (measured with bench/labs.ts' launcher; 250 vs 85 MB for
// `vitest/node` alone).
import 'vitest/node';
