import * as core from '@actions/core';
import { percentOf, twoDecimals, type Counts } from '../model/coverage.js';
import type { RunReport } from '../model/run.js';

/** The step outputs of ../shared/INTERFACE.md that this version produces. */
/** Where the report went, for the outputs that say so. */
export interface ReportLocations {
  readonly reportJson?: string;
  readonly reportHtml?: string;
  readonly commentUrl?: string;
  readonly artifactId?: number;
  readonly artifactUrl?: string;
}

export function setStepOutputs(report: RunReport, where: ReportLocations): void {
  const { totals } = report;
  core.setOutput('conclusion', report.conclusion);
  core.setOutput('exit-code', report.command ? String(report.command.exitCode) : '');
  core.setOutput('tests', totals.tests);
  core.setOutput('passed', totals.passed);
  core.setOutput('failed', totals.failed);
  core.setOutput('errored', totals.errored);
  core.setOutput('skipped', totals.skipped);
  core.setOutput('flaky', totals.flaky);
  core.setOutput('duration-ms', totals.durationMs);
  const coverage = report.coverage;
  core.setOutput('line-coverage', percentOutput(coverage?.project.totals.lines));
  core.setOutput('branch-coverage', percentOutput(coverage?.project.totals.branches));
  core.setOutput('diff-coverage', twoDecimals(coverage?.changedLines?.diffCoverage) ?? '');
  core.setOutput('report-json', where.reportJson ?? '');
  core.setOutput('report-html', where.reportHtml ?? '');
  core.setOutput('comment-url', where.commentUrl ?? '');
  core.setOutput('artifact-id', where.artifactId === undefined ? '' : String(where.artifactId));
  core.setOutput('artifact-url', where.artifactUrl ?? '');
  core.setOutput('services', JSON.stringify(servicesOutput(report)));
}

function percentOutput(counts: Counts | undefined): string {
  return twoDecimals(percentOf(counts)) ?? '';
}

/** `services`: name -> { host, ports: { "<containerPort>": hostPort }, url }, for later steps. */
function servicesOutput(report: RunReport): Record<string, unknown> {
  return Object.fromEntries(
    report.services
      .filter((service) => service.endpoint)
      .map((service) => [
        service.name,
        {
          host: service.endpoint!.host,
          ports: service.endpoint!.ports,
          url: service.endpoint!.url,
        },
      ]),
  );
}
