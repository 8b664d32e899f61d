import * as github from '@actions/github';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

/** API calls never hold up the step for long: the report matters more than any one call. */
export const API_TIMEOUT_MS = 15_000;

export function createGitHubClient(token: string): GitHubClient {
  return github.getOctokit(token, {
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: 'integration-test-action',
  });
}
