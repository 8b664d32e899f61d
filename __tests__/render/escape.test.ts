import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, escapeMarkdown, fencedBlock } from '../../src/render/escape.js';
import { createRedactor } from '../../src/render/redact.js';

test('escapeMarkdown leaves no table break, emphasis, link, HTML or mention', () => {
  assert.equal(
    escapeMarkdown('a|b *x* _y_ [l](u) <script>&amp; @team `c`\nnext'),
    'a\\|b \\*x\\* \\_y\\_ \\[l\\](u) &lt;script&gt;&amp;amp; @\u200bteam \\`c\\` next',
  );
});

test('escapeHtml for summary lines', () => {
  assert.equal(
    escapeHtml(`<img src=x onerror="a('@b')">`),
    '&lt;img src=x onerror=&quot;a(&#39;@\u200bb&#39;)&quot;&gt;',
  );
});

test('fencedBlock uses a fence longer than any backtick run inside', () => {
  assert.equal(fencedBlock('a ``` b'), '````text\na ``` b\n````');
  assert.equal(fencedBlock('plain'), '```text\nplain\n```');
});

test('the redactor removes known secrets and passwords in URLs', () => {
  const redact = createRedactor(['hunter2-long', 'abc', '']);
  assert.equal(
    redact(
      'pw hunter2-long; mysql://root:pa:ss@db/x amqp://guest:guest@mq:5672 https://host/path@x abc',
    ),
    'pw ***; mysql://root:***@db/x amqp://guest:***@mq:5672 https://host/path@x abc',
  );
});
