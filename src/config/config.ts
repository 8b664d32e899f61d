import path from 'node:path';
import type { ServiceSpec } from '../services/service.js';
import { parseServices } from './services.js';
import {
  parseBoolean,
  parseChoice,
  parseList,
  parseOptionalDays,
  parseOptionalDuration,
  parseOptionalPercent,
} from './values.js';

/** Everything the action was asked to do, read once and validated. Nothing downstream reads inputs. */
export interface Settings {
  /** The test command; undefined in report-only mode. */
  readonly command: string | undefined;
  /** The repository's checkout (GITHUB_WORKSPACE): report paths are mapped to its files. */
  readonly workspace: string;
  /** Absolute path where the command runs and globs are resolved. */
  readonly workingDirectory: string;
  readonly timeoutMs: number | undefined;
  /** Result-file globs, or 'auto' for the well-known report names. */
  readonly results: readonly string[] | 'auto';
  /** Coverage-file globs, or 'auto' for the names coverage tools write by default. */
  readonly coverage: readonly string[] | 'auto';
  /** Minimum line coverage of the whole project, in percent. */
  readonly coverageThreshold: number | undefined;
  /** Minimum line coverage of a pull request's changed lines, in percent. */
  readonly diffCoverageThreshold: number | undefined;
  /** The report's title; undefined means: the job's display name, looked up at run time. */
  readonly name: string | undefined;
  readonly summary: boolean;
  /** The pull-request comment: always, only when failing (kept current), or none. */
  readonly comment: CommentSetting;
  /** Annotate failing tests at their file and line. */
  readonly annotations: boolean;
  /** Upload the HTML report, the JSON report and (when something failed) service logs. */
  readonly artifact: boolean;
  /** The artifact's name; undefined: `<name>-test-report`. */
  readonly artifactName: string | undefined;
  /** Days the artifact is kept; undefined: the repository's default. */
  readonly retentionDays: number | undefined;
  readonly failOn: FailOn;
  readonly githubToken: string;
  /** Service containers to start before the command, from the `services` input. */
  readonly services: readonly ServiceSpec[];
  /** Compose files whose services are started and awaited too (absolute paths). */
  readonly composeFiles: readonly string[];
  /** Leave the services running for later steps; the post step removes them. */
  readonly keepServices: boolean;
}

export const COMMENT = ['always', 'on-failure', 'off'] as const;
export type CommentSetting = (typeof COMMENT)[number];

export const FAIL_ON = ['failures', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Reads one input's raw value as the runner passed it ('' when not given). */
export type ReadInput = (name: string) => string;

export function parseSettings(read: ReadInput, workspace: string): Settings {
  const workingDirectory = path.resolve(workspace, read('working-directory').trim() || '.');
  const command = read('command');
  const results = parseList(read('results'));
  const coverage = parseList(read('coverage'));
  return {
    command: command.trim() === '' ? undefined : command,
    workspace: path.resolve(workspace),
    workingDirectory,
    timeoutMs: parseOptionalDuration('timeout', read('timeout')),
    results: results.length === 0 ? 'auto' : results,
    coverage: coverage.length === 0 ? 'auto' : coverage,
    coverageThreshold: parseOptionalPercent('coverage-threshold', read('coverage-threshold')),
    diffCoverageThreshold: parseOptionalPercent(
      'diff-coverage-threshold',
      read('diff-coverage-threshold'),
    ),
    name: read('name').trim() || undefined,
    summary: parseBoolean('summary', read('summary'), true),
    comment: parseChoice('comment', read('comment'), COMMENT, 'always'),
    annotations: parseBoolean('annotations', read('annotations'), true),
    artifact: parseBoolean('artifact', read('artifact'), true),
    artifactName: read('artifact-name').trim() || undefined,
    retentionDays: parseOptionalDays('retention-days', read('retention-days')),
    failOn: parseChoice('fail-on', read('fail-on'), FAIL_ON, 'failures'),
    githubToken: read('github-token').trim(),
    services: parseServices(read('services'), workingDirectory),
    composeFiles: parseList(read('compose-file')).map((file) =>
      path.resolve(workingDirectory, file),
    ),
    keepServices: parseBoolean('keep-services', read('keep-services'), false),
  };
}
