import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, escapeXmlText, toXsdDecimal } from './xml-text.ts';

describe('XML escaping', () => {
  it('escapes markup, keeps carriage returns and attribute line breaks as references', () => {
    expect(escapeXmlText('a < b & c > d\r\n')).toBe('a &lt; b &amp; c &gt; d&#13;\n');
    expect(escapeXmlAttribute('"x"\t\n\r<&>')).toBe('&quot;x&quot;&#9;&#10;&#13;&lt;&amp;&gt;');
  });

  it('replaces characters XML cannot hold (controls, lone surrogates) and keeps emoji', () => {
    expect(escapeXmlText('a\u0001b\u0008\ud800c\udc00d\uffff😀')).toBe('a\ufffdb\ufffd\ufffdc\ufffdd\ufffd😀');
  });
});

describe('toXsdDecimal', () => {
  it('writes numbers JavaScript prints with an exponent as plain decimals', () => {
    expect(toXsdDecimal(1.5e-7)).toBe('0.00000015');
    expect(toXsdDecimal(-2.5e21)).toBe('-2500000000000000000000');
    expect(toXsdDecimal(12.5)).toBe('12.5');
    for (const n of [1e-7, 3.14159e-12, 6.02e23, -1e21, 0.1, 42]) expect(Number(toXsdDecimal(n))).toBe(n);
  });
});
