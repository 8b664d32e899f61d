import type { Preset, PresetName } from '../preset.js';
import { elasticsearch } from './elasticsearch.js';
import { mailpit } from './mailpit.js';
import { mariadb } from './mariadb.js';
import { mongodb } from './mongodb.js';
import { mysql } from './mysql.js';
import { postgres } from './postgres.js';
import { rabbitmq } from './rabbitmq.js';
import { redis } from './redis.js';
import { s3 } from './s3.js';
import { wiremock } from './wiremock.js';

/** Every preset by the name users write; TypeScript makes sure none is missing. */
export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  postgres,
  mysql,
  mariadb,
  redis,
  rabbitmq,
  mongodb,
  s3,
  elasticsearch,
  mailpit,
  wiremock,
};
