import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { XmlSyntaxError, XmlTokenizer } from '../../src/parsers/xml-stream.js';

/** Everything the tokenizer reports, adjacent texts joined, as one list of readable events. */
function tokenize(chunks: readonly string[]): string[] {
  const events: string[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') events.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  const tokenizer = new XmlTokenizer({
    openTag(name, attributes, selfClosing) {
      flush();
      events.push(`open ${name} ${JSON.stringify(attributes)}${selfClosing ? ' /' : ''}`);
    },
    closeTag(name) {
      flush();
      events.push(`close ${name}`);
    },
    text(piece) {
      text += piece;
    },
    doctype(declaration) {
      flush();
      events.push(`doctype ${declaration}`);
    },
  });
  for (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.end();
  flush();
  return events;
}

/** The document cut at every position into two chunks, and into chunks of 1, 2 and 7. */
function everySplit(xml: string): string[][] {
  const splits: string[][] = [[xml]];
  for (let at = 1; at < xml.length; at++) splits.push([xml.slice(0, at), xml.slice(at)]);
  for (const size of [1, 2, 7]) {
    const chunks: string[] = [];
    for (let at = 0; at < xml.length; at += size) chunks.push(xml.slice(at, at + size));
    splits.push(chunks);
  }
  return splits;
}

function failure(chunks: readonly string[]): XmlSyntaxError {
  try {
    tokenize(chunks);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return error;
    throw error;
  }
  assert.fail(`no error for ${JSON.stringify(chunks.join(''))}`);
}

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <tags> & ampersands -->
<testsuites name="all &amp; more">
  <testsuite name='quoted "double"' tests="2">
    <testcase name="a &lt; b &#x263A; &#65;" time="1.5"/>
    <testcase classname="C"
              name="multi
line">
      <failure message="x&gt;y">stack &amp; trace<![CDATA[ raw <b>&amp;</b> ]]>tail</failure>
      <system-out>line 1\r\nline 2</system-out>
    </testcase>
  </testsuite>
</testsuites>
`;

describe('XML stream tokenizer', () => {
  test('tags, attributes, entities, CDATA and line ends, as XML defines them', () => {
    const whitespace = (event: string) =>
      event.startsWith('text ') && (JSON.parse(event.slice(5)) as string).trim() === '';
    const events = tokenize([DOCUMENT]).filter((event) => !whitespace(event));
    assert.deepEqual(events, [
      'open testsuites {"name":"all & more"}',
      'open testsuite {"name":"quoted \\"double\\"","tests":"2"}',
      'open testcase {"name":"a < b ☺ A","time":"1.5"} /',
      // A literal line end in an attribute value reads as a space (attribute-value normalization).
      'open testcase {"classname":"C","name":"multi line"}',
      'open failure {"message":"x>y"}',
      // CDATA is taken as written: no entity in it is decoded.
      'text "stack & trace raw <b>&amp;</b> tail"',
      'close failure',
      'open system-out {}',
      'text "line 1\\nline 2"',
      'close system-out',
      'close testcase',
      'close testsuite',
      'close testsuites',
    ]);
  });

  test('any split of the document into chunks gives the same events', () => {
    const whole = tokenize([DOCUMENT]);
    for (const chunks of everySplit(DOCUMENT)) {
      assert.deepEqual(tokenize(chunks), whole, JSON.stringify(chunks.map((c) => c.length)));
    }
  });

  test('a DOCTYPE is handed to the caller, internal subset and all, and never expanded', () => {
    const xml = '<!DOCTYPE r [<!ENTITY a "x">]><r/>';
    for (const chunks of everySplit(xml)) {
      assert.deepEqual(tokenize(chunks), ['doctype DOCTYPE r [<!ENTITY a "x">]', 'open r {} /']);
    }
    // Declared or not, an entity other than the five predefined ones is an error, not a lookup.
    assert.match(
      failure(['<!DOCTYPE r [<!ENTITY a "x">]><r>&a;</r>']).message,
      /undefined entity &a;/,
    );
  });

  const malformed: [string, string, RegExp, number][] = [
    ['mismatched close tag', '<a>\n<b>\n</c></a>', /<\/c> closes <b>/, 3],
    ['close tag with nothing open', '<a/>\n</a>', /unexpected close tag <\/a>/, 2],
    ['two roots', '<a/>\n<b/>', /more than one root element/, 2],
    ['text after the root', '<a/>\nhello', /text outside the root element/, 2],
    ['unquoted attribute', '<a x=1/>', /unquoted attribute value/, 1],
    ['attribute without value', '<a x/>', /attribute without value/, 1],
    ['duplicate attribute', '<a x="1" x="2"/>', /duplicate attribute x/, 1],
    ['no space between attributes', '<a x="1"y="2"/>', /no whitespace between attributes/, 1],
    [
      '< in an attribute value',
      '<a\nx="1 < 2"/>',
      /^disallowed character '<' in an attribute value/,
      2,
    ],
    ['bare ampersand', '<a>\nfish & chips</a>', /^disallowed character: '&'/, 2],
    ['unknown entity', '<a>&nbsp;</a>', /undefined entity &nbsp;/, 1],
    ['bad character reference', '<a>&#xZZ;</a>', /malformed character reference/, 1],
    ['control character', '<a>\n\n\u0001</a>', /^disallowed character U\+0001/, 3],
    ['non-character', '<a>\uFFFE</a>', /^disallowed character U\+FFFE/, 1],
    ['bad tag name', '<a><1b/></a>', /disallowed character in tag name/, 1],
    ['no root at all', '<!-- nothing -->\n', /there is no root element/, 2],
    ['truncated element', '<a>\n<b>text', /ends before <a>, <b> are closed \(truncated\?\)/, 2],
    ['truncated tag', '<a>\n<b name="x', /ends before <a>, <b> are closed/, 2],
    ['truncated CDATA', '<a><![CDATA[abc', /ends before <a> is closed/, 1],
    ['truncated comment', '<a/><!-- abc', /ends inside markup/, 1],
  ];
  for (const [what, xml, reason, line] of malformed) {
    test(`${what}: an error with its line, however the file is cut`, () => {
      for (const chunks of everySplit(xml)) {
        const error = failure(chunks);
        assert.match(error.message, reason, JSON.stringify(chunks));
        assert.equal(error.line, line, `${error.message} ${JSON.stringify(chunks)}`);
      }
    });
  }

  test('a value as long as many chunks is read once it is complete, not dropped or split', () => {
    const value = 'v'.repeat(200_000);
    const xml = `<a x="${value}">${'t'.repeat(100_000)}<![CDATA[${'c'.repeat(100_000)}]]></a>`;
    const chunks: string[] = [];
    for (let at = 0; at < xml.length; at += 4096) chunks.push(xml.slice(at, at + 4096));
    const events = tokenize(chunks);
    assert.equal(events.length, 3);
    assert.equal(events[0], `open a ${JSON.stringify({ x: value })}`);
    assert.equal(events[1], `text ${JSON.stringify('t'.repeat(100_000) + 'c'.repeat(100_000))}`);
  });

  test('values repeated from the previous element are the same text, entities decoded once', () => {
    const values: string[] = [];
    const tokenizer = new XmlTokenizer({
      openTag: (_name, attributes) => values.push(attributes.c ?? ''),
      closeTag: () => undefined,
      text: () => undefined,
      doctype: () => undefined,
    });
    tokenizer.write(
      '<r><t c="a &amp; b"/><t c="a &amp; b"/><t c="a &amp; c"/><t c="a &amp; b"/></r>',
    );
    tokenizer.end();
    assert.deepEqual(values.slice(1), ['a & b', 'a & b', 'a & c', 'a & b']);
  });

  test('what is remembered of the previous element never lends its name or value to another', () => {
    // Same element, attributes reordered or renamed at the same place; another element with
    // the same attribute; an attribute name that starts like the previous one.
    const xml =
      '<r><t a="x" b="y"/><t b="x" a="z"/><t ab="x" a="y&amp;"/><u a="x"/><t a="y" b="y"/></r>';
    for (const chunks of everySplit(xml)) {
      assert.deepEqual(tokenize(chunks), [
        'open r {}',
        'open t {"a":"x","b":"y"} /',
        'open t {"b":"x","a":"z"} /',
        'open t {"ab":"x","a":"y&"} /',
        'open u {"a":"x"} /',
        'open t {"a":"y","b":"y"} /',
        'close r',
      ]);
    }
  });
});
