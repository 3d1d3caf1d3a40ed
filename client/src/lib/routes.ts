import type { SessionStatus } from './session.svelte.ts';

/** The client's pages, matched from the URL path. Pure: no DOM, no state. */
export type Route =
  | { readonly name: 'projects' }
  | { readonly name: 'signin' }
  | { readonly name: 'signup' }
  | { readonly name: 'account' }
  | { readonly name: 'admin' }
  | { readonly name: 'importProject' }
  | { readonly name: 'reset'; readonly secret: string }
  | { readonly name: 'invite'; readonly code: string }
  | { readonly name: 'project'; readonly projectId: string }
  | { readonly name: 'members'; readonly projectId: string }
  | { readonly name: 'settings'; readonly projectId: string }
  | { readonly name: 'document'; readonly projectId: string; readonly documentId: string }
  | { readonly name: 'codebook'; readonly projectId: string }
  | { readonly name: 'agreement'; readonly projectId: string }
  | { readonly name: 'reconcile'; readonly projectId: string }
  | { readonly name: 'pathways'; readonly projectId: string }
  | { readonly name: 'history'; readonly projectId: string }
  | { readonly name: 'rounds'; readonly projectId: string }
  | { readonly name: 'explore'; readonly projectId: string; readonly view: ExploreView }
  | { readonly name: 'notFound' };

/** The Explore tab's views: getting coded material back out of the project. */
export const exploreViews = ['segments', 'search', 'matrix', 'memos'] as const;
export type ExploreView = (typeof exploreViews)[number];

export type ProjectRoute = Extract<Route, { projectId: string }>;

// `m` is the whole match: m[1] is the first capture.
const patterns: readonly [RegExp, (m: string[]) => Route][] = [
  [/^\/$/, () => ({ name: 'projects' })],
  [/^\/signin$/, () => ({ name: 'signin' })],
  [/^\/signup$/, () => ({ name: 'signup' })],
  [/^\/account$/, () => ({ name: 'account' })],
  [/^\/admin$/, () => ({ name: 'admin' })],
  [/^\/import$/, () => ({ name: 'importProject' })],
  [/^\/reset\/([^/]+)$/, (m) => ({ name: 'reset', secret: m[1]! })],
  [/^\/invite\/([^/]+)$/, (m) => ({ name: 'invite', code: m[1]! })],
  [/^\/projects\/([^/]+)$/, (m) => ({ name: 'project', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/members$/, (m) => ({ name: 'members', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/settings$/, (m) => ({ name: 'settings', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/documents\/([^/]+)$/, (m) => ({ name: 'document', projectId: m[1]!, documentId: m[2]! })],
  [/^\/projects\/([^/]+)\/codebook$/, (m) => ({ name: 'codebook', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/agreement$/, (m) => ({ name: 'agreement', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/reconcile$/, (m) => ({ name: 'reconcile', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/pathways$/, (m) => ({ name: 'pathways', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/history$/, (m) => ({ name: 'history', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/rounds$/, (m) => ({ name: 'rounds', projectId: m[1]! })],
  [/^\/projects\/([^/]+)\/explore$/, (m) => ({ name: 'explore', projectId: m[1]!, view: 'segments' })],
  [/^\/projects\/([^/]+)\/explore\/(segments|search|matrix|memos)$/, (m) => ({ name: 'explore', projectId: m[1]!, view: m[2] as ExploreView })],
];

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [pattern, build] of patterns) {
    const match = pattern.exec(path);
    if (match) return build(match.map(safeDecode));
  }
  return { name: 'notFound' };
}

/** A malformed escape (`/projects/%E0`) is kept as typed: the server then answers "not found". */
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch (error) {
    if (error instanceof URIError) return part;
    throw error;
  }
}

export function isProjectRoute(route: Route): route is ProjectRoute {
  return 'projectId' in route;
}

/**
 * What the breadcrumb calls a page inside a project, after the project's name (the same words as
 * the project's tabs). Null for the project's own page, and for a document, whose name the coding
 * view's switcher shows.
 */
export function projectPageLabel(route: ProjectRoute): string | null {
  switch (route.name) {
    case 'project':
    case 'document':
      return null;
    case 'members':
      return 'Members';
    case 'settings':
      return 'Settings';
    case 'codebook':
      return 'Codebook';
    case 'agreement':
      return 'Agreement';
    case 'reconcile':
      return 'Reconcile';
    case 'pathways':
      return 'Pathways';
    case 'history':
      return 'History';
    case 'rounds':
      return 'Rounds';
    case 'explore':
      return 'Explore';
  }
}

/** Pages a signed-out visitor may see; every other page sends them to sign in first. */
export function isPublicRoute(route: Route): boolean {
  return route.name === 'signin' || route.name === 'signup' || route.name === 'invite' || route.name === 'reset' || route.name === 'notFound';
}

/** Only same-site paths may be returned to after sign-in, so `?next=` cannot send anyone elsewhere. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export function withNext(path: '/signin' | '/signup', next: string): string {
  return next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`;
}

/**
 * Where the access rules send a visitor instead, or null to stay: signed-out visitors to app pages
 * go to sign in (and come back via `?next=`); signed-in visitors to sign-in pages go on to `next`.
 */
export function redirectFor(route: Route, status: SessionStatus, location: string, search: URLSearchParams): string | null {
  if (status === 'signedOut' && !isPublicRoute(route)) return withNext('/signin', location);
  if (status === 'signedIn' && (route.name === 'signin' || route.name === 'signup')) return safeNext(search.get('next'));
  return null;
}

export const paths = {
  projects: () => '/',
  /** A REFI-QDA project file (.qdpx) imported as a new project. */
  importProject: () => '/import',
  project: (id: string) => `/projects/${encodeURIComponent(id)}`,
  members: (id: string) => `/projects/${encodeURIComponent(id)}/members`,
  settings: (id: string) => `/projects/${encodeURIComponent(id)}/settings`,
  document: (id: string, documentId: string) => `/projects/${encodeURIComponent(id)}/documents/${encodeURIComponent(documentId)}`,
  codebook: (id: string) => `/projects/${encodeURIComponent(id)}/codebook`,
  agreement: (id: string) => `/projects/${encodeURIComponent(id)}/agreement`,
  /** The reconcile view; with a document and a locus it is a link to that passage. */
  reconcile: (id: string, at: { documentId?: string | null; locusId?: string | null } = {}) => {
    const query = new URLSearchParams();
    if (at.documentId) query.set('document', at.documentId);
    if (at.documentId && at.locusId) query.set('locus', at.locusId);
    const search = query.toString();
    return `/projects/${encodeURIComponent(id)}/reconcile${search ? `?${search}` : ''}`;
  },
  /** The pathway diagrams; `search` is the page's settings as the address keeps them (`writePathwaySettings`). */
  pathways: (id: string, search: URLSearchParams | null = null) => {
    const query = search?.toString() ?? '';
    return `/projects/${encodeURIComponent(id)}/pathways${query ? `?${query}` : ''}`;
  },
  /** The coding history; with a document, a person (user id) or a kind of event it opens filtered to them. */
  history: (id: string, filter: { documentId?: string | null; userId?: string | null; type?: 'codings' | 'codebook' | 'reverts' | null } = {}) => {
    const query = new URLSearchParams();
    if (filter.documentId) query.set('document', filter.documentId);
    if (filter.userId) query.set('user', filter.userId);
    if (filter.type) query.set('type', filter.type);
    const search = query.toString();
    return `/projects/${encodeURIComponent(id)}/history${search ? `?${search}` : ''}`;
  },
  /** The coding rounds: blind coding, the reveal, reconciliation and locking, per set of documents. */
  rounds: (id: string) => `/projects/${encodeURIComponent(id)}/rounds`,
  /** The Explore tab: coded segments, search, matrix or memos; `search` is the view's filters as the address keeps them. */
  explore: (id: string, view: ExploreView = 'segments', search: URLSearchParams | null = null) => {
    const query = search?.toString() ?? '';
    return `/projects/${encodeURIComponent(id)}/explore/${view}${query ? `?${query}` : ''}`;
  },
  account: () => '/account',
  /** Server administration (accounts, sign-up mode): the administrator only. */
  admin: () => '/admin',
} as const;
