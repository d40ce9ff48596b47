/**
 * Reads a scenario file (YAML, or JSON by extension) and validates it; never throws. A file over
 * INPUT_FILE_LIMITS.scenario is refused from its size, before it is read.
 */
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readBoundedTextFile } from '../../files/read-bounded.ts';
import { describeError } from '../../model/errors.ts';
import { parseScenarioDocument, type Issue, type Scenario } from './schema.ts';

export interface LoadedFile {
  file: string;
  scenarios: Scenario[];
  /** Non-empty: the file is invalid and none of its scenarios run. */
  issues: Issue[];
}

export function loadScenarioFile(file: string): LoadedFile {
  const stem = basename(file, extname(file));
  let text: string;
  try {
    text = readBoundedTextFile(file, 'scenario');
  } catch (error) {
    // The message leads with the file name, which formatIssue adds again.
    const message = describeError(error);
    return {
      file,
      scenarios: [],
      issues: [{ path: '', message: message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message }],
    };
  }
  let doc: unknown;
  try {
    doc = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = describeError(error);
    return { file, scenarios: [], issues: [{ path: '', message: `not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${message}` }] };
  }
  const parsed = parseScenarioDocument(doc, stem);
  return { file, ...parsed };
}

/** `file: steps[3].expect: message`, or `file: message` for a whole-file problem. */
export function formatIssue(file: string, issue: Issue): string {
  return issue.path === '' ? `${file}: ${issue.message}` : `${file}: ${issue.path}: ${issue.message}`;
}
