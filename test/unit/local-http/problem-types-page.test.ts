import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemCodes, problemSample } from '../../../infra/openapi/problem-catalog.js';
import { problemTypesPage, problemTypesSection } from '../../../local/http/problem-types-page.js';

const httpApi = readFileSync(new URL('../../../docs/http-api.md', import.meta.url), 'utf8');

describe('the problem types documentation', () => {
  it.each(problemCodes)('documents %s under its own heading, the anchor its type points to', (code) => {
    expect(problemTypesSection(httpApi).split('\n')).toContain(`### \`${code}\``);
    expect(problemSample(code).body.type).toBe(`/docs/problems#${code}`);
    expect(problemTypesPage(httpApi)).toContain(`<h2 id="${code}">`);
  });

  it('documents no code the catalogue does not have', () => {
    const headings = problemTypesSection(httpApi)
      .split('\n')
      .filter((line) => line.startsWith('### '))
      .map((line) => line.slice(4).replaceAll('`', ''));
    expect([...headings].sort()).toEqual([...problemCodes].sort());
  });
});

describe('problemTypesPage', () => {
  const markdown = ['# Doc', '', '## Problem types', '', 'Intro with `x` & <b>, see [here](/a).', '', '### `a_code`', '', '**400 Bad.** Fix it', 'then retry.', '', '## Next', '', 'not shown'].join('\n');

  it('renders only the section, with an id per heading and escaped text', () => {
    const page = problemTypesPage(markdown);
    expect(page).toContain('<h1>Problem types</h1>');
    expect(page).toContain('<p>Intro with <code>x</code> &amp; &lt;b&gt;, see <a href="/a">here</a>.</p>');
    expect(page).toContain('<h2 id="a_code"><code>a_code</code></h2>');
    expect(page).toContain('<p><strong>400 Bad.</strong> Fix it then retry.</p>');
    expect(page).not.toContain('not shown');
  });

  it('fails clearly when the document has no Problem types section', () => {
    expect(() => problemTypesSection('# Doc\n\n## Other\n')).toThrow('no "## Problem types" section');
  });
});
