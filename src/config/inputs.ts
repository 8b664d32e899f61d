import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseSettings, type Settings } from './config.js';
import { InputError } from './values.js';
import { loadYaml } from '../vendor/yaml.js';

/** The only place that reads the action's inputs. */
export async function readSettings(): Promise<Settings> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  // The services input is YAML: the library is loaded only by runs that have one.
  if (core.getInput('services').trim() !== '') await loadYaml();
  const settings = parseSettings((name) => core.getInput(name), workspace);
  for (const file of settings.composeFiles) {
    if (!existsSync(file)) {
      const shown = path.relative(settings.workingDirectory, file);
      throw new InputError(
        'compose-file',
        `"${shown}" does not exist in ${settings.workingDirectory}`,
      );
    }
  }
  return settings;
}
