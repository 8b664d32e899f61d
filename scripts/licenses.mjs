// Writes dist/<entry>/licenses.txt from ncc's webpack stats: every third-party package bundled
// into any chunk, lazily loaded ones included. (ncc's own --license writes the packages of the
// last chunk it emits only, so a lazy chunk hid the main bundle's licences.)
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Package directories of the modules in the stats, nested modules included. */
function packageDirectories(stats) {
  const directories = new Set();
  const visit = (modules) => {
    for (const module of modules ?? []) {
      const resource = (module.identifier ?? '').split('!').pop().split('|').pop();
      const at = resource.lastIndexOf('node_modules/');
      if (at >= 0) {
        const parts = resource.slice(at + 'node_modules/'.length).split('/');
        const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
        directories.add(resource.slice(0, at + 'node_modules/'.length) + name);
      }
      visit(module.modules);
    }
  };
  visit(stats.modules);
  for (const chunk of stats.chunks ?? []) visit(chunk.modules);
  return directories;
}

function licenseText(directory) {
  const file = readdirSync(directory).find((name) => /^(licen[sc]e|copying)(\.|$)/i.test(name));
  return file ? readFileSync(path.join(directory, file), 'utf8').trim() : undefined;
}

export function writeLicenses(statsFile, outFile) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  const entries = new Map();
  for (const directory of packageDirectories(stats)) {
    const manifest = path.join(directory, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    if (pkg.name === '@vercel/ncc') continue; // its loaders, not bundled code
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? '');
    const key = `${pkg.name}\n${license}`;
    if (!entries.has(key)) entries.set(key, licenseText(directory));
  }
  const text = [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, body]) => (body ? `${key}\n${body}` : key))
    .join('\n\n');
  if (entries.size > 0) writeFileSync(outFile, `${text}\n`);
  return entries.size;
}
