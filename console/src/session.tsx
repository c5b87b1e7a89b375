/**
 * @module The signed-in user: read once from `GET /api/v1/session` (which also gives the CSRF
 * token for writes), shared through context. Pages inside {@link RequireSession} always have a
 * user; without a session the console goes to /login, or to /setup while no admin exists.
 */
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { api, isUnauthorized, setCsrf } from './api.js';
import { adoptUserLang } from './i18n.js';
import type { Role, Session } from './types.js';
import { Loading, Failure } from './ui.js';

const SessionContext = createContext<Session | undefined>(undefined);
export const SESSION_KEY = ['session'] as const;

const RANK: Record<Role, number> = { viewer: 0, responder: 1, editor: 2, admin: 3 };

/** True when `role` may do what `needed` may. */
export function can(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

export function useSession(): Session | undefined {
  return useContext(SessionContext);
}

/** The session, or null when there is none (401). */
async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api<Session>('/api/v1/session');
    setCsrf(session.csrf);
    return session;
  } catch (err) {
    if (isUnauthorized(err)) {
      setCsrf(undefined);
      return null;
    }
    throw err;
  }
}

/**
 * Set by a deliberate log-out: the guard then sends to the plain sign-in page instead of one that
 * sends back to the page the user left. Cleared by the next sign-in.
 */
let loggedOut = false;

/** Records a deliberate log-out (see {@link RequireSession}). */
export function markLoggedOut(): void {
  loggedOut = true;
}

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: 1 });
}

/** Stores the answer of a login or setup, so the console is signed in without another request. */
export function useSignedIn(): (session: Session) => void {
  const client = useQueryClient();
  return (session) => {
    loggedOut = false;
    setCsrf(session.csrf);
    client.setQueryData(SESSION_KEY, session);
  };
}

/** Whether setup is still needed (no admin yet). */
export function useSetupNeeded(enabled: boolean) {
  return useQuery({ queryKey: ['setup'], queryFn: () => api<{ needed: boolean }>('/api/v1/setup'), enabled, staleTime: 60_000 });
}

/** Renders its children with a session; otherwise sends the user to sign in (or to setup). */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSessionQuery();
  const location = useLocation();
  const signedOut = session.data === null;
  const setup = useSetupNeeded(signedOut);
  useEffect(() => {
    if (session.data) adoptUserLang(session.data.user.language);
  }, [session.data]);

  if (session.isPending) return <Loading />;
  if (session.isError) return <Failure error={session.error} onRetry={() => void session.refetch()} />;
  if (session.data) return <SessionContext.Provider value={session.data}>{children}</SessionContext.Provider>;
  if (setup.isPending) return <Loading />;
  if (setup.data?.needed) return <Navigate to="/setup" replace />;
  const next = `${location.pathname}${location.search}`;
  if (loggedOut || next === '/') return <Navigate to="/login" replace />;
  return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
}
