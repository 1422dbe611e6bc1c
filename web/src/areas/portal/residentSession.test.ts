import { describe, expect, it } from 'vitest';
import { nextQuery, returnPath } from './residentSession';

describe('returnPath (?next= after the resident signs in)', () => {
  const slug = 'leishan-522634';
  it('goes back to a page of the same district portal, query kept', () => {
    expect(returnPath(slug, nextQuery('/t/leishan-522634/consultations'))).toBe(
      '/t/leishan-522634/consultations',
    );
    expect(returnPath(slug, nextQuery('/t/leishan-522634/services?category=employment'))).toBe(
      '/t/leishan-522634/services?category=employment',
    );
  });
  it('never to another site, another district or the identity pages', () => {
    for (const next of [
      'https://evil.example/t/leishan-522634/',
      '//evil.example/t/leishan-522634/',
      '/t/leishan-522634//evil.example',
      '/t/leishan-522634/\\evil',
      '/t/yuhang-330110/consultations',
      '/t/leishan-522634/login',
      '/t/leishan-522634/signup?next=x',
      '/workspace',
    ])
      expect(returnPath(slug, nextQuery(next)), next).toBeNull();
    expect(returnPath(slug, '')).toBeNull();
  });
});
