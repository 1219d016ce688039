// What a lab's lab.ts needs, and nothing that loads Vitest: `cloudlab list`, `status` and the course catalogue
// import every lab.ts, and the main entry's check() pulls in Vitest and chai (~0.65 s CPU a process).
export { defineLab, LabDefinitionError, validateLabDefinition } from './authoring/define-lab.ts';
export type { ExerciseDefinition, LabAwsRequirements, LabDefinition } from './authoring/lab-definition.ts';
