import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/client';
import type { Me } from '../api/types';
import { useSession } from './Shell';
import { ErrorState, Loading } from './States';

/** Where each kind of account works. */
export function homeOf(kind: Me['kind']): string {
  return kind === 'ministry' ? '/ministry' : kind === 'staff' ? '/workspace' : '/';
}

/**
 * Renders `children(me)` for a signed-in user of the given kind; sends others to login or
 * to their own area.
 */
export function RequireAuth({ kind, children }: { kind: Me['kind']; children: (me: Me) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const me = useMe(Boolean(session));
  if (!session) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data.kind !== kind) return <Navigate to={homeOf(me.data.kind)} replace />;
  return <>{children(me.data)}</>;
}
