/** Said once, plainly, in the CLI's help (and in the README). */
export const NOT_FOR_CLINICAL_USE =
  'NOT FOR CLINICAL USE: a research and bench toolkit; it must never drive or inform the care of a patient.';
