import { GENERATED_PASSWORD, type Preset } from '../preset.js';
import { mysql, pingCommand } from './mysql.js';

/** MariaDB speaks MySQL's protocol: the mysql preset with MariaDB's image, variables and tools. */
export const mariadb: Preset = {
  ...mysql,
  name: 'mariadb',
  kind: 'mysql',
  image: 'mariadb:11.4',
  env: { MARIADB_ROOT_PASSWORD: GENERATED_PASSWORD, MARIADB_DATABASE: 'test' },
  // MariaDB 11 ships mariadb-admin only; 10.x has both names.
  health: pingCommand('mariadb-admin'),
};
