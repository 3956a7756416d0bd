import { Token } from 'cdktf';
import { helmTplLiteral, mapStrings, terraformLiteral } from '../../lib/grafana/private/templating';

describe('terraformLiteral', () => {
  test("escapes Grafana's ${...} and a template directive so Terraform renders them as written", () => {
    expect(terraformLiteral('${POD_IP}:9094')).toBe('$${POD_IP}:9094');
    // Grafana's `$${__value.raw}` (a literal $ before ${) stays that after Terraform renders it.
    expect(terraformLiteral('$${__value.raw}')).toBe('$$${__value.raw}');
    expect(terraformLiteral('100%{x}')).toBe('100%%{x}');
  });

  test('leaves text without ${ or %{ alone, Grafana file and env references included', () => {
    for (const s of ['$__file{/etc/x}', '$__env{A}', 'sum(x{$$__tags}[5m])', '50%', 'a$b']) {
      expect(terraformLiteral(s)).toBe(s);
    }
  });

  test('keeps a cdktf token, which Terraform must resolve, and escapes the literal beside it', () => {
    const token = Token.asString({ ref: 1 });
    expect(Token.isUnresolved(token)).toBe(true);
    expect(terraformLiteral(`${token}:5432 \${POD_IP}`)).toBe(`${token}:5432 $\${POD_IP}`);
  });
});

describe('helmTplLiteral', () => {
  test('wraps text with {{ in a raw template string, so tpl renders it unchanged', () => {
    expect(helmTplLiteral('{{ .password }}')).toBe('{{`{{ .password }}`}}');
    expect(helmTplLiteral('plain {single} braces')).toBe('plain {single} braces');
  });

  test('uses an interpreted string when the text has a backtick', () => {
    expect(helmTplLiteral('{{ `x` }}')).toBe('{{ "{{ `x` }}" }}');
  });

  test('mapStrings reaches every string of a tree, keys included, without changing the input', () => {
    const input = { a: ['{{x}}', 1, { '{{k}}': true }] };
    expect(mapStrings(input, helmTplLiteral)).toEqual({ a: ['{{`{{x}}`}}', 1, { '{{`{{k}}`}}': true }] });
    expect(input).toEqual({ a: ['{{x}}', 1, { '{{k}}': true }] });
  });
});
