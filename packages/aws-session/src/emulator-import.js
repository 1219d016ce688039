// Plain JavaScript with its types in emulator-import.d.ts on purpose: tsc follows a literal `import()` in a
// TypeScript file even when the result is cast, and the emulator's ~190 source files with their SDK clients
// then came into every typecheck of a learner's file that imports a session (lab 01: 1,918 of 2,162 files).
// The import stays literal here, so Vite and Node resolve it as before.
export const importEmulator = () => import('@cloudlab/emulator');
