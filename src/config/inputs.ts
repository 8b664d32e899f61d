import * as core from '@actions/core';
import { parseSettings, type Settings } from './config.js';

/** The only place that reads the action's inputs. */
export function readSettings(): Settings {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  return parseSettings((name) => core.getInput(name), workspace);
}
