import { describe, expect, it } from 'vitest';
import { isProjectRoute, matchRoute, paths, projectPageLabel, redirectFor, safeNext } from './routes.ts';

describe('client routes', () => {
  it('matches every page path, decoding ids, and ignores a trailing slash', () => {
    expect(matchRoute('/')).toEqual({ name: 'projects' });
    expect(matchRoute('/projects/p%201/')).toEqual({ name: 'project', projectId: 'p 1' });
    expect(matchRoute(paths.members('abc'))).toEqual({ name: 'members', projectId: 'abc' });
    expect(matchRoute('/invite/inv_x')).toEqual({ name: 'invite', code: 'inv_x' });
    expect(matchRoute('/projects/%E0')).toEqual({ name: 'project', projectId: '%E0' });
    expect(matchRoute('/nowhere')).toEqual({ name: 'notFound' });
  });

  it('links the reconcile view, optionally to one passage of one document', () => {
    expect(matchRoute('/projects/p1/reconcile')).toEqual({ name: 'reconcile', projectId: 'p1' });
    expect(matchRoute('/projects/p1/reconcile/')).toEqual({ name: 'reconcile', projectId: 'p1' });
    expect(paths.reconcile('p 1')).toBe('/projects/p%201/reconcile');
    const link = new URL(paths.reconcile('p1', { documentId: 'd&1', locusId: 'locus-ab' }), 'http://accord.test');
    expect(matchRoute(link.pathname)).toEqual({ name: 'reconcile', projectId: 'p1' });
    expect([link.searchParams.get('document'), link.searchParams.get('locus')]).toEqual(['d&1', 'locus-ab']);
    // A locus belongs to a document: alone it links nowhere.
    expect(paths.reconcile('p1', { locusId: 'locus-ab' })).toBe('/projects/p1/reconcile');
  });

  it('links the history, optionally filtered to a document, a person and a kind of event', () => {
    expect(matchRoute('/projects/p1/history')).toEqual({ name: 'history', projectId: 'p1' });
    expect(matchRoute('/projects/p%201/history/')).toEqual({ name: 'history', projectId: 'p 1' });
    expect(paths.history('p 1')).toBe('/projects/p%201/history');
    const link = new URL(paths.history('p1', { documentId: 'd&1', userId: 'u1', type: 'codings' }), 'http://accord.test');
    expect(matchRoute(link.pathname)).toEqual({ name: 'history', projectId: 'p1' });
    expect([link.searchParams.get('document'), link.searchParams.get('user'), link.searchParams.get('type')]).toEqual(['d&1', 'u1', 'codings']);
    expect(paths.history('p1', { documentId: null, userId: '' })).toBe('/projects/p1/history');
  });

  it('links the pathway diagrams, optionally with their settings', () => {
    expect(matchRoute('/projects/p1/pathways')).toEqual({ name: 'pathways', projectId: 'p1' });
    expect(matchRoute('/projects/p%201/pathways/')).toEqual({ name: 'pathways', projectId: 'p 1' });
    expect(paths.pathways('p 1')).toBe('/projects/p%201/pathways');
    expect(paths.pathways('p1', new URLSearchParams({ layer: 'consensus' }))).toBe('/projects/p1/pathways?layer=consensus');
    expect(paths.pathways('p1', new URLSearchParams())).toBe('/projects/p1/pathways');
  });

  it('links the coding rounds', () => {
    expect(matchRoute('/projects/p1/rounds')).toEqual({ name: 'rounds', projectId: 'p1' });
    expect(matchRoute('/projects/p%201/rounds/')).toEqual({ name: 'rounds', projectId: 'p 1' });
    expect(paths.rounds('p 1')).toBe('/projects/p%201/rounds');
    expect(matchRoute(paths.rounds('p/1'))).toEqual({ name: 'rounds', projectId: 'p/1' });
  });

  it('only returns to same-site paths after sign-in', () => {
    for (const hostile of ['//evil.example', '/\\evil.example', 'https://evil.example', '', null, undefined]) expect(safeNext(hostile)).toBe('/');
    expect(safeNext('/projects/p1')).toBe('/projects/p1');
  });

  it('sends signed-out visitors of app pages to sign in and back, and signed-in visitors past the sign-in page', () => {
    expect(redirectFor({ name: 'account' }, 'signedOut', '/account', new URLSearchParams())).toBe('/signin?next=%2Faccount');
    expect(redirectFor({ name: 'signin' }, 'signedOut', '/signin', new URLSearchParams())).toBeNull();
    expect(redirectFor({ name: 'signin' }, 'signedIn', '/signin', new URLSearchParams('next=/projects/p1'))).toBe('/projects/p1');
    expect(redirectFor({ name: 'signin' }, 'signedIn', '/signin', new URLSearchParams('next=//evil.example'))).toBe('/');
  });

  it('names every page inside a project in the breadcrumb, except the project itself and a document', () => {
    const labelOf = (path: string) => {
      const route = matchRoute(path);
      if (!isProjectRoute(route)) throw new Error(`${path} is not a project page`);
      return projectPageLabel(route);
    };
    expect(labelOf(paths.project('p1'))).toBeNull();
    expect(labelOf(paths.document('p1', 'd1'))).toBeNull();
    const pages = [paths.members, paths.settings, paths.codebook, paths.agreement, paths.reconcile, paths.pathways, paths.history, paths.rounds, paths.explore].map((path) => labelOf(path('p1')));
    expect(pages).toEqual(['Members', 'Settings', 'Codebook', 'Agreement', 'Reconcile', 'Pathways', 'History', 'Rounds', 'Explore']);
    expect(labelOf('/projects/p1/explore/matrix')).toBe('Explore');
  });
});
