import { Token } from 'cdktf';
import {
  alloyCommentProblem, alloyNumber, alloyObjectKey, isAlloyDottedName, isAlloyIdentifier, quoteAlloyString, rawAlloyString, toAlloyIdentifier,
} from '../../lib/collector/alloy-syntax';
import { parseAlloy, plain } from './support/alloy-parser';

/** What Alloy reads back from `literal` (a rendered string), through the test parser. */
function readBack(literal: string): unknown {
  const [statement] = parseAlloy(`x = ${literal}\n`);
  return statement.kind === 'attribute' ? plain(statement.value) : undefined;
}

describe('Alloy identifiers', () => {
  test.each(['team_a', '_1st', 'A', 'pods', 'nulls'])('%s is an identifier', (s) => {
    expect(isAlloyIdentifier(s)).toBe(true);
  });

  test.each(['team-a', '1st', '', 'true', 'false', 'null', 'a.b', 'é', 'a b'])('%j is not an identifier', (s) => {
    expect(isAlloyIdentifier(s)).toBe(false);
  });

  test.each([
    ['team-a', 'team_a'],
    ['team_a', 'team_a'],
    ['1st', '_1st'],
    ["o'brien.(x)*", 'o_brien__x__'],
    ['null', '_null'],
    ['TEAM', 'TEAM'],
  ])('toAlloyIdentifier(%j) is %j, as Alloy sanitizes', (input, expected) => {
    expect(toAlloyIdentifier(input)).toBe(expected);
    expect(isAlloyIdentifier(expected)).toBe(true);
  });

  test('fails if the name is empty or a token', () => {
    expect(() => toAlloyIdentifier('')).toThrow(/cannot make an Alloy identifier/);
    expect(() => toAlloyIdentifier(Token.asString({ Ref: 'x' }))).toThrow(/token/);
  });

  test('dotted names are identifiers joined by dots', () => {
    expect(isAlloyDottedName('stage.cri')).toBe(true);
    expect(isAlloyDottedName('prometheus.remote_write')).toBe(true);
    expect(isAlloyDottedName('stage..cri')).toBe(false);
    expect(isAlloyDottedName('stage.true')).toBe(false);
  });
});

describe('Alloy strings', () => {
  test.each([
    ['plain', '"plain"'],
    ['a "quote"', '"a \\"quote\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['two\nlines\tand\rreturn', '"two\\nlines\\tand\\rreturn"'],
    ['bell\x07 and del\x7f', '"bell\\x07 and del\\x7f"'],
    ['ünïcode ✓', '"ünïcode ✓"'],
  ])('quotes %j with Go escapes', (text, literal) => {
    expect(quoteAlloyString(text)).toBe(literal);
    expect(readBack(literal)).toBe(text);
  });

  test.each([
    ['{{ .Values.x }}', '"{\\x7b .Values.x }}"'],
    ['{{{', '"{\\x7b\\x7b"'],
    ['${var.x}', '"\\x24{var.x}"'],
    ['%{if x}', '"\\x25{if x}"'],
    ['$$', '"\\x24$"'],
    ['$1:$2 and 100%', '"$1:$2 and 100%"'],
  ])('writes the template opening in %j as a hex escape, so Helm and Terraform leave it alone', (text, literal) => {
    const quoted = quoteAlloyString(text);
    expect(quoted).toBe(literal);
    expect(quoted).not.toMatch(/\{\{|\$\{|%\{/);
    expect(readBack(quoted)).toBe(text);
  });

  test('keeps a cdktf token as it is, for cdktf to resolve, and escapes around it', () => {
    const token = Token.asString({ Ref: 'var.loki_url' });
    const quoted = quoteAlloyString(`$${token}/loki {{`);
    expect(quoted).toBe(`"\\x24${token}/loki {\\x7b"`);
  });

  test('raw strings keep a regular expression as written', () => {
    expect(rawAlloyString('(.+?)(?::\\d+)?;(\\d+)')).toBe('`(.+?)(?::\\d+)?;(\\d+)`');
    expect(readBack(rawAlloyString('(.+?)(?::\\d+)?;(\\d+)'))).toBe('(.+?)(?::\\d+)?;(\\d+)');
    expect(rawAlloyString('a\nb')).toBe('`a\nb`');
  });

  test.each(['has `backtick`', 'tpl {{ x }}', 'tf ${x}', 'dir %{x}', 'nul\x00'])('a raw string that cannot be raw (%j) is quoted instead', (text) => {
    const literal = rawAlloyString(text);
    expect(literal.startsWith('"')).toBe(true);
    expect(readBack(literal)).toBe(text);
  });
});

describe('Alloy object keys, numbers and comments', () => {
  test('a key is bare when it is an identifier, quoted otherwise', () => {
    expect(alloyObjectKey('cluster')).toBe('cluster');
    expect(alloyObjectKey('X-Scope-OrgID')).toBe('"X-Scope-OrgID"');
    expect(alloyObjectKey('app.kubernetes.io/name')).toBe('"app.kubernetes.io/name"');
  });

  test.each(['', 'a"b', 'a\\b', 'a\nb', 'x{{', 'x${', '%{x'])('fails if a key needs an escape or is a template (%j)', (key) => {
    expect(() => alloyObjectKey(key)).toThrow(/object key/);
  });

  test('numbers are finite and plain', () => {
    expect(alloyNumber(4317)).toBe('4317');
    expect(alloyNumber(0.5)).toBe('0.5');
    expect(alloyNumber(-3)).toBe('-3');
    expect(() => alloyNumber(Number.NaN)).toThrow(/cannot be an Alloy number/);
    expect(() => alloyNumber(Infinity)).toThrow(/cannot be an Alloy number/);
    expect(() => alloyNumber(1e21)).toThrow(/cannot be an Alloy number/);
    expect(() => alloyNumber(Token.asNumber({ Ref: 'x' }))).toThrow(/cannot be an Alloy number/);
  });

  test('comments cannot hold what nothing could escape', () => {
    expect(alloyCommentProblem('Metrics of tenant team-a.')).toBeUndefined();
    expect(alloyCommentProblem('{{ x }}')).toMatch(/cannot hold/);
    expect(alloyCommentProblem('${x}')).toMatch(/cannot hold/);
    expect(alloyCommentProblem('end */')).toMatch(/cannot hold/);
    expect(alloyCommentProblem('bell\x07')).toMatch(/control/);
  });
});
