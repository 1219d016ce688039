export { defineLabConfig, LAB_DIR_ENV, type LabConfigOptions } from './config/define-lab-config.ts';
