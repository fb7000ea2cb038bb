/**
 * True when a `Content-Type` value names JSON in UTF-8: `application/json` or a structured
 * syntax `application/<name>+json` (RFC 6839), in any letter case, with any parameters, of which
 * a `charset` must be UTF-8 (JSON's only encoding between systems, RFC 8259).
 */
export function isJsonMediaType(contentType: string): boolean {
  const [essence = '', ...parameters] = contentType.split(';');
  const mediaType = essence.trim().toLowerCase();
  if (mediaType !== 'application/json' && !(mediaType.startsWith('application/') && mediaType.endsWith('+json') && isToken(mediaType.slice(12, -5)))) {
    return false;
  }
  return parameters.every((parameter) => {
    const equals = parameter.indexOf('=');
    if (parameter.slice(0, equals === -1 ? undefined : equals).trim().toLowerCase() !== 'charset') return true;
    const charset = parameter.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    return charset === 'utf-8' || charset === 'utf8';
  });
}

// RFC 9110 token characters; '+' is excluded from the subtype's name part here.
const tokenChars = /^[!#$%&'*.^_`|~0-9a-z-]+$/;

function isToken(value: string): boolean {
  return tokenChars.test(value);
}
