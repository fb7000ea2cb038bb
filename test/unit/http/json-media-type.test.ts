import { describe, expect, it } from 'vitest';
import { isJsonMediaType } from '../../../lambda/http/json-media-type.js';

describe('isJsonMediaType', () => {
  it.each([
    'application/json',
    'Application/JSON',
    'application/json; charset=utf-8',
    'application/json;charset="UTF-8"',
    'application/json; profile=x',
    'application/problem+json',
    'application/vnd.example.v1+json; charset=utf-8',
  ])('accepts %s', (value) => {
    expect(isJsonMediaType(value)).toBe(true);
  });

  it.each([
    '',
    'text/plain',
    'text/json',
    'application/x-www-form-urlencoded',
    'application/jsonx',
    'application/+json',
    'application/json; charset=utf-16',
    'application/json; charset=iso-8859-1',
    'multipart/form-data; boundary=x',
  ])('refuses %j', (value) => {
    expect(isJsonMediaType(value)).toBe(false);
  });
});
