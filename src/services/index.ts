/** The services stage, loaded as one piece by runs that have services. */
export { removeComposeProject, startComposeServices } from './compose.js';
export { DockerCli } from './docker-cli.js';
export { startServices } from './start-services.js';
