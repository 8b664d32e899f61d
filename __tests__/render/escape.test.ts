import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  encodePathSegment,
  escapeCommandData,
  escapeCommandProperty,
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownKeepingCode,
  fencedBlock,
  linkTarget,
} from '../../src/render/escape.js';
import { createRedactor } from '../../src/render/redact.js';
import { CMARK_MISSING, cmarkGfm, renderGfm } from '../support/cmark.js';
import { HOSTILE } from '../support/reports.js';

const WJ = '\u2060';

test('escapeMarkdown leaves no table break, emphasis, link, HTML, math or mention', () => {
  assert.equal(
    escapeMarkdown('a|b *x* _y_ [l](u) <script>&amp; @team `c` $m$\nnext'),
    `a\\|b \\*x\\* \\_y\\_ \\[l\\](u) &lt;script&gt;&amp;amp; @${WJ}team \\\`c\\\` \\$m\\$ next`,
  );
});

test('escapeMarkdown breaks autolinks and what would open a block at a line start', () => {
  assert.equal(
    escapeMarkdown('see https://x.example and WWW.y.example'),
    'see https\\://x.example and WWW\\.y.example',
  );
  assert.equal(escapeMarkdown('  # title'), '\\# title');
  assert.equal(escapeMarkdown('- item'), '\\- item');
  assert.equal(escapeMarkdown('+ item'), '\\+ item');
  assert.equal(escapeMarkdown('==='), '\\===');
  assert.equal(escapeMarkdown('12. item'), '12\\. item');
  assert.equal(escapeMarkdown('3) item'), '3\\) item');
  assert.equal(escapeMarkdown('> quote'), '&gt; quote');
});

test('escapeMarkdownKeepingCode keeps paired code spans, and escapes all otherwise', () => {
  assert.equal(
    escapeMarkdownKeepingCode('`coverage-threshold` is set, but *no* file'),
    '`coverage-threshold` is set, but \\*no\\* file',
  );
  assert.equal(escapeMarkdownKeepingCode('`a` and `b @c`'), '`a` and `b @c`');
  assert.equal(escapeMarkdownKeepingCode('odd ` tick'), 'odd \\` tick');
  assert.equal(escapeMarkdownKeepingCode('`a|b`'), '\\`a\\|b\\`');
  assert.equal(escapeMarkdownKeepingCode('``'), '\\`\\`');
});

test('escapeHtml for summary lines', () => {
  assert.equal(
    escapeHtml(`<img src=x onerror="a('@b')">\r\nnext`),
    `&lt;img src=x onerror=&quot;a(&#39;@${WJ}b&#39;)&quot;&gt; next`,
  );
});

test('fencedBlock uses a fence longer than any backtick run inside', () => {
  assert.equal(fencedBlock('a ``` b'), '````text\na ``` b\n````');
  assert.equal(fencedBlock('plain\r\nCR\rend'), '```text\nplain\nCR\nend\n```');
  assert.equal(fencedBlock('`'.repeat(100_000)).split('\n')[0], `${'`'.repeat(100_001)}text`);
});

test('link targets and path segments cannot end a Markdown link', () => {
  assert.equal(linkTarget('https://x.example/a (1)/<b>'), 'https://x.example/a%20%281%29/%3Cb%3E');
  assert.equal(encodePathSegment("dir (v2)!'*"), 'dir%20%28v2%29%21%27%2A');
});

test('workflow command escaping, as @actions/core escapes', () => {
  assert.equal(escapeCommandData('50%\r\n::x'), '50%25%0D%0A::x');
  assert.equal(escapeCommandProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
});

test(
  "hostile text renders as plain text in GitHub's renderer, wherever it is put",
  { skip: cmarkGfm ? false : CMARK_MISSING },
  () => {
    for (const text of HOSTILE) {
      const line = escapeMarkdown(text);
      const markdown = [
        line,
        `- ${line}`,
        `## ${line}`,
        `| a | b |\n|---|---|\n| ${line} | ${line} |`,
        `<details><summary>${escapeHtml(text)}</summary>\n\n${fencedBlock(text)}\n\n</details>`,
      ].join('\n\n');
      const html = renderGfm(markdown);
      assert.doesNotMatch(html, /<(script|img|h1|a|em|del|blockquote|ol)\b/, text);
      assert.equal(html.match(/<li>/g)?.length, 1, text);
      assert.equal(html.match(/<td>/g)?.length, 2, text);
      assert.equal(html.match(/<\/details>/g)?.length, 1, text);
      assert.equal(html.match(/<pre>/g)?.length, 1, text);
      assert.doesNotMatch(html.replace(/<pre>[\s\S]*<\/pre>/, ''), /@[\w-]/, text);
    }
  },
);

test('the redactor removes known secrets and passwords in URLs', () => {
  const redact = createRedactor(['hunter2-long', 'abc', '']);
  assert.equal(
    redact(
      'pw hunter2-long; mysql://root:pa:ss@db/x amqp://guest:guest@mq:5672 https://host/path@x abc',
    ),
    'pw ***; mysql://root:***@db/x amqp://guest:***@mq:5672 https://host/path@x abc',
  );
});
