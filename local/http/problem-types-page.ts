/**
 * The page every problem `type` points to (`/docs/problems#<code>`): the "Problem types" section
 * of docs/http-api.md as HTML, one element with `id="<code>"` per `### \`code\`` heading, so the
 * fragment lands on it. It renders only what that section uses: headings, paragraphs, `code` and
 * **bold** spans, [links](…); everything else is shown as escaped text.
 */

const sectionHeading = '## Problem types';

/** The "Problem types" section of `markdown`, up to the next `## ` heading. @throws Error when it has none. */
export function problemTypesSection(markdown: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === sectionHeading);
  if (start === -1) throw new Error(`docs/http-api.md has no "${sectionHeading}" section`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

/** The HTML page of the "Problem types" section of `markdown`. */
export function problemTypesPage(markdown: string): string {
  const blocks = problemTypesSection(markdown)
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
  const body = blocks.map(renderBlock).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Problem types — idempotent payments API</title>
</head>
<body>
${body}
</body>
</html>
`;
}

function renderBlock(block: string): string {
  if (block.startsWith('### ')) {
    const text = block.slice(4).trim();
    const id = text.replaceAll('`', '');
    return `<h2 id="${escape(id)}">${inline(text)}</h2>`;
  }
  if (block.startsWith('## ')) return `<h1>${inline(block.slice(3).trim())}</h1>`;
  return `<p>${inline(block.replace(/\s*\n\s*/g, ' '))}</p>`;
}

function inline(text: string): string {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
